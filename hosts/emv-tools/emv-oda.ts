/**
 * `emvOda`: offline data authentication by hand (EMV 4.4 Book 2 §5-6),
 * step by step through modules/emv/oda: the issuer public key recovered
 * from its certificate under a CA key (named by RID and index from the
 * terminal's keys, or given whole), then the ICC public key from its
 * certificate, then the Signed Static Application Data (SDA), an INTERNAL
 * AUTHENTICATE signature (DDA) or a GENERATE AC response's signature
 * (CDA). Every recovered field comes back, and the verdict with the step
 * and reason of the first failure.
 */
import { constantTimeEqual } from "../../modules/core/bytes.ts";
import { fromHex, toHex } from "../../modules/core/hex.ts";
import { isXsposError } from "../../modules/core/error.ts";
import { caKeyCheckValue, findCaKey, type CaPublicKey } from "../../modules/emv/oda/ca-key.ts";
import { verifyCdaSignature, type CdaSignatureResult } from "../../modules/emv/oda/cda-signature.ts";
import { verifyDynamicSignature, type DynamicSignatureResult } from "../../modules/emv/oda/dynamic-signature.ts";
import { recoverIccKey, type IccKeyResult } from "../../modules/emv/oda/icc-key.ts";
import { recoverIssuerKey, type IssuerKeyResult } from "../../modules/emv/oda/issuer-key.ts";
import { publicKeyFromJson } from "../../modules/emv/oda/public-key.ts";
import type { OdaReason } from "../../modules/emv/oda/reason.ts";
import type { RevokedCertificate } from "../../modules/emv/oda/revocation.ts";
import { verifyStaticSignature, type StaticSignatureResult } from "../../modules/emv/oda/static-signature.ts";
import { NodeCrypto } from "../node/node-crypto.ts";
import { checkConfig, knownCaKeys } from "./ca-key-table.ts";
import { EmvToolError } from "./error.ts";

/** What `emvOda` takes; bytes as hex strings. */
export interface EmvOdaOptions {
  /** the CA key: by RID and index (hex) among the configuration's and the test CA keys, or given whole (RID and index then only name it) */
  caKey: { rid: string; index: string } | { modulus: string; exponent: string; rid?: string; index?: string };
  /** where a CA key named by RID and index is looked up: a configuration file's path or its JSON (the sample's keys when absent), with the test CA keys */
  config?: string | object;
  /** Issuer Public Key Certificate (90) */
  issuerCert: string;
  /** Issuer Public Key Remainder (92) */
  issuerRemainder?: string;
  /** Issuer Public Key Exponent (9F32) */
  issuerExponent: string;
  /** ICC Public Key Certificate (9F46), for DDA and CDA */
  iccCert?: string;
  /** ICC Public Key Remainder (9F48) */
  iccRemainder?: string;
  /** ICC Public Key Exponent (9F47) */
  iccExponent?: string;
  /** the static data to be authenticated (Book 3 §10.3): hashed by the ICC certificate and by SDA */
  staticData?: string;
  /** Signed Static Application Data (93): verify SDA */
  ssad?: string;
  /** Signed Dynamic Application Data (9F4B) of INTERNAL AUTHENTICATE: verify DDA */
  sdad?: string;
  /** the DDOL data INTERNAL AUTHENTICATE was sent (DDA) */
  dynamicData?: string;
  /** the GENERATE AC response data, template 77: verify CDA */
  cdaResponse?: string;
  /** CDA: Unpredictable Number (9F37) of the CDOL data */
  unpredictableNumber?: string;
  /** CDA: the PDOL data sent with GET PROCESSING OPTIONS (empty when none) */
  pdolData?: string;
  /** CDA: the CDOL1 data of the first GENERATE AC */
  cdol1Data?: string;
  /** CDA: the CDOL2 data, for a second GENERATE AC's response */
  cdol2Data?: string;
  /** the Application PAN (5A), digits */
  pan: string;
  /** Transaction Date YYMMDD (default today, UTC): certificates are checked against it */
  date?: string;
  /** the certification revocation list: RID, index and certificate serial number, hex */
  revocations?: { rid: string; index: string; serial: string }[];
}

