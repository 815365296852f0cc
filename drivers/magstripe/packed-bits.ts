/**
 * Bits kept eight to a byte, least significant first: how the reader
 * holds a track's bits during a swipe (a track 1 of 1 770 bits in 222
 * bytes).
 */

/** Bytes that hold `bits` bits. */
export function packedLength(bits: number): number {
  return (bits + 7) >> 3;
}

/** Bit `k` (0 or 1). */
export function packedBit(bytes: Uint8Array, k: number): number {
  return (bytes[k >> 3] >> (k & 7)) & 1;
}

/** Sets bit `k` to `bit` (0 or 1). */
export function setPackedBit(bytes: Uint8Array, k: number, bit: number): void {
  const mask = 1 << (k & 7);
  bytes[k >> 3] = bit ? bytes[k >> 3] | mask : bytes[k >> 3] & ~mask;
}
