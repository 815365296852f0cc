import type { Crypto } from "../crypto/port.ts";
import { retailMac } from "../crypto/iso9797-mac.ts";
import { constantTimeEqual } from "../core/bytes.ts";
import { pack } from "../iso8583/codec.ts";
import type { Dialect } from "../iso8583/dialect.ts";
import type { IsoMessage } from "../iso8583/message.ts";

/** DE64, or DE128 when the message has a secondary bitmap: the MAC is always the last field. */
export function macField(message: IsoMessage): 64 | 128 {
  return [...message.fields.keys()].some((n) => n > 64 && n !== 128) ? 128 : 64;
}

/** The bytes a MAC covers: those after the TPDU and header, when there are, up to the MAC field, the last (8 bytes, or 16 hex digits on iso87a). */
function macInput(dialect: Dialect, message: IsoMessage, bytes: Uint8Array): Uint8Array {
  return bytes.subarray(message.tpdu ? 11 : 0, bytes.length - (dialect.bcd ? 8 : 16));
}

/**
 * Packs a message with its MAC: ANSI X9.19 retail MAC under the terminal
 * authentication key over every byte before the MAC field (MTI, bitmaps
 * with the MAC bit set, and all other fields).
 */
export function packWithMac(crypto: Crypto, dialect: Dialect, message: IsoMessage, key: Uint8Array): Uint8Array {
  const field = macField(message);
  const fields = new Map(message.fields);
  fields.delete(64);
  fields.delete(128);
  fields.set(field, new Uint8Array(8));
  const withZero = pack(dialect, { ...message, fields });
  fields.set(field, retailMac(crypto, key, macInput(dialect, message, withZero)));
  return pack(dialect, { ...message, fields });
}

/** Whether a received message's MAC is right (constant-time compare). */
export function macValid(crypto: Crypto, dialect: Dialect, bytes: Uint8Array, message: IsoMessage, key: Uint8Array): boolean {
  const field = macField(message);
  const mac = message.fields.get(field);
  if (!(mac instanceof Uint8Array)) return false;
  return constantTimeEqual(retailMac(crypto, key, macInput(dialect, message, bytes)), mac);
}