/** What `emvOda` returns. */
export interface EmvOdaResult {
  /** what was checked after the certificates: SDA, DDA, CDA, or the certificates alone */
  method: "SDA" | "DDA" | "CDA" | "certificates";
  verdict: "valid" | "failed";
  step?: "ca-key" | "issuer-key" | "icc-key" | "signed-static-data" | "dynamic-signature";
  reason?: OdaReason;
  caKey: { rid?: string; index?: string; bits: number; exponent: string; checksum?: string; source: "sample" | "config" | "test" | "given" };
  issuerKey: IssuerKeyResult;
  iccKey?: IccKeyResult;
  staticSignature?: StaticSignatureResult;
  dynamicSignature?: DynamicSignatureResult;
  cdaSignature?: CdaSignatureResult;
}

const OPTIONS = [
  "caKey", "config", "issuerCert", "issuerRemainder", "issuerExponent", "iccCert", "iccRemainder", "iccExponent", "staticData", "ssad", "sdad",
  "dynamicData", "cdaResponse", "unpredictableNumber", "pdolData", "cdol1Data", "cdol2Data", "pan", "date", "revocations",
];
const HEX = /^(?:[0-9A-Fa-f]{2})*$/;
const PAN = /^[0-9]{12,19}$/;
const YYMMDD = /^[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])$/;
/** The longest certificate or signature: a 1984-bit key. */
const MAX_BYTES = 248;
/** The longest static data, DOL data or response the tool takes. */
const MAX_DATA_BYTES = 4096;

function refuse(message: string): never {
  throw new EmvToolError("EMV_ODA_INPUT", message);
}

function hex(o: Record<string, unknown>, field: string, options: { required?: boolean; max?: number; exact?: number; nonEmpty?: boolean; within?: string } = {}): Uint8Array | undefined {
  const v = o[field];
  const name = options.within ? `${options.within}.${field}` : field;
  if (v === undefined) {
    if (options.required) refuse(`${name}: hex expected`);
    return undefined;
  }
  if (typeof v !== "string" || !HEX.test(v)) refuse(`${name}: hex expected (an even number of hex digits)`);
  const bytes = fromHex(v);
  if (options.exact !== undefined && bytes.length !== options.exact) refuse(`${name}: ${options.exact} bytes expected`);
  if (bytes.length > (options.max ?? MAX_BYTES)) refuse(`${name}: at most ${options.max ?? MAX_BYTES} bytes expected`);
  if (options.nonEmpty && bytes.length === 0) refuse(`${name}: at least one byte expected`);
  return bytes;
}

/** The PAN as 5A holds it: cn, F-padded to whole bytes. */
function panBytes(digits: string): Uint8Array {
  return fromHex(digits.length % 2 ? digits + "F" : digits);
}

function bcdDate(date: string): Uint8Array {
  return fromHex(date);
}

function today(): string {
  return new Date().toISOString().slice(2, 10).replaceAll("-", "");
}

/** The CA key: looked up, or the one given. */
function caKeyOf(o: Record<string, unknown>): { key: Pick<CaPublicKey, "rid" | "index" | "modulus" | "exponent">; info: EmvOdaResult["caKey"] } {
  const spec = o.caKey;
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) refuse("caKey: { rid, index } or { modulus, exponent } expected");
  const s = spec as Record<string, unknown>;
  for (const key of Object.keys(s)) if (!["rid", "index", "modulus", "exponent"].includes(key)) refuse(`caKey.${key}: not a field of caKey`);
  const rid = hex(s, "rid", { exact: 5, within: "caKey" });
  const index = hex(s, "index", { exact: 1, within: "caKey" });
  if (s.modulus !== undefined || s.exponent !== undefined) {
    const modulus = hex(s, "modulus", { required: true, nonEmpty: true, within: "caKey" })!;
    const exponent = hex(s, "exponent", { required: true, nonEmpty: true, max: 3, within: "caKey" })!;
    const key = { rid: rid ?? new Uint8Array(5), index: index?.[0] ?? 0, modulus, exponent };
    const info: EmvOdaResult["caKey"] = { bits: modulus.length * 8, exponent: toHex(exponent), source: "given" };
    if (rid && index) {
      info.rid = toHex(rid);
      info.index = toHex(index);
      info.checksum = toHex(caKeyCheckValue(new NodeCrypto(), key));
    }
    return { key, info };
  }
  if (!rid || !index) refuse("caKey: a RID (5 bytes) and an index (1 byte), or a modulus and an exponent, expected");
  const { keys, json } = knownCaKeys(o.config as string | object | undefined);
  const table = keys.flatMap(({ key, source }) => {
    try {
      return [{ rid: fromHex(key.rid), index: parseInt(key.index, 16), modulus: fromHex(key.modulus), exponent: fromHex(key.exponent), checksum: fromHex(key.checksum), source }];
    } catch (e) {
      if (isXsposError(e)) return [];
      throw e;
    }
  });
  const found = findCaKey(table, rid, index[0]);
  if (!found) throw new EmvToolError("EMV_CA_KEY_UNKNOWN", `no CA key ${toHex(rid)} ${toHex(index)} in the configuration or the test CA keys`);
  // Book 2 §11.2: a key whose check sum does not match is not used
  if (!constantTimeEqual(caKeyCheckValue(new NodeCrypto(), found), found.checksum)) {
    throw new EmvToolError("EMV_CAPK_CHECKSUM", `CA key ${toHex(rid)} ${toHex(index)}: its check sum is not the SHA-1 of its RID, index, modulus and exponent`);
  }
  if (o.config !== undefined) checkConfig(json);
  return { key: found, info: { rid: toHex(rid), index: toHex(index), bits: found.modulus.length * 8, exponent: toHex(found.exponent), checksum: toHex(found.checksum), source: found.source } };
}

