import { constantTimeEqual } from "../../core/bytes.ts";
import { retailMac } from "../../crypto/iso9797-mac.ts";
import type { PaddingMethod } from "../../crypto/padding.ts";
import type { Crypto } from "../../crypto/port.ts";
import { EmvError } from "../error.ts";
import { checkDoubleLengthKey, checkLength } from "./check.ts";

/**
 * Application cryptograms (ARQC, TC and AAC are computed alike): ISO/IEC
 * 9797-1 MAC algorithm 3 with DES under the 16-byte AC session key over
 * the data the scheme selects (EMV 4.4 Book 2 §8.1.2 and annex A1.2).
 * Book 2 pads with method 2; Visa CVN 10 pads with method 1 (zeros).
 */

/**
 * The 8-byte cryptogram over `data` (the CDOL data and whatever ICC data
 * the scheme adds, in its order).
 * @param padding - ISO/IEC 9797-1 padding method: 2 (Book 2, the default) or 1
 * @throws EmvError `EMV_KEY`, `EMV_DATA` (empty data)
 */
export function applicationCryptogram(crypto: Crypto, sessionKey: Uint8Array, data: Uint8Array, padding: PaddingMethod = 2): Uint8Array {
  checkDoubleLengthKey(sessionKey, "AC session key");
  if (data.length === 0) throw new EmvError("EMV_DATA", "the cryptogram data is empty");
  return retailMac(crypto, sessionKey, data, padding);
}

/**
 * True when `cryptogram` is the one the key gives over `data`, compared in
 * constant time.
 * @throws EmvError `EMV_KEY`, `EMV_DATA` (empty data, a cryptogram not 8 bytes)
 */
export function verifyApplicationCryptogram(
  crypto: Crypto,
  sessionKey: Uint8Array,
  data: Uint8Array,
  cryptogram: Uint8Array,
  padding: PaddingMethod = 2,
): boolean {
  checkLength(cryptogram, 8, "application cryptogram");
  return constantTimeEqual(applicationCryptogram(crypto, sessionKey, data, padding), cryptogram);
}
