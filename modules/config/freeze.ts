/**
 * Freezes a configuration and every plain object and list in it. Byte
 * arrays are left as they are: a typed array with elements cannot be
 * frozen.
 */
export function freezeConfig<T>(value: T): T {
  if (typeof value !== "object" || value === null || ArrayBuffer.isView(value) || Object.isFrozen(value)) return value;
  for (const key of Object.keys(value)) freezeConfig((value as Record<string, unknown>)[key]);
  return Object.freeze(value);
}
