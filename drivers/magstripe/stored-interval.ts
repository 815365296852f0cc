/** The longest interval a capture buffer holds, µs: the largest 16-bit value. */
export const MAX_STORED_INTERVAL_US = 0xffff;

/**
 * A flux interval as the reader keeps it: whole microseconds in 16 bits,
 * so three tracks of 4096 intervals take 24 KB instead of 96 KB of
 * doubles. The slowest plausible bit period (the decoder's default
 * bound, 10 000 µs: 3 × slower than 10 cm/s at 75 bpi) is far below the
 * 65 535 µs a slot holds, and a microsecond is 2.5 % of the shortest
 * half bit (40 µs at 150 cm/s on 210 bpi), well inside the decoder's
 * tolerance. Longer intervals (a card held still on the head) are
 * clamped to 65 535 µs, which the decoder still reads as a gap; a
 * plain conversion would wrap them modulo 65 536 into plausible
 * periods. Fractions are rounded; NaN and negative values become 0,
 * which the decoder refuses as not a positive duration.
 */
export function storedInterval(us: number): number {
  if (!(us > 0)) return 0;
  if (us >= MAX_STORED_INTERVAL_US) return MAX_STORED_INTERVAL_US;
  return Math.round(us);
}
