import type { CommandApdu } from "../../../modules/iso7816/apdu.ts";
import { concat } from "../../../modules/core/bytes.ts";
import type { Crypto } from "../../../modules/crypto/port.ts";
import { encodeTlv, encodeTlvTree } from "../../../modules/emv/tlv.ts";
import { currentTransaction } from "./processing.ts";
import type { RsaPrivateKey } from "./profile.ts";
import { rsaPrivate } from "./rsa-private.ts";
import type { CardResponse, CardState } from "./state.ts";
import { SW } from "./status.ts";

/*
 * Signed Dynamic Application Data, EMV 4.4 Book 2 §6.5.1 (DDA, table 17)
 * and §6.6.1 (CDA, table 22): header 6A, Signed Data Format 05, Hash
 * Algorithm Indicator 01 (SHA-1), ICC Dynamic Data Length, ICC Dynamic
 * Data, BB padding to the ICC key's length, the hash, trailer BC; the hash
 * covers format to padding, then the terminal's data (DDA: the DDOL data;
 * CDA: the Unpredictable Number). Signed with the ICC private key.
 */

const HEADER = 0x6a;
const TRAILER = 0xbc;
const DYNAMIC_FORMAT = 0x05;
const SHA_1 = 0x01;
/** Header, format, hash algorithm, length, hash (20) and trailer: the bytes besides the dynamic data and padding. */
const FIXED = 25;

/** The ICC Dynamic Number's part of the dynamic data: its length, then the number. */
export function iccDynamicNumberField(number: Uint8Array): Uint8Array {
  return concat(Uint8Array.of(number.length), number);
}

/**
 * Signs ICC Dynamic Data as table 17 (DDA) and table 22 (CDA) lay it out.
 * @param terminalData - what the hash covers after the padding
 */
export function signDynamicData(crypto: Crypto, key: RsaPrivateKey, dynamicData: Uint8Array, terminalData: Uint8Array): Uint8Array {
  const padding = key.modulus.length - dynamicData.length - FIXED;
  const signed = concat(Uint8Array.of(DYNAMIC_FORMAT, SHA_1, dynamicData.length), dynamicData, new Uint8Array(padding).fill(0xbb));
  const hash = crypto.digest("SHA-1", concat(signed, terminalData));
  return rsaPrivate(key, concat(Uint8Array.of(HEADER), signed, hash, Uint8Array.of(TRAILER)));
}

/**
 * INTERNAL AUTHENTICATE (Book 3 §6.5.9): signs a fresh ICC Dynamic Number
 * over the DDOL data the terminal sent; format 1 (80) or 2 (77 with 9F4B).
 */
export function internalAuthenticate(card: CardState, command: CommandApdu): CardResponse {
  if (command.p1 !== 0 || command.p2 !== 0) return { sw: SW.INCORRECT_P1_P2 };
  const tx = currentTransaction(card);
  if (!tx || !tx.pdolData) return { sw: SW.CONDITIONS_NOT_SATISFIED };
  const profile = tx.app.profile;
  const key = profile.iccPrivateKey;
  if (!key || !(profile.aip[0] & 0x20)) return { sw: SW.FUNCTION_NOT_SUPPORTED };
  const ddolData = command.data;
  if (!ddolData || ddolData.length === 0) return { sw: SW.WRONG_LENGTH };
  const number = card.crypto.random(profile.iccDynamicNumberLength);
  const signature = signDynamicData(card.crypto, key, iccDynamicNumberField(number), ddolData);
  tx.cvr.dynamicAuthenticationPerformed = true;
  const data = profile.internalAuthenticateFormat === 1 ? encodeTlv("80", signature) : encodeTlvTree([{ tag: "77", children: [{ tag: "9F4B", value: signature }] }]);
  return { data, sw: SW.OK };
}
