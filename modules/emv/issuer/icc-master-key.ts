import { isDigits } from "../../core/chars.ts";
import { wipe } from "../../core/bytes.ts";
import { fromHex } from "../../core/hex.ts";
import type { Crypto } from "../../crypto/port.ts";
import { EmvError } from "../error.ts";
import { checkDoubleLengthKey } from "./check.ts";
import { withOddParity } from "./key-parity.ts";

/**
 * ICC master keys from the issuer master key: EMV 4.4 Book 2 annex
 * A1.4.1 (option A) and A1.4.2 (option B, for PANs of 17 to 19 digits).
 */

/** How the ICC master key is derived from the PAN (Book 2 A1.4). */
export type IccMasterKeyOption = "optionA" | "optionB";

function checkPanPsn(pan: string, psn: string): void {
  if (!isDigits(pan, 8, 19)) throw new EmvError("EMV_DATA", "the PAN must be 8 to 19 decimal digits");
  if (!isDigits(psn, 2, 2)) throw new EmvError("EMV_DATA", "the PAN sequence number must be 2 decimal digits");
}

/** A1.4.1 step 2, shared by both options: Z = TDES(IMK, Y) || TDES(IMK, Y XOR FF..FF), with odd parity. */
function masterKeyFromY(crypto: Crypto, imk: Uint8Array, y: Uint8Array): Uint8Array {
  const blocks = new Uint8Array(16);
  blocks.set(y);
  for (let i = 0; i < 8; i++) blocks[8 + i] = y[i] ^ 0xff;
  const key = crypto.blockEncrypt("TDES", "ECB", imk, blocks);
  wipe(blocks, y);
  return withOddParity(key);
}

/**
 * Option A (Book 2 A1.4.1): Y is the rightmost 16 digits of PAN || PAN
 * sequence number, zeros on the left when there are fewer, packed two
 * digits a byte.
 * @param imk - the issuer master key, 16 bytes (the caller wipes it)
 * @param psn - the PAN sequence number (5F34) as 2 digits; `00` when the card has none
 * @returns the 16-byte ICC master key with odd parity; the caller wipes it
 * @throws EmvError `EMV_KEY`, `EMV_DATA`
 */
export function iccMasterKey(crypto: Crypto, imk: Uint8Array, pan: string, psn = "00"): Uint8Array {
  checkDoubleLengthKey(imk, "issuer master key");
  checkPanPsn(pan, psn);
  // decimal digits read as hex nibbles: Y is the digits packed two per byte
  return masterKeyFromY(crypto, imk, fromHex((pan + psn).slice(-16).padStart(16, "0")));
}

/**
 * The first 16 decimal digits of the hash, then, if there are fewer, its
 * digits A-F read left to right as 0-5 (Book 2 A1.4.2 step 3), packed
 * into 8 bytes.
 */
function decimalizedHash(hash: Uint8Array): Uint8Array {
  const y = new Uint8Array(8);
  let count = 0;
  for (let pass = 0; pass < 2 && count < 16; pass++) {
    for (let i = 0; i < hash.length * 2 && count < 16; i++) {
      const nibble = i % 2 === 0 ? hash[i >> 1] >> 4 : hash[i >> 1] & 15;
      if ((pass === 0) !== (nibble < 10)) continue;
      y[count >> 1] |= (pass === 0 ? nibble : nibble - 10) << (count % 2 === 0 ? 4 : 0);
      count++;
    }
  }
  return y;
}

/**
 * Option B (Book 2 A1.4.2): for a PAN of 16 digits or fewer, option A;
 * otherwise Y is decimalized from SHA-1 of PAN || PAN sequence number
 * (a zero nibble on the left when the digits are odd in number).
 * @returns the 16-byte ICC master key with odd parity; the caller wipes it
 * @throws EmvError `EMV_KEY`, `EMV_DATA`
 */
export function iccMasterKeyOptionB(crypto: Crypto, imk: Uint8Array, pan: string, psn = "00"): Uint8Array {
  checkDoubleLengthKey(imk, "issuer master key");
  checkPanPsn(pan, psn);
  if (pan.length <= 16) return iccMasterKey(crypto, imk, pan, psn);
  const digits = pan + psn;
  const x = fromHex(digits.length % 2 === 0 ? digits : "0" + digits);
  const hash = crypto.digest("SHA-1", x);
  const y = decimalizedHash(hash);
  wipe(x, hash);
  return masterKeyFromY(crypto, imk, y);
}

/**
 * The ICC master key by the named option.
 * @throws EmvError `EMV_KEY`, `EMV_DATA`
 */
export function deriveIccMasterKey(crypto: Crypto, imk: Uint8Array, pan: string, psn: string, option: IccMasterKeyOption): Uint8Array {
  return option === "optionB" ? iccMasterKeyOptionB(crypto, imk, pan, psn) : iccMasterKey(crypto, imk, pan, psn);
}
