import { concat, constantTimeEqual } from "../../core/bytes.ts";
import { toHex } from "../../core/hex.ts";
import type { Crypto } from "../../crypto/port.ts";
import { OdaError } from "./error.ts";

/**
 * A Certification Authority public key as the payment schemes publish it
 * and the terminal stores it (EMV 4.4 Book 2 §11.2): the RID and CA Public
 * Key Index that name it on the card (the AID's first five bytes and tag
 * 8F), the key, and the CA Public Key Check Sum that proves the stored
 * copy is the published one.
 */
export interface CaPublicKey {
  /** Registered Application Provider Identifier, 5 bytes (e.g. A000000003) */
  rid: Uint8Array;
  /** CA Public Key Index, 0-255 (tag 8F on the card, 9F22 in the terminal) */
  index: number;
  /** modulus, unsigned big-endian, at most 248 bytes */
  modulus: Uint8Array;
  /** exponent: 03 or 01 00 01 */
  exponent: Uint8Array;
  /** the scheme's expiry date of the key, as the key list gives it; informative here */
  expiry?: string;
  /** CA Public Key Check Sum: SHA-1 of RID, index, modulus, exponent (20 bytes) */
  checksum: Uint8Array;
}

/** What recovering a certificate needs of a CA key: its name (for the revocation list) and the key. */
export type CaKeyUse = Pick<CaPublicKey, "rid" | "index" | "modulus" | "exponent">;

/** EMV's largest CA modulus, 248 bytes (1984 bits): NCA ≤ 248 in Book 2. */
export const CA_MODULUS_MAX_BYTES = 248;

/**
 * The CA Public Key Check Sum of a key: SHA-1 over RID || CA Public Key
 * Index || modulus || exponent, the value the schemes publish beside each
 * key.
 */
export function caKeyCheckValue(crypto: Crypto, key: CaKeyUse): Uint8Array {
  return crypto.digest("SHA-1", concat(key.rid, Uint8Array.of(key.index), key.modulus, key.exponent));
}

/**
 * Checks a CA public key before the terminal trusts it: its parts have
 * EMV's sizes and its check sum matches.
 * @throws OdaError `ODA_CA_KEY` for a RID that is not 5 bytes, an index outside 0-255, an empty or over-long modulus, an exponent that is not 1-3 bytes or a check sum that is not 20 bytes; `ODA_CA_KEY_CHECKSUM` when the check sum does not match
 */
export function checkCaKey(crypto: Crypto, key: CaPublicKey): void {
  const problem = caKeyProblem(key);
  if (problem) throw new OdaError("ODA_CA_KEY", `CA public key: ${problem}`);
  if (!constantTimeEqual(caKeyCheckValue(crypto, key), key.checksum)) {
    throw new OdaError("ODA_CA_KEY_CHECKSUM", `CA public key ${toHex(key.rid)} index ${toHex(Uint8Array.of(key.index))} does not match its check sum`);
  }
}

/** What is wrong with the shape of a CA key, or `undefined`. */
export function caKeyProblem(key: CaPublicKey): string | undefined {
  if (!(key.rid instanceof Uint8Array) || key.rid.length !== 5) return "the RID is not 5 bytes";
  if (!Number.isInteger(key.index) || key.index < 0 || key.index > 255) return "the index is not 0-255";
  if (!(key.modulus instanceof Uint8Array) || key.modulus.length === 0 || key.modulus.length > CA_MODULUS_MAX_BYTES) return `the modulus is not 1-${CA_MODULUS_MAX_BYTES} bytes`;
  if (!(key.exponent instanceof Uint8Array) || key.exponent.length === 0 || key.exponent.length > 3) return "the exponent is not 1-3 bytes";
  if (!(key.checksum instanceof Uint8Array) || key.checksum.length !== 20) return "the check sum is not 20 bytes";
  return undefined;
}

/**
 * The key the card names: the first in `keys` with this RID and CA Public
 * Key Index (Book 2 §5.2, §6.2), or `undefined`. The table comes from the
 * terminal's configuration.
 */
export function findCaKey<K extends CaPublicKey>(keys: Iterable<K>, rid: Uint8Array, index: number): K | undefined {
  for (const key of keys) if (key.index === index && constantTimeEqual(key.rid, rid)) return key;
  return undefined;
}
