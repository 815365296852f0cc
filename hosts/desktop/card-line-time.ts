/**
 * The card line's time model, shared by the simulator's device-time
 * report and the bench: each character on the line is 12 ETU on T=0
 * (start bit, 8 data bits, parity, 2 ETU of guard time) and 11 ETU on
 * T=1 (the minimum character guard time), an ETU being F/D card clock
 * cycles (ISO/IEC 7816-3 7.1, 7.2).
 */

/** ETU per character on the line, by protocol (ISO/IEC 7816-3 7.2, 11.2). */
export const CHARACTER_ETU: Readonly<Record<0 | 1, number>> = { 0: 12, 1: 11 };

/** F/D before any PPS: Fd = 372, Dd = 1 (ISO/IEC 7816-3 7.1), the slowest speed a card starts at. */
export const DEFAULT_ETU_CYCLES = 372;

/**
 * Milliseconds `characters` take on the line under `protocol`, at
 * `etuCycles` card clock cycles an ETU and a card clock of `clockHz`.
 */
export function cardLineTimeMs(characters: number, protocol: 0 | 1, etuCycles: number, clockHz: number): number {
  return (characters * CHARACTER_ETU[protocol] * etuCycles * 1000) / clockHz;
}
