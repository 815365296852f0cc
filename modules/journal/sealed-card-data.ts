/**
 * Card data a later message needs whole (the PAN of an advice, the chip
 * data it carries, the PAN of a void on links that want it), sealed for
 * the journal under the device data key: AES-128-CBC through the Crypto
 * port, a fresh random IV per record, ISO/IEC 9797-1 padding method 2.
 * The key lives in the key store, never on the journal's flash, and is
 * wiped after each use, as is every plaintext buffer.
 */
import { isDigits } from "../core/chars.ts";
import { concatAll, wipe } from "../core/bytes.ts";
import { isXsposError } from "../core/error.ts";
import type { KeyStore } from "../core/key-store.ts";
import type { Crypto } from "../crypto/port.ts";
import { encodeTlv, parseTlv } from "../emv/tlv.ts";
import { getBcd, getUint, putBcd, putUint } from "./record-bytes.ts";
import { TransactionError } from "./transaction-error.ts";

/** The key store name of the device data key (AES-128, made on first use). */
export const DATA_KEY_NAME = "dek";

/** What sealing keeps. */
export interface CardSecrets {
  pan: string;
  /** chip data for DE55, with track-equivalent and PIN data objects removed */
  iccData?: Uint8Array;
}

const IV_LENGTH = 16;
/**
 * Data objects never journaled, even sealed: track 1 and track 2
 * equivalent data (56, 57), PIN data (99), track 1 and 2 discretionary
 * data (9F1F, 9F20), track 2 data (9F6B).
 */
const NEVER_KEPT = ["56", "57", "99", "9F1F", "9F20", "9F6B"];

/** The device data key, made (random, 16 bytes) and stored on first use; the caller wipes it. */
function dataKey(crypto: Crypto, keys: KeyStore): Uint8Array {
  const key = keys.get(DATA_KEY_NAME);
  if (key) return key;
  const fresh = crypto.random(16);
  keys.put(DATA_KEY_NAME, fresh);
  return fresh;
}

/**
 * `iccData` without the data objects that carry track data or PIN data.
 * @throws EmvError `TLV_TAG`, `TLV_LENGTH` when it is not BER-TLV
 */
export function withoutTrackData(iccData: Uint8Array): Uint8Array {
  const kept = parseTlv(iccData).filter((t) => !NEVER_KEPT.includes(t.tag));
  return concatAll(kept.map((t) => encodeTlv(t.tag, t.value)));
}

/**
 * Seals the PAN (and chip data) for a journal record: IV, then ciphertext.
 * @throws TransactionError `TX_INPUT` unless the PAN is 8-19 digits and the chip data BER-TLV under 64 KB
 */
export function sealCardData(crypto: Crypto, keys: KeyStore, secrets: CardSecrets): Uint8Array {
  if (!isDigits(secrets.pan, 8, 19)) throw new TransactionError("TX_INPUT", "a PAN is 8-19 digits");
  let icc: Uint8Array = new Uint8Array(0);
  if (secrets.iccData) {
    try {
      icc = withoutTrackData(secrets.iccData);
    } catch (e) {
      if (!isXsposError(e)) throw e;
      throw new TransactionError("TX_INPUT", `the chip data is not BER-TLV (${e.code})`);
    }
  }
  if (icc.length > 0xffff) throw new TransactionError("TX_INPUT", "chip data over 65535 bytes");
  const panBytes = (secrets.pan.length + 1) >> 1;
  const length = 1 + panBytes + 2 + icc.length;
  const plain = new Uint8Array((Math.floor(length / 16) + 1) * 16);
  plain[0] = secrets.pan.length;
  putBcd(plain, 1, secrets.pan);
  putUint(plain, 1 + panBytes, 2, icc.length);
  plain.set(icc, 3 + panBytes);
  plain[length] = 0x80;
  const key = dataKey(crypto, keys);
  const iv = crypto.random(IV_LENGTH);
  try {
    const cipher = crypto.blockEncrypt("AES", "CBC", key, plain, iv);
    const out = new Uint8Array(IV_LENGTH + cipher.length);
    out.set(iv);
    out.set(cipher, IV_LENGTH);
    return out;
  } finally {
    wipe(key, plain, icc);
  }
}

function broken(): never {
  throw new TransactionError("TX_SEALED", "sealed card data does not open under the device data key");
}

/**
 * Opens sealed card data.
 * @throws TransactionError `TX_SEALED` when it does not open under the device data key (a key replaced, data damaged)
 */
export function unsealCardData(crypto: Crypto, keys: KeyStore, sealed: Uint8Array): CardSecrets {
  if (sealed.length < IV_LENGTH + 16 || sealed.length % 16 !== 0) broken();
  const key = keys.get(DATA_KEY_NAME);
  if (!key) broken();
  let plain: Uint8Array | undefined;
  try {
    plain = crypto.blockDecrypt("AES", "CBC", key, sealed.subarray(IV_LENGTH), sealed.subarray(0, IV_LENGTH));
    const panLength = plain[0];
    const panBytes = (panLength + 1) >> 1;
    if (panLength < 8 || panLength > 19 || 3 + panBytes > plain.length) broken();
    const pan = getBcd(plain, 1, panLength);
    const iccLength = getUint(plain, 1 + panBytes, 2);
    const end = 3 + panBytes + iccLength;
    if (pan === undefined || end >= plain.length || plain[end] !== 0x80) broken();
    for (let i = end + 1; i < plain.length; i++) if (plain[i] !== 0) broken();
    return iccLength ? { pan, iccData: plain.slice(3 + panBytes, end) } : { pan };
  } finally {
    wipe(key, plain);
  }
}
