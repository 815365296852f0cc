/** The records the file flash child writes: what both sides of the kill test agree on. */
// small enough that the child wraps the ring and compacts many times in a second
export const GEOMETRY = { blocks: 8, blockSize: 1024 };
export const RECORD = 1;
export const SNAPSHOT = 2;

/** Record `index`: its index (4 bytes, little-endian), then 0-89 bytes that depend on it. */
export function recordFor(index: number): Uint8Array {
  const out = new Uint8Array(4 + ((index * 7) % 90));
  out[0] = index & 0xff;
  out[1] = (index >>> 8) & 0xff;
  out[2] = (index >>> 16) & 0xff;
  out[3] = index >>> 24;
  for (let i = 4; i < out.length; i++) out[i] = (index + i) & 0xff;
  return out;
}

export function indexOf(payload: Uint8Array): number {
  return (payload[0] | (payload[1] << 8) | (payload[2] << 16) | (payload[3] << 24)) >>> 0;
}
