/** ISO/IEC 9797-1 padding methods 1 (zeros) and 2 (0x80 then zeros), to whole blocks. */
export type PaddingMethod = 1 | 2;

/**
 * Pads `data` to a multiple of `size`. Method 1 adds no block to data that
 * already fills its last block, except that empty data becomes one zero
 * block; method 2 always adds at least the 0x80 byte.
 */
export function padIso9797(data: Uint8Array, size: number, method: PaddingMethod): Uint8Array {
  const base = method === 2 ? data.length + 1 : data.length;
  const length = Math.max(size, Math.ceil(base / size) * size);
  const out = new Uint8Array(length);
  out.set(data);
  if (method === 2) out[data.length] = 0x80;
  return out;
}
