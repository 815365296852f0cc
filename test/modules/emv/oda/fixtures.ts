/** The fixtures as the ODA functions take them: bytes. */
import { fromHex } from "../../../../modules/core/hex.ts";
import type { CaPublicKey } from "../../../../modules/emv/oda/ca-key.ts";
import type { RsaPublicKey } from "../../../../modules/emv/oda/public-key.ts";
import { LIVE_CA_KEYS, TEST_CA_KEYS, type PublishedCaKey } from "./published-vectors.ts";
import { TEST_PKI } from "./test-pki.ts";

export function caKey(k: PublishedCaKey): CaPublicKey {
  return { rid: fromHex(k.rid), index: k.index, modulus: fromHex(k.modulus), exponent: fromHex(k.exponent), checksum: fromHex(k.checksum) };
}

/** Every published key, as a terminal's table would hold them. */
export const PUBLISHED_CA_KEYS: CaPublicKey[] = [...TEST_CA_KEYS, ...LIVE_CA_KEYS].map(caKey);

export function publishedCaKey(rid: string, index: number): CaPublicKey {
  const key = PUBLISHED_CA_KEYS.find((k) => k.index === index && k.rid.length === 5 && fromHex(rid).every((b, i) => k.rid[i] === b));
  if (!key) throw new Error(`no published key ${rid} ${index}`);
  return key;
}

export function rsaKey(k: { modulus: string; exponent: string }): RsaPublicKey {
  return { modulus: fromHex(k.modulus), exponent: fromHex(k.exponent) };
}

/** The test CA of test-pki.ts as a table entry. */
export const TEST_CA: CaPublicKey = {
  rid: fromHex(TEST_PKI.rid),
  index: TEST_PKI.caIndex,
  modulus: fromHex(TEST_PKI.ca.modulus),
  exponent: fromHex(TEST_PKI.ca.exponent),
  checksum: fromHex(TEST_PKI.ca.checksum),
};

export const TEST_ISSUER_KEY = rsaKey(TEST_PKI.issuerKey);
export const TEST_ICC_KEY = rsaKey(TEST_PKI.iccKey);
export const PAN = fromHex(TEST_PKI.pan);
export const DATE = fromHex(TEST_PKI.transactionDate);
export const STATIC_DATA = fromHex(TEST_PKI.staticData);
