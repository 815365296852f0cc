/**
 * Makes the keys and certificates of the virtual EMV cards' test PKI and
 * writes them into the card profiles (test/emv/cards/*.json):
 *
 *   npx tsx tools/make-test-cards.ts              reuse the keys on file, make the missing ones
 *   npx tsx tools/make-test-cards.ts --new-keys   draw every key again
 *
 * Node only: RSA keys come from node:crypto's generateKeyPairSync and every
 * signature is OpenSSL's raw private operation (privateEncrypt without
 * padding), as EMV 4.4 Book 2 annex A2.1 signs with message recovery.
 *
 * For each application whose profile has a `certificates` section it
 * writes: the CA Public Key Index (8F), the Issuer Public Key Certificate
 * (90), remainder (92) and exponent (9F32); for SDA the Signed Static
 * Application Data (93); for an ICC key its certificate (9F46), exponent
 * (9F47), remainder (9F48) and the private key the card signs with; for a
 * PIN encipherment key 9F2D, 9F2E, 9F2F and its private key. A remainder
 * is put into the record after its certificate when the key needs one,
 * and taken out when it does not. Alongside:
 *
 * - test/emv/cards/ca/test-ca-keys.json: the CA public keys, in the form
 *   the terminal configuration's `caKeys` takes;
 * - test/emv/cards/ca/test-pki.json: the CA and issuer private keys, so
 *   that a card added later is certified by the same test CA.
 *
 * TEST KEYS ONLY: they are published with the project. See
 * hosts/desktop/emv-card/README.md, "Test CA".
 */
import { constants, createPrivateKey, generateKeyPairSync, privateEncrypt, type JsonWebKey, type KeyObject } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { NodeCrypto } from "../hosts/node/node-crypto.ts";
import { fromHex, toHex } from "../modules/core/hex.ts";
import { staticDataToAuthenticate, panDigits } from "../hosts/desktop/emv-card/card-data.ts";
import { CERTIFICATE_TAGS, loadCardProfile } from "../hosts/desktop/emv-card/profile-reader.ts";
import type { StoredKey } from "../hosts/desktop/emv-card/profile.ts";
import { caKeyCheckValue, iccCertificate, issuerCertificate, signedStaticApplicationData, type PublicKey } from "../hosts/desktop/emv-card/test-ca/certificates.ts";

const root = new URL("..", import.meta.url).pathname;
const CARDS = join(root, "test/emv/cards");
const CA_DIR = join(CARDS, "ca");
const PKI_FILE = join(CA_DIR, "test-pki.json");
const CA_LIST_FILE = join(CA_DIR, "test-ca-keys.json");

/** The test CA: three key sizes under each scheme RID the cards use, at indices no scheme publishes a key under. */
const CA_RIDS = ["A000000003", "A000000004"];
const CA_KEYS = [
  { index: "E1", bits: 1024 },
  { index: "E2", bits: 1408 },
  { index: "E3", bits: 1984 },
];
const CA_EXPONENT = 3;
const CA_EXPIRY = "20351231";


const crypto = new NodeCrypto();
const newKeys = process.argv.includes("--new-keys");


interface Pki {
  description: string;
  generated: string;
  ca: { rid: string; index: string; bits: number; expiry: string; key: StoredKey }[];
  issuers: Record<string, { bits: number; exponent: number; key: StoredKey }>;
}

type Json = Record<string, unknown>;

const hexOf = (b64url: string) => Buffer.from(b64url, "base64url").toString("hex").toUpperCase();
const b64Of = (hex: string) => Buffer.from(hex, "hex").toString("base64url");

function generate(bits: number, exponent: number): StoredKey {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: bits, publicExponent: exponent });
  const jwk = privateKey.export({ format: "jwk" }) as JsonWebKey;
  const key: StoredKey = {
    modulus: hexOf(jwk.n!),
    publicExponent: hexOf(jwk.e!),
    privateExponent: hexOf(jwk.d!),
    p: hexOf(jwk.p!),
    q: hexOf(jwk.q!),
    dp: hexOf(jwk.dp!),
    dq: hexOf(jwk.dq!),
    qInv: hexOf(jwk.qi!),
  };
  if (key.modulus.length !== bits / 4) throw new Error(`OpenSSL gave a ${key.modulus.length * 4}-bit modulus for ${bits} bits`);
  return key;
}

function keyObject(key: StoredKey): KeyObject {
  return createPrivateKey({
    key: { kty: "RSA", n: b64Of(key.modulus), e: b64Of(key.publicExponent), d: b64Of(key.privateExponent), p: b64Of(key.p), q: b64Of(key.q), dp: b64Of(key.dp), dq: b64Of(key.dq), qi: b64Of(key.qInv) },
    format: "jwk",
  });
}

