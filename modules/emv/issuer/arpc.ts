import { concat, xor } from "../../core/bytes.ts";
import { retailMac } from "../../crypto/iso9797-mac.ts";
import type { Crypto } from "../../crypto/port.ts";
import { EmvError } from "../error.ts";
import { checkDoubleLengthKey, checkLength } from "./check.ts";

/**
 * The Authorisation Response Cryptogram the issuer returns in the Issuer
 * Authentication Data (91) for the card to check (EMV 4.4 Book 2 §8.2).
 * Book 2 computes it under the AC session key; Visa CVN 10 and M/Chip
 * CVN 16 and 17 under the ICC master key: the caller passes the key.
 */

/**
 * ARPC method 1 (Book 2 §8.2.1): TDES under the key of ARQC XOR (ARC ||
 * 00 00 00 00 00 00). Issuer Authentication Data is ARPC || ARC.
 * @param arc - the 2-byte Authorisation Response Code
 * @returns 8 bytes
 * @throws EmvError `EMV_KEY`, `EMV_DATA`
 */
export function arpcMethod1(crypto: Crypto, key: Uint8Array, arqc: Uint8Array, arc: Uint8Array): Uint8Array {
  checkDoubleLengthKey(key, "ARPC key");
  checkLength(arqc, 8, "ARQC");
  checkLength(arc, 2, "ARC");
  const padded = new Uint8Array(8);
  padded.set(arc);
  return crypto.blockEncrypt("TDES", "ECB", key, xor(arqc, padded));
}

/** Longest Proprietary Authentication Data of ARPC method 2 (Book 2 §8.2.2). */
export const MAX_PROPRIETARY_AUTHENTICATION_DATA = 8;

/**
 * ARPC method 2 (Book 2 §8.2.2): ISO/IEC 9797-1 MAC algorithm 3 with
 * padding method 2 over ARQC || CSU || Proprietary Authentication Data,
 * its leftmost 4 bytes. Issuer Authentication Data is ARPC || CSU ||
 * Proprietary Authentication Data.
 * @param csu - the 4-byte Card Status Update
 * @param proprietary - 0 to 8 bytes of Proprietary Authentication Data
 * @returns 4 bytes
 * @throws EmvError `EMV_KEY`, `EMV_DATA`
 */
export function arpcMethod2(crypto: Crypto, key: Uint8Array, arqc: Uint8Array, csu: Uint8Array, proprietary: Uint8Array = new Uint8Array(0)): Uint8Array {
  checkDoubleLengthKey(key, "ARPC key");
  checkLength(arqc, 8, "ARQC");
  checkLength(csu, 4, "CSU");
  if (proprietary.length > MAX_PROPRIETARY_AUTHENTICATION_DATA) {
    throw new EmvError("EMV_DATA", `the Proprietary Authentication Data is at most ${MAX_PROPRIETARY_AUTHENTICATION_DATA} bytes, got ${proprietary.length}`);
  }
  return retailMac(crypto, key, concat(arqc, csu, proprietary), 2).slice(0, 4);
}
