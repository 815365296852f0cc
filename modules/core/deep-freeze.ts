/**
 * Freezes `value` and every plain object and list in it, for data made
 * once and never changed (a configuration, a fixed screen). On the board
 * such data is made while the image is linked, and XS keeps a RAM
 * pointer for each preloaded object left unfrozen. Byte arrays are left
 * as they are: a typed array with elements cannot be frozen.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || ArrayBuffer.isView(value) || Object.isFrozen(value)) return value;
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return Object.freeze(value);
}