/** The raw RSA private operation: message^d mod n, no padding. */
function signer(key: StoredKey): (message: Uint8Array) => Uint8Array {
  const object = keyObject(key);
  return (message) => new Uint8Array(privateEncrypt({ key: object, padding: constants.RSA_NO_PADDING }, message));
}

function publicKey(key: Pick<StoredKey, "modulus" | "publicExponent">): PublicKey {
  return { modulus: fromHex(key.modulus), exponent: fromHex(key.publicExponent) };
}

/** The card's copy of its key pair: CRT parts only. */
function cardKey(key: StoredKey): Omit<StoredKey, "privateExponent"> {
  const { privateExponent: _d, ...crt } = key;
  return crt;
}

function loadPki(): Pki {
  if (!newKeys && existsSync(PKI_FILE)) return JSON.parse(readFileSync(PKI_FILE, "utf8")) as Pki;
  return { description: "", generated: "", ca: [], issuers: {} };
}

function caKey(pki: Pki, rid: string, index: string, bits: number) {
  let ca = pki.ca.find((k) => k.rid === rid && k.index === index);
  if (!ca || ca.bits !== bits) {
    ca = { rid, index, bits, expiry: CA_EXPIRY, key: generate(bits, CA_EXPONENT) };
    pki.ca = pki.ca.filter((k) => !(k.rid === rid && k.index === index)).concat(ca);
  }
  return ca;
}

function issuerKey(pki: Pki, name: string, bits: number, exponent: number): StoredKey {
  const known = pki.issuers[name];
  if (known && known.bits === bits && known.exponent === exponent) return known.key;
  const key = generate(bits, exponent);
  pki.issuers[name] = { bits, exponent, key };
  return key;
}

/** The card's key pair on file in the profile when it still fits the spec (reruns change nothing), else a new one. */
function cardKeyPair(raw: Json, field: "iccPrivateKey" | "pinPrivateKey", bits: number, exponent: number): Omit<StoredKey, "privateExponent"> {
  const onFile = raw[field] as Omit<StoredKey, "privateExponent"> | undefined;
  if (!newKeys && onFile && onFile.modulus.length === bits / 4 && BigInt("0x" + onFile.publicExponent) === BigInt(exponent)) return onFile;
  return cardKey(generate(bits, exponent));
}

/** Puts `tag` into the record holding `after`, just behind it, unless a record already has it. */
function placeRemainder(records: Json[], after: string, tag: string): void {
  if (records.some((r) => (r.tags as string[]).includes(tag))) return;
  const record = records.find((r) => (r.tags as string[]).includes(after));
  if (!record) throw new Error(`no record holds ${after}`);
  const tags = record.tags as string[];
  tags.splice(tags.indexOf(after) + 1, 0, tag);
}

function dropTag(records: Json[], data: Json, tag: string): void {
  delete data[tag];
  for (const r of records) r.tags = (r.tags as string[]).filter((t) => t !== tag);
}

/** One key's three data objects (certificate, exponent, remainder), with the remainder placed or dropped. */
function setCertified(raw: Json, certTag: string, exponentTag: string, remainderTag: string, cert: { certificate: Uint8Array; remainder?: Uint8Array }, exponent: string): void {
  const data = raw.data as Json;
  const records = raw.records as Json[];
  data[certTag] = toHex(cert.certificate);
  data[exponentTag] = exponent;
  if (cert.remainder) {
    data[remainderTag] = toHex(cert.remainder);
    placeRemainder(records, certTag, remainderTag);
  } else dropTag(records, data, remainderTag);
}

