/**
 * Bit-level character sets of ISO/IEC 7811-2 (magnetic stripe, low
 * coercivity) and ISO/IEC 7811-6 (high coercivity), which share them.
 * Track 1: 6 data bits + odd parity, characters 0x20-0x5F (alphanumeric,
 * the IATA set). Tracks 2 and 3: 4 data bits + odd parity, characters
 * 0x30-0x3F (numeric, the ABA set). Bits are recorded least significant
 * first, parity last.
 */
export interface TrackEncoding {
  track: 1 | 2 | 3;
  /** data bits per character, parity excluded */
  dataBits: 6 | 4;
  /** ASCII code of character value 0 */
  offset: number;
  /** character value of the start sentinel (`%` or `;`) */
  start: number;
  /** character value of the end sentinel (`?`) */
  end: number;
  /** most characters on the track, sentinels and LRC included */
  maxCharacters: number;
  /** recording density in bits per inch */
  bitsPerInch: number;
}

export const ENCODINGS: Record<1 | 2 | 3, TrackEncoding> = {
  1: { track: 1, dataBits: 6, offset: 0x20, start: 0x05, end: 0x1f, maxCharacters: 79, bitsPerInch: 210 },
  2: { track: 2, dataBits: 4, offset: 0x30, start: 0x0b, end: 0x0f, maxCharacters: 40, bitsPerInch: 75 },
  3: { track: 3, dataBits: 4, offset: 0x30, start: 0x0b, end: 0x0f, maxCharacters: 107, bitsPerInch: 210 },
};

/** The odd-parity bit that completes `value` on `dataBits` bits. */
export function oddParity(value: number, dataBits: number): number {
  let ones = 0;
  for (let b = 0; b < dataBits; b++) ones += (value >> b) & 1;
  return (ones & 1) ^ 1;
}
