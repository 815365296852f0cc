/**
 * A scenario's card: a test card's profile with the scenario's overrides,
 * its signatures made again over the changed data by the test CA and
 * issuers (test/emv/cards/ca/test-pki.json), as an issuer personalising
 * a card with that data would. An override of a signed record (a CVM
 * List, an IAC, a date, the AUC) thus changes the card's data without
 * failing offline data authentication, unless the scenario says
 * `"resign": false`.
 *
 * Only what the card holds is signed again: the Issuer Public Key
 * Certificate (90, with its remainder 92) when the card has one, the
 * Signed Static Application Data (93), the ICC and ICC PIN Encipherment
 * Public Key Certificates (9F46, 9F2D). The keys stay those on file.
 */
import { constants, createPrivateKey, privateEncrypt, type KeyObject } from "node:crypto";
import type { Crypto } from "../../modules/crypto/port.ts";
import { fromHex, toHex } from "../../modules/core/hex.ts";
import { isXsposError } from "../../modules/core/error.ts";
import { panDigits, staticDataToAuthenticate } from "../desktop/emv-card/card-data.ts";
import { loadCardProfile } from "../desktop/emv-card/profile-reader.ts";
import type { ApplicationProfile, CardProfile, StoredKey } from "../desktop/emv-card/profile.ts";
import { iccCertificate, issuerCertificate, signedStaticApplicationData } from "../desktop/emv-card/test-ca/certificates.ts";
import { ScenarioError } from "./error.ts";
import { readJsonFile, testPkiFile } from "./files.ts";
import { applyOverrides } from "./json-path.ts";

interface TestPki {
  ca: { rid: string; index: string; key: StoredKey }[];
  issuers: Record<string, { key: StoredKey }>;
}

type Json = Record<string, unknown>;

let pki: TestPki | undefined;

function testPki(): TestPki {
  return (pki ??= readJsonFile(testPkiFile(), "test PKI") as TestPki);
}

const b64 = (hex: string) => Buffer.from(hex, "hex").toString("base64url");

/** The raw RSA private operation (OpenSSL, no padding), as the issuer's and the CA's signing devices do it. */
function signer(key: StoredKey): (message: Uint8Array) => Uint8Array {
  const object: KeyObject = createPrivateKey({
    key: { kty: "RSA", n: b64(key.modulus), e: b64(key.publicExponent), d: b64(key.privateExponent), p: b64(key.p), q: b64(key.q), dp: b64(key.dp), dq: b64(key.dq), qi: b64(key.qInv) },
    format: "jwk",
  });
  return (message) => new Uint8Array(privateEncrypt({ key: object, padding: constants.RSA_NO_PADDING }, message));
}

function setupError(path: string, message: string): never {
  throw new ScenarioError("SCENARIO_SETUP", path, message);
}

/** Signs one application's certificates and static data again, as `tools/make-test-cards.ts` laid them out. */
function resignApplication(crypto: Crypto, raw: Json, profile: ApplicationProfile, where: string): void {
  const spec = profile.certificates;
  if (!spec) return;
  const data = raw.data as Json;
  const rid = toHex(profile.aid.subarray(0, 5));
  const caIndex = toHex(Uint8Array.of(spec.caIndex));
  const ca = testPki().ca.find((k) => k.rid === rid && k.index === caIndex);
  const issuer = testPki().issuers[spec.issuer.key];
  if (!ca || !issuer) setupError(where, `the test PKI has no CA key ${rid} ${caIndex} or issuer key ${spec.issuer.key} to sign with (set "resign": false)`);
  const pan = panDigits(profile.data.get("5A")!);
  const issuerKey = { modulus: fromHex(issuer.key.modulus), exponent: fromHex(issuer.key.publicExponent) };
  if (data["90"] !== undefined) {
    const cert = issuerCertificate(
      crypto,
      { caModulusLength: ca.key.modulus.length / 2, issuerKey, pan, serial: spec.issuer.serial, expiry: spec.issuer.expiry, corruptHash: spec.issuer.corrupt === "hash" },
      signer(ca.key),
    );
    data["90"] = toHex(cert.certificate);
    if (cert.remainder && data["92"] !== undefined) data["92"] = toHex(cert.remainder);
  }
  const staticData = staticDataToAuthenticate(profile.records, profile.data, profile.aip);
  const signIssuer = signer(issuer.key);
  const issuerBytes = issuer.key.modulus.length / 2;
  if (data["93"] !== undefined && spec.sda) data["93"] = toHex(signedStaticApplicationData(crypto, issuerBytes, spec.sda.dataAuthenticationCode, staticData, signIssuer));
  const pairs = [
    ["9F46", "9F48", profile.iccPrivateKey, spec.icc, staticData],
    ["9F2D", "9F2F", profile.pinPrivateKey, spec.pinEncipherment, undefined],
  ] as const;
  for (const [certTag, remainderTag, key, keySpec, hashed] of pairs) {
    if (data[certTag] === undefined || !key || !keySpec) continue;
    const cert = iccCertificate(
      crypto,
      { issuerModulusLength: issuerBytes, iccKey: { modulus: key.modulus, exponent: key.publicExponent }, pan, serial: keySpec.serial, expiry: keySpec.expiry, ...(hashed ? { staticData: hashed } : {}) },
      signIssuer,
    );
    data[certTag] = toHex(cert.certificate);
    if (cert.remainder && data[remainderTag] !== undefined) data[remainderTag] = toHex(cert.remainder);
  }
}

/** What a scenario (or `emvRun`) makes of a card. */
export interface CardSetup {
  /** the profile JSON the card was made from, overrides and new signatures in */
  json: Json;
  profile: CardProfile;
}

/**
 * Loads a profile JSON, with overrides applied and (by default) its
 * signatures made again over the resulting data.
 * @param where - the scenario field the card comes from, for messages
 * @throws ScenarioError `SCENARIO_FIELD` for a malformed override path; `SCENARIO_SETUP` for a profile the card refuses or that cannot be signed again
 */
export function setUpCard(crypto: Crypto, source: unknown, options: { set?: Record<string, unknown>; resign?: boolean; removeAfterCommand?: number; where?: string } = {}): CardSetup {
  const where = options.where ?? "card";
  let json = (options.set ? applyOverrides(source, options.set, `${where}.set`) : structuredClone(source)) as Json;
  if (json === null || typeof json !== "object" || Array.isArray(json)) setupError(where, "a card profile is a JSON object");
  if (options.removeAfterCommand !== undefined) json.removeAfterCommand = options.removeAfterCommand;
  const load = (value: Json) => {
    try {
      return loadCardProfile(value, { requireKeys: false });
    } catch (e) {
      if (isXsposError(e)) setupError(where, `the card refuses the profile: ${e.message}`);
      throw e;
    }
  };
  let profile = load(json);
  if ((options.resign ?? true) && Array.isArray(json.applications)) {
    json = structuredClone(json);
    (json.applications as Json[]).forEach((app, i) => resignApplication(crypto, app, profile.applications[i], `${where}.applications[${i}]`));
    profile = load(json);
  }
  return { json, profile };
}
