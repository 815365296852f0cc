/**
 * Freezes a configuration and every plain object and list in it. Byte
 * arrays are left as they are: a typed array with elements cannot be
 * frozen.
 */
export function freezeConfig<T extends object>(config: T): T {
  freezeDeep(config);
  return config;
}

function freezeDeep(value: unknown): void {
  if (typeof value !== "object" || value === null || ArrayBuffer.isView(value) || Object.isFrozen(value)) return;
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    freezeDeep((value as Record<string, unknown>)[key]);
  }
  Object.freeze(value);
}