function revocationsOf(o: Record<string, unknown>): RevokedCertificate[] {
  if (o.revocations === undefined) return [];
  if (!Array.isArray(o.revocations) || o.revocations.length > 256) refuse("revocations: a list of at most 256 { rid, index, serial } expected");
  return o.revocations.map((r, i) => {
    if (r === null || typeof r !== "object") refuse(`revocations[${i}]: { rid, index, serial } expected`);
    const e = r as Record<string, unknown>;
    const within = `revocations[${i}]`;
    const rid = hex(e, "rid", { required: true, exact: 5, within });
    const index = hex(e, "index", { required: true, exact: 1, within });
    const serial = hex(e, "serial", { required: true, exact: 3, within });
    if (!rid || !index || !serial) refuse(`revocations[${i}]: { rid, index, serial } expected`);
    return { rid, index: index[0], serial };
  });
}

/**
 * Recovers and checks, as EMV 4.4 Book 2 orders the steps.
 * @throws EmvToolError `EMV_ODA_INPUT` for a missing, unknown or malformed option (or SDA, DDA and CDA asked together, or DDA/CDA without the ICC certificate), `EMV_CA_KEY_UNKNOWN` for a RID and index no known key has, `EMV_CAPK_CHECKSUM` for a key named whose check sum does not match; ConfigError `CONFIG_*` for a configuration given that the terminal would refuse; ScenarioError `SCENARIO_FILE` for a configuration file that cannot be read
 */
