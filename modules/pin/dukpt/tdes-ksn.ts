import { PinError } from "../error.ts";

/** TDES DUKPT key serial numbers (ANSI X9.24-1:2009): 80 bits, the last 21 a transaction counter. */
export const TDES_KSN_LENGTH = 10;
/** Counter values with more than this many one bits are never used. */
export const TDES_MAX_ONE_BITS = 10;
export const TDES_COUNTER_BITS = 21;

/** @throws PinError `DUKPT_KSN` unless the KSN is 10 bytes (a shorter one is left-padded with FF) */
export function tdesKsn(ksn: Uint8Array): Uint8Array {
  if (ksn.length > TDES_KSN_LENGTH || ksn.length < 8) throw new PinError("DUKPT_KSN", `a TDES DUKPT KSN has 10 bytes (8 or 9 are padded with FF), got ${ksn.length}`);
  const out = new Uint8Array(TDES_KSN_LENGTH).fill(0xff);
  out.set(ksn, TDES_KSN_LENGTH - ksn.length);
  return out;
}

/** The 21-bit transaction counter of a 10-byte KSN. */
export function tdesCounter(ksn: Uint8Array): number {
  return ((ksn[7] & 0x1f) << 16) | (ksn[8] << 8) | ksn[9];
}

/** A copy of the KSN with its counter replaced. */
export function withTdesCounter(ksn: Uint8Array, counter: number): Uint8Array {
  const out = ksn.slice();
  out[7] = (out[7] & 0xe0) | ((counter >> 16) & 0x1f);
  out[8] = (counter >> 8) & 0xff;
  out[9] = counter & 0xff;
  return out;
}