function makeApplication(pki: Pki, raw: Json, file: string, index: number): void {
  const profile = loadCardProfile({ description: "-", atr: "3B00", protocol: 0, applications: [raw] }, { requireKeys: false }).applications[0];
  const spec = profile.certificates;
  if (!spec) return;
  const where = `${file} applications[${index}]`;
  for (const r of profile.records) {
    const generated = r.tags.filter((t) => CERTIFICATE_TAGS.includes(t));
    if (r.oda && generated.length) throw new Error(`${where}: record ${r.sfi}/${r.record} is signed static data but holds ${generated.join(" ")}`);
  }
  const rid = toHex(profile.aid.subarray(0, 5));
  const caIndex = toHex(Uint8Array.of(spec.caIndex));
  const ca = pki.ca.find((k) => k.rid === rid && k.index === caIndex);
  if (!ca) throw new Error(`${where}: no test CA key ${rid} ${caIndex}`);
  if (spec.issuer.bits > ca.bits) throw new Error(`${where}: the issuer key is longer than the CA key`);
  const issuer = issuerKey(pki, spec.issuer.key, spec.issuer.bits, spec.issuer.exponent);
  const pan = panDigits(profile.data.get("5A")!);
  const data = raw.data as Json;
  data["8F"] = caIndex;
  const issuerCert = issuerCertificate(
    crypto,
    { caModulusLength: ca.bits / 8, issuerKey: publicKey(issuer), pan, serial: spec.issuer.serial, expiry: spec.issuer.expiry, corruptHash: spec.issuer.corrupt === "hash" },
    signer(ca.key),
  );
  setCertified(raw, "90", "9F32", "92", issuerCert, issuer.publicExponent);
  const staticData = staticDataToAuthenticate(profile.records, profile.data, profile.aip);
  const signIssuer = signer(issuer);
  if (spec.sda) data["93"] = toHex(signedStaticApplicationData(crypto, spec.issuer.bits / 8, spec.sda.dataAuthenticationCode, staticData, signIssuer));
  else dropTag(raw.records as Json[], data, "93");
  for (const [field, tags, keySpec, withStatic] of [
    ["iccPrivateKey", ["9F46", "9F47", "9F48"], spec.icc, true],
    ["pinPrivateKey", ["9F2D", "9F2E", "9F2F"], spec.pinEncipherment, false],
  ] as const) {
    if (!keySpec) {
      delete raw[field];
      for (const tag of tags) dropTag(raw.records as Json[], data, tag);
      continue;
    }
    if (keySpec.bits > spec.issuer.bits) throw new Error(`${where}: the ${field} is longer than the issuer key`);
    const key = cardKeyPair(raw, field, keySpec.bits, keySpec.exponent);
    const cert = iccCertificate(
      crypto,
      { issuerModulusLength: spec.issuer.bits / 8, iccKey: publicKey(key), pan, serial: keySpec.serial, expiry: keySpec.expiry, ...(withStatic ? { staticData } : {}) },
      signIssuer,
    );
    setCertified(raw, tags[0], tags[1], tags[2], cert, key.publicExponent);
    raw[field] = key;
  }
}

/**
 * JSON as JSON.stringify(value, null, 2) writes it, except that the data
 * objects by tag are written in tag order: a JavaScript object would put
 * tags that look like integers (57, 90) before all others.
 */
function toJson(value: unknown, indent = "", key = ""): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const inner = indent + "  ";
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== "object")) return `[${value.map((v) => JSON.stringify(v)).join(", ")}]`;
    return `[\n${value.map((v) => inner + toJson(v, inner)).join(",\n")}\n${indent}]`;
  }
  const keys = Object.keys(value);
  if (key === "data") keys.sort();
  if (keys.length === 0) return "{}";
  return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${toJson((value as Json)[k], inner, k)}`).join(",\n")}\n${indent}}`;
}

function main(): void {
  const pki = loadPki();
  for (const rid of CA_RIDS) for (const { index, bits } of CA_KEYS) caKey(pki, rid, index, bits);
  const files = readdirSync(CARDS).filter((f) => f.endsWith(".json")).sort();
  for (const file of files) {
    const path = join(CARDS, file);
    const raw = JSON.parse(readFileSync(path, "utf8")) as Json;
    try {
      (raw.applications as Json[]).forEach((app, i) => makeApplication(pki, app, file, i));
      // the result must load as the card loads it, keys required
      loadCardProfile(raw);
    } catch (e) {
      throw new Error(`${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
    writeFileSync(path, toJson(raw) + "\n");
    console.log(`${file}: ${(raw.applications as Json[]).length} application(s)`);
  }
  const today = new Date().toISOString().slice(0, 10);
  if (newKeys || !pki.generated) pki.generated = today;
  pki.description =
    "TEST ONLY. Private keys of the xspos test CA and test issuers, made by tools/make-test-cards.ts with node:crypto. " +
    "Published with the project: anything they sign proves nothing outside its tests.";
  mkdirSync(CA_DIR, { recursive: true });
  writeFileSync(PKI_FILE, JSON.stringify(pki, null, 2) + "\n");
  const caKeys = pki.ca
    .slice()
    .sort((a, b) => a.rid.localeCompare(b.rid) || a.index.localeCompare(b.index))
    .map((k) => {
      const key = publicKey(k.key);
      return {
        rid: k.rid,
        index: k.index,
        modulus: k.key.modulus,
        exponent: k.key.publicExponent.padStart(2, "0"),
        expiry: k.expiry,
        hashAlgorithm: "01",
        checksum: toHex(caKeyCheckValue(crypto, fromHex(k.rid), parseInt(k.index, 16), key)),
      };
    });
  const list = {
    description:
      "TEST ONLY. The xspos test CA public keys (tools/make-test-cards.ts), in the form the terminal configuration's caKeys takes. " +
      "The virtual EMV cards of test/emv/cards are certified under them; no card in circulation is.",
    generated: pki.generated,
    caKeys,
  };
  writeFileSync(CA_LIST_FILE, JSON.stringify(list, null, 2) + "\n");
  console.log(`${caKeys.length} CA keys in ${CA_LIST_FILE.slice(root.length)}`);
}

try {
  main();
} catch (e) {
  console.error(`make-test-cards: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
