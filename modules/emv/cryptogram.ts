import { xor } from "../core/bytes.ts";
import { retailMac } from "../crypto/iso9797-mac.ts";
import type { Crypto } from "../crypto/port.ts";
import { EmvError } from "./error.ts";

/**
 * The issuer's side of EMV application cryptograms (EMV 4.4 Book 2
 * annex A1): ICC master key by option A, the common session key, the
 * ARQC as a retail MAC over the transaction data, ARPC method 1.
 */

function checkKey(key: Uint8Array): void {
  if (key.length !== 16) throw new EmvError("EMV_KEY", `an EMV master key is a 16-byte TDES key, got ${key.length} bytes`);
}

/**
 * Book 2 A1.4.1 option A: Y is the rightmost 16 digits of PAN || PAN
 * sequence number (zero-padded on the left); the key is TDES(IMK, Y) ||
 * TDES(IMK, Y XOR FF..FF).
 */
export function iccMasterKey(crypto: Crypto, imk: Uint8Array, pan: string, psn = "00"): Uint8Array {
  checkKey(imk);
  if (!/^[0-9]{8,19}$/.test(pan) || !/^[0-9]{2}$/.test(psn)) throw new EmvError("EMV_DATA", "the PAN must be 8-19 digits and the sequence number 2");
  const digits = (pan + psn).slice(-16).padStart(16, "0");
  const y = Uint8Array.from(digits.match(/../g)!, (d) => parseInt(d, 16));
  const out = new Uint8Array(16);
  out.set(crypto.blockEncrypt("TDES", "ECB", imk, y), 0);
  out.set(crypto.blockEncrypt("TDES", "ECB", imk, xor(y, new Uint8Array(8).fill(0xff))), 8);
  return out;
}

/**
 * Book 2 A1.3.1, common session key derivation: from an 8-byte R (the ATC
 * followed by zeros), F1 = R0 R1 F0 R3..R7 and F2 = R0 R1 0F R3..R7, each
 * enciphered under the master key.
 */
export function commonSessionKey(crypto: Crypto, masterKey: Uint8Array, r: Uint8Array): Uint8Array {
  checkKey(masterKey);
  if (r.length !== 8) throw new EmvError("EMV_DATA", "R is 8 bytes");
  const f1 = r.slice();
  const f2 = r.slice();
  f1[2] = 0xf0;
  f2[2] = 0x0f;
  const out = new Uint8Array(16);
  out.set(crypto.blockEncrypt("TDES", "ECB", masterKey, f1), 0);
  out.set(crypto.blockEncrypt("TDES", "ECB", masterKey, f2), 8);
  return out;
}

/** An application cryptogram: ISO 9797-1 MAC algorithm 3 with padding method 2 over the data (Book 2 8.1.2). */
export function applicationCryptogram(crypto: Crypto, sessionKey: Uint8Array, data: Uint8Array): Uint8Array {
  return retailMac(crypto, sessionKey, data, 2);
}

/** ARPC method 1 (Book 2 8.2.1): TDES of ARQC XOR (ARC padded with zeros). */
export function arpcMethod1(crypto: Crypto, key: Uint8Array, arqc: Uint8Array, arc: Uint8Array): Uint8Array {
  const padded = new Uint8Array(8);
  padded.set(arc.subarray(0, 2));
  return crypto.blockEncrypt("TDES", "ECB", key, xor(arqc, padded));
}
