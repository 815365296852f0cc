/**
 * ISO/IEC 7816-3 §8.1: the two conventions a card may code its
 * characters in, as a UART sees them.
 *
 * A UART takes the line's high level (state Z) as 1, the first data bit
 * as the least significant, and checks parity over the levels of the
 * eight data bits and the parity bit. Under the direct convention that is
 * what the card means: Z is 1, b1 comes first. Under the inverse
 * convention A (low) is 1 and b8 comes first, so the byte the UART reads
 * is the character complemented and bit-reversed. ISO/IEC 7816-3 §7.1
 * makes the number of 1s (logical ones) in the eight data bits and the
 * parity bit even; under the inverse convention each of those nine
 * moments is sent complemented, so the UART counts 9 − even = an odd
 * number of high levels: the UART must check (and make) odd parity.
 *
 * TS shows both: the direct convention's (Z)AZZAZZZAAZ reads 3B with its
 * parity bit Z (five 1s and a sixth: even); the inverse convention's
 * (Z)AZZAAAAAAZ reads 03 with its parity bit Z (two 1s and a third: odd),
 * and decodes to 3F.
 */

/** How the card codes its characters. */
export type Convention = "direct" | "inverse";

/** Parity over the line's levels as the UART reads them (high = 1). */
export type LineParity = "even" | "odd";

/**
 * A character under the inverse convention: the byte a UART reads off the
 * line (LSB first, high = 1) to the card's byte, and back; complementing
 * and reversing the bits twice gives the byte back, so one table serves
 * both ways.
 */
export const INVERSE_CONVENTION: Uint8Array = inverseTable();

function inverseTable(): Uint8Array {
  const table = new Uint8Array(256);
  for (let raw = 0; raw < 256; raw++) {
    let b = 0;
    for (let i = 0; i < 8; i++) if (!((raw >> i) & 1)) b |= 0x80 >> i;
    table[raw] = b;
  }
  return table;
}

/**
 * The convention TS announces, from TS as a UART in direct terms reads
 * it: 3B is the direct convention, 03 the inverse one (3F decoded);
 * anything else is no TS.
 */
export function conventionOfTs(raw: number): Convention | undefined {
  return raw === 0x3b ? "direct" : raw === 0x03 ? "inverse" : undefined;
}

/** The parity the UART must check and make on the line for a card of this convention. */
export function lineParity(convention: Convention): LineParity {
  return convention === "inverse" ? "odd" : "even";
}
