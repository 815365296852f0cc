import { constantTimeEqual } from "../../core/bytes.ts";
import type { TerminalConfig } from "../../config/types.ts";
import type { Crypto } from "../../crypto/port.ts";
import { caKeyCheckValue, caKeyProblem, findCaKey, type CaPublicKey } from "../oda/ca-key.ts";
import { recoverIccKey } from "../oda/icc-key.ts";
import { recoverIssuerKey } from "../oda/issuer-key.ts";
import { publicKeyFromJson, type RsaPublicKey } from "../oda/public-key.ts";
import type { OdaReason } from "../oda/reason.ts";
import type { RevokedCertificate } from "../oda/revocation.ts";

/** Values by tag: a transaction's tag store (tag-store.ts) or a Map. */
export interface TagValues {
  get(tag: string): Uint8Array | undefined;
}

/** The terminal's CA keys and revocation list in the shape offline data authentication takes. */
export interface OdaTables {
  caKeys: CaPublicKey[];
  revoked: RevokedCertificate[];
}

/** The configuration's CA keys and revocations for the ODA functions. */
export function odaTables(config: TerminalConfig): OdaTables {
  return { caKeys: config.caKeys, revoked: config.revocations };
}

/** A certified key chain, or why it could not be recovered. */
export type KeyRecovery =
  | { ok: true; issuerKey: RsaPublicKey; iccKey?: RsaPublicKey }
  | { ok: false; reason: OdaReason; missing?: string[] };

/** What recovering keys needs from the card and the transaction. */
export interface KeySource {
  /** the card's data by tag */
  card: TagValues;
  /** the RID: the selected AID's first five bytes */
  rid: Uint8Array;
  /** Transaction Date (9A) */
  transactionDate: Uint8Array;
}

function missingTags(card: TagValues, tags: readonly string[]): string[] {
  return tags.filter((tag) => !card.get(tag)?.length);
}

/**
 * The issuer public key (EMV 4.4 Book 2 §5.3, §6.3) from the card's CA
 * Public Key Index (8F), Issuer Public Key Certificate (90), Remainder
 * (92) and Exponent (9F32), under the terminal's CA key for the RID, whose
 * check sum is verified first.
 */
export function recoverCardIssuerKey(crypto: Crypto, tables: OdaTables, source: KeySource): KeyRecovery {
  const card = source.card;
  const missing = missingTags(card, ["8F", "90", "9F32", "5A"]);
  if (missing.length) return { ok: false, reason: "data-missing", missing };
  const index = card.get("8F")!;
  const caKey = index.length === 1 ? findCaKey(tables.caKeys, source.rid, index[0]) : undefined;
  if (!caKey) return { ok: false, reason: "ca-key-unknown" };
  if (caKeyProblem(caKey) || !constantTimeEqual(caKeyCheckValue(crypto, caKey), caKey.checksum)) return { ok: false, reason: "ca-key-checksum" };
  const issuer = recoverIssuerKey(crypto, {
    caKey,
    certificate: card.get("90")!,
    remainder: card.get("92"),
    exponent: card.get("9F32")!,
    pan: card.get("5A")!,
    transactionDate: source.transactionDate,
    revoked: tables.revoked,
  });
  if (!issuer.publicKey) return { ok: false, reason: issuer.reason ?? "not-recoverable" };
  return { ok: true, issuerKey: publicKeyFromJson(issuer.publicKey) };
}

/**
 * A key the issuer certified for the card (Book 2 §6.4): the ICC public
 * key (9F46, 9F48, 9F47) over the static data to be authenticated, or the
 * ICC PIN Encipherment Public Key (9F2D, 9F2F, 9F2E, Book 2 §7.1), whose
 * certificate hashes no static data.
 */
export function recoverCardKey(
  crypto: Crypto,
  issuerKey: RsaPublicKey,
  source: KeySource,
  tags: { certificate: string; remainder: string; exponent: string },
  staticData: Uint8Array,
): { key?: RsaPublicKey; reason?: OdaReason; missing?: string[] } {
  const missing = missingTags(source.card, [tags.certificate, tags.exponent]);
  if (missing.length) return { reason: "data-missing", missing };
  const result = recoverIccKey(crypto, {
    issuerKey,
    certificate: source.card.get(tags.certificate)!,
    remainder: source.card.get(tags.remainder),
    exponent: source.card.get(tags.exponent)!,
    staticData,
    pan: source.card.get("5A")!,
    transactionDate: source.transactionDate,
  });
  return result.publicKey ? { key: publicKeyFromJson(result.publicKey) } : { reason: result.reason ?? "not-recoverable" };
}

/** The ICC public key's tags. */
export const ICC_KEY_TAGS = { certificate: "9F46", remainder: "9F48", exponent: "9F47" } as const;
/** The ICC PIN Encipherment Public Key's tags. */
export const PIN_KEY_TAGS = { certificate: "9F2D", remainder: "9F2F", exponent: "9F2E" } as const;

/** The issuer key then the ICC key, as DDA and CDA need them. */
export function recoverIccKeyChain(crypto: Crypto, tables: OdaTables, source: KeySource, staticData: Uint8Array): KeyRecovery {
  const missing = missingTags(source.card, ["8F", "90", "9F32", "5A", "9F46", "9F47"]);
  if (missing.length) return { ok: false, reason: "data-missing", missing };
  const issuer = recoverCardIssuerKey(crypto, tables, source);
  if (!issuer.ok) return issuer;
  const icc = recoverCardKey(crypto, issuer.issuerKey, source, ICC_KEY_TAGS, staticData);
  if (!icc.key) return { ok: false, reason: icc.reason ?? "not-recoverable" };
  return { ok: true, issuerKey: issuer.issuerKey, iccKey: icc.key };
}
