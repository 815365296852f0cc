/** Bit arithmetic on DUKPT transaction counters (up to 32 bits, so no signed 32-bit operators). */

/** Number of one bits. */
export function oneBits(counter: number): number {
  let count = 0;
  for (let v = counter; v > 0; v = Math.floor(v / 2)) count += v % 2;
  return count;
}

/** Position of the lowest one bit (the counter must not be 0). */
export function lowestBit(counter: number): number {
  let k = 0;
  while (Math.floor(counter / 2 ** k) % 2 === 0) k++;
  return k;
}
