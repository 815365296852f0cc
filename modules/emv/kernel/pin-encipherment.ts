import { isXsposError } from "../../core/error.ts";
import type { Crypto } from "../../crypto/port.ts";
import type { RsaPublicKey } from "../oda/public-key.ts";
import { PIN_KEY_TAGS, recoverCardIssuerKey, recoverCardKey, recoverIccKeyChain, type OdaTables } from "./card-keys.ts";
import type { TransactionContext } from "./context.ts";
import { staticDataToAuthenticate } from "./offline-data-authentication.ts";

/** Header, PIN block and challenge: the fixed part of the enciphered data (Book 2 §7.2). */
const FIXED = 17;
/** The Data Header of the PIN data to encipher. */
const HEADER = 0x7f;

/**
 * The key to encipher an offline PIN under, EMV 4.4 Book 2 §7.1: the ICC
 * PIN Encipherment Public Key when the card has its certificate (9F2D),
 * else the ICC public key; each recovered under the issuer key, reusing
 * what offline data authentication recovered.
 * @returns `undefined` when it cannot be recovered (the CVM then fails)
 */
export function pinEnciphermentKey(ctx: TransactionContext, crypto: Crypto, tables: OdaTables): RsaPublicKey | undefined {
  const source = { card: ctx.card, rid: ctx.candidate.adfName.subarray(0, 5), transactionDate: ctx.terminal.get("9A")! };
  if (ctx.card.has("9F2D")) {
    let issuerKey = ctx.issuerKey;
    if (!issuerKey) {
      const issuer = recoverCardIssuerKey(crypto, tables, source);
      if (!issuer.ok) return undefined;
      issuerKey = issuer.issuerKey;
    }
    // its certificate signs no static data (Book 2 §7.1)
    return recoverCardKey(crypto, issuerKey, source, PIN_KEY_TAGS, new Uint8Array(0)).key;
  }
  if (ctx.iccKey) return ctx.iccKey;
  const staticData = staticDataToAuthenticate(ctx);
  if (!staticData) return undefined;
  const chain = recoverIccKeyChain(crypto, tables, source, staticData);
  return chain.ok ? chain.iccKey : undefined;
}

/**
 * The enciphered PIN data for VERIFY (P2 = 88), Book 2 §7.2: 7F, the PIN
 * block, the card's 8-byte challenge and random padding to the key's
 * length, raised to the public exponent. The plaintext is wiped.
 * @returns `undefined` when the key cannot take it (too short, or a modulus the data is not below)
 */
export function encipherPin(crypto: Crypto, key: RsaPublicKey, pinBlock: Uint8Array, challenge: Uint8Array): Uint8Array | undefined {
  const n = key.modulus.length;
  if (n <= FIXED || pinBlock.length !== 8 || challenge.length !== 8) return undefined;
  const data = new Uint8Array(n);
  data[0] = HEADER;
  data.set(pinBlock, 1);
  data.set(challenge, 9);
  data.set(crypto.random(n - FIXED), FIXED);
  try {
    return crypto.rsaPublic(key.modulus, key.exponent, data);
  } catch (e) {
    if (isXsposError(e)) return undefined;
    throw e;
  } finally {
    data.fill(0);
  }
}