export function emvOda(options: EmvOdaOptions): EmvOdaResult {
  if (options === null || typeof options !== "object") refuse("an options object expected");
  const o = options as unknown as Record<string, unknown>;
  for (const key of Object.keys(o)) if (!OPTIONS.includes(key)) refuse(`${key}: not an option of emvOda`);
  if (o.config !== undefined && (o.caKey as Record<string, unknown> | undefined)?.modulus !== undefined) refuse("config: goes with a CA key named by RID and index");
  if (typeof o.pan !== "string" || !PAN.test(o.pan)) refuse("pan: 12 to 19 digits expected");
  const date = o.date ?? today();
  if (typeof date !== "string" || !YYMMDD.test(date)) refuse("date: YYMMDD expected");
  const issuerCert = hex(o, "issuerCert", { required: true, nonEmpty: true })!;
  const issuerRemainder = hex(o, "issuerRemainder");
  const issuerExponent = hex(o, "issuerExponent", { required: true, nonEmpty: true, max: 3 })!;
  const iccCert = hex(o, "iccCert", { nonEmpty: true });
  const iccRemainder = hex(o, "iccRemainder");
  const iccExponent = hex(o, "iccExponent", { nonEmpty: true, max: 3 });
  const staticData = hex(o, "staticData", { max: MAX_DATA_BYTES }) ?? new Uint8Array(0);
  const ssad = hex(o, "ssad", { nonEmpty: true });
  const sdad = hex(o, "sdad", { nonEmpty: true });
  const cdaResponse = hex(o, "cdaResponse", { nonEmpty: true, max: MAX_DATA_BYTES });
  const asked = [ssad && "ssad", sdad && "sdad", cdaResponse && "cdaResponse"].filter(Boolean);
  if (asked.length > 1) refuse(`${asked.join(", ")}: one of SDA (ssad), DDA (sdad) or CDA (cdaResponse) at a time`);
  if ((sdad || cdaResponse) && (!iccCert || !iccExponent)) refuse("iccCert, iccExponent: DDA and CDA need the ICC public key certificate and exponent");
  if (iccRemainder && !iccCert) refuse("iccRemainder: goes with iccCert");
  const dynamicData = hex(o, "dynamicData", { max: MAX_DATA_BYTES });
  if (sdad && dynamicData === undefined) refuse("dynamicData: DDA needs the DDOL data sent with INTERNAL AUTHENTICATE");
  if (!sdad && dynamicData !== undefined) refuse("dynamicData: goes with sdad (DDA)");
  const cdaParts = ["unpredictableNumber", "pdolData", "cdol1Data", "cdol2Data"];
  if (!cdaResponse) for (const p of cdaParts) if (o[p] !== undefined) refuse(`${p}: goes with cdaResponse (CDA)`);
  const unpredictableNumber = hex(o, "unpredictableNumber", { exact: 4 });
  const pdolData = hex(o, "pdolData", { max: MAX_DATA_BYTES }) ?? new Uint8Array(0);
  const cdol1Data = hex(o, "cdol1Data", { max: MAX_DATA_BYTES });
  const cdol2Data = hex(o, "cdol2Data", { max: MAX_DATA_BYTES });
  if (cdaResponse && (!unpredictableNumber || !cdol1Data)) refuse("unpredictableNumber, cdol1Data: CDA needs the Unpredictable Number and the CDOL1 data");
  const revoked = revocationsOf(o);
  const { key, info } = caKeyOf(o);

  const crypto = new NodeCrypto();
  const pan = panBytes(o.pan);
  const transactionDate = bcdDate(date);
  const method: EmvOdaResult["method"] = ssad ? "SDA" : sdad ? "DDA" : cdaResponse ? "CDA" : "certificates";
  const issuerKey = recoverIssuerKey(crypto, { caKey: key, certificate: issuerCert, remainder: issuerRemainder, exponent: issuerExponent, pan, transactionDate, revoked });
  const result: EmvOdaResult = { method, verdict: "failed", caKey: info, issuerKey };
  const fail = (step: NonNullable<EmvOdaResult["step"]>, reason: OdaReason | undefined) => {
    result.step = step;
    if (reason) result.reason = reason;
    return result;
  };
  if (!issuerKey.publicKey) return fail("issuer-key", issuerKey.reason);
  const issuerPublic = publicKeyFromJson(issuerKey.publicKey);
  if (ssad) {
    result.staticSignature = verifyStaticSignature(crypto, { issuerKey: issuerPublic, signedStaticData: ssad, staticData });
    if (result.staticSignature.verdict !== "valid") return fail("signed-static-data", result.staticSignature.reason);
  }
  if (iccCert && iccExponent) {
    result.iccKey = recoverIccKey(crypto, { issuerKey: issuerPublic, certificate: iccCert, remainder: iccRemainder, exponent: iccExponent, staticData, pan, transactionDate });
    if (!result.iccKey.publicKey) return fail("icc-key", result.iccKey.reason);
    const iccPublic = publicKeyFromJson(result.iccKey.publicKey);
    if (sdad) {
      result.dynamicSignature = verifyDynamicSignature(crypto, { iccKey: iccPublic, signedDynamicData: sdad, ddolData: dynamicData! });
      if (result.dynamicSignature.verdict !== "valid") return fail("dynamic-signature", result.dynamicSignature.reason);
    }
    if (cdaResponse) {
      result.cdaSignature = verifyCdaSignature(crypto, { iccKey: iccPublic, response: cdaResponse, unpredictableNumber: unpredictableNumber!, pdolData, cdol1Data: cdol1Data!, ...(cdol2Data ? { cdol2Data } : {}) });
      if (result.cdaSignature.verdict !== "valid") return fail("dynamic-signature", result.cdaSignature.reason);
    }
  }
  result.verdict = "valid";
  return result;
}
