import { wipe } from "../../core/bytes.ts";
import type { Crypto } from "../../crypto/port.ts";
import { checkDoubleLengthKey, checkLength } from "./check.ts";
import { withOddParity } from "./key-parity.ts";

/**
 * Application cryptogram session keys from the ICC master key: the EMV
 * common session key derivation (EMV 4.4 Book 2 annex A1.3.1) and the
 * diversification values the schemes feed it.
 */

/**
 * Book 2 A1.3.1: from an 8-byte diversification value R, F1 = R0 R1 F0
 * R3..R7 and F2 = R0 R1 0F R3..R7, each enciphered under the master key.
 * @param r - the diversification value (for application cryptograms, see
 *   {@link emvSessionKey} and {@link mastercardSessionKey})
 * @returns the 16-byte session key with odd parity; the caller wipes it
 * @throws EmvError `EMV_KEY`, `EMV_DATA`
 */
export function commonSessionKey(crypto: Crypto, masterKey: Uint8Array, r: Uint8Array): Uint8Array {
  checkDoubleLengthKey(masterKey, "ICC master key");
  checkLength(r, 8, "diversification value R");
  const f = new Uint8Array(16);
  f.set(r, 0);
  f.set(r, 8);
  f[2] = 0xf0;
  f[10] = 0x0f;
  const key = crypto.blockEncrypt("TDES", "ECB", masterKey, f);
  wipe(f);
  return withOddParity(key);
}

/**
 * The EMV session key for application cryptograms (Book 2 A1.3.1 with
 * R = ATC || 00 00 00 00 00 00): what Visa CVN 18 and Mastercard CVN 20
 * and 21 use.
 * @param atc - the Application Transaction Counter (9F36), 2 bytes
 * @throws EmvError `EMV_KEY`, `EMV_DATA`
 */
export function emvSessionKey(crypto: Crypto, masterKey: Uint8Array, atc: Uint8Array): Uint8Array {
  checkLength(atc, 2, "ATC");
  const r = new Uint8Array(8);
  r.set(atc);
  return commonSessionKey(crypto, masterKey, r);
}

/**
 * The Mastercard proprietary session key derivation of M/Chip (CVN 16 and
 * 17; M/Chip 4 Security and Key Management, ICC session key derivation):
 * the common derivation with R = ATC || 00 00 || UN, so that the left
 * half enciphers ATC || F0 00 || UN and the right ATC || 0F 00 || UN.
 * @param atc - the Application Transaction Counter (9F36), 2 bytes
 * @param un - the terminal's Unpredictable Number (9F37), 4 bytes
 * @throws EmvError `EMV_KEY`, `EMV_DATA`
 */
export function mastercardSessionKey(crypto: Crypto, masterKey: Uint8Array, atc: Uint8Array, un: Uint8Array): Uint8Array {
  checkLength(atc, 2, "ATC");
  checkLength(un, 4, "unpredictable number");
  const r = new Uint8Array(8);
  r.set(atc, 0);
  r.set(un, 4);
  return commonSessionKey(crypto, masterKey, r);
}
