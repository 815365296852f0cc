import { constantTimeEqual } from "../../core/bytes.ts";
import { toHex } from "../../core/hex.ts";
import type { Crypto } from "../../crypto/port.ts";
import { caKeyCheckValue, caKeyProblem, findCaKey, type CaPublicKey } from "./ca-key.ts";
import { verifyCdaSignature, type CdaSignatureResult } from "./cda-signature.ts";
import { transactionMonth } from "./certificate-dates.ts";
import { verifyDynamicSignature, type DynamicSignatureResult } from "./dynamic-signature.ts";
import { OdaError } from "./error.ts";
import { recoverIccKey, type IccKeyResult } from "./icc-key.ts";
import { recoverIssuerKey, type IssuerKeyResult } from "./issuer-key.ts";
import { publicKeyFromJson } from "./public-key.ts";
import type { OdaReason, OdaStep, OdaVerdict } from "./reason.ts";
import type { RevokedCertificate } from "./revocation.ts";
import { verifyStaticSignature, type StaticSignatureResult } from "./static-signature.ts";

/** The offline data authentication methods of EMV 4.4 Book 2 (§5 SDA, §6.5 DDA, §6.6 CDA). */
export type OdaMethod = "SDA" | "DDA" | "CDA";

/** What every method needs: the terminal's CA keys and revocation list, the card's issuer certificate, the transaction. */
interface CommonInput {
  /** the terminal's CA public keys (from its configuration) */
  caKeys: Iterable<CaPublicKey>;
  /** the RID: the first five bytes of the selected AID */
  rid: Uint8Array;
  /** Certification Authority Public Key Index (8F) */
  caKeyIndex?: number;
  /** Issuer Public Key Certificate (90) */
  issuerCertificate?: Uint8Array;
  /** Issuer Public Key Remainder (92) */
  issuerRemainder?: Uint8Array;
  /** Issuer Public Key Exponent (9F32) */
  issuerExponent?: Uint8Array;
  /** Application PAN (5A) */
  pan?: Uint8Array;
  /** Transaction Date (9A), YYMMDD in BCD */
  transactionDate: Uint8Array;
  /** the certification revocation list */
  revoked?: Iterable<RevokedCertificate>;
  /** the static data to be authenticated (records the AFL marks for ODA, then the AIP when 9F4A names it) */
  staticData: Uint8Array;
}

/** SDA: the Signed Static Application Data too. */
export interface SdaInput extends CommonInput {
  method: "SDA";
  /** Signed Static Application Data (93) */
  signedStaticData?: Uint8Array;
}

/** DDA and CDA: the ICC certificate too. */
interface IccInput extends CommonInput {
  /** ICC Public Key Certificate (9F46) */
  iccCertificate?: Uint8Array;
  /** ICC Public Key Remainder (9F48) */
  iccRemainder?: Uint8Array;
  /** ICC Public Key Exponent (9F47) */
  iccExponent?: Uint8Array;
}

/** DDA: the signature INTERNAL AUTHENTICATE returned and the DDOL data it was sent. */
export interface DdaInput extends IccInput {
  method: "DDA";
  /** Signed Dynamic Application Data (9F4B) of INTERNAL AUTHENTICATE */
  signedDynamicData?: Uint8Array;
  /** the data the DDOL asked for, as sent */
  ddolData: Uint8Array;
}

/** CDA: the GENERATE AC response and what the terminal sent for it. */
export interface CdaInput extends IccInput {
  method: "CDA";
  /** the GENERATE AC response data (template 77), without SW1 SW2 */
  generateAcResponse?: Uint8Array;
  /** Unpredictable Number (9F37) sent in the CDOL data */
  unpredictableNumber: Uint8Array;
  /** the PDOL data sent in GET PROCESSING OPTIONS (values only); empty without a PDOL */
  pdolData: Uint8Array;
  /** the CDOL1 data of the first GENERATE AC */
  cdol1Data: Uint8Array;
  /** the CDOL2 data, when verifying the second GENERATE AC */
  cdol2Data?: Uint8Array;
}

/** The input of {@link authenticate}, by method. */
export type OdaInput = SdaInput | DdaInput | CdaInput;

/** What {@link authenticate} found: plain JSON, every step's recovered fields, and why it failed. */
export interface OdaResult {
  method: OdaMethod;
  verdict: OdaVerdict;
  reason?: OdaReason;
  /** the step that failed */
  step?: OdaStep;
  /** with `data-missing`: the tags absent */
  missing?: string[];
  /** the CA key used: RID, index, check sum as computed */
  caKey?: { rid: string; index: number; checksum: string };
  issuerKey?: IssuerKeyResult;
  iccKey?: IccKeyResult;
  /** SDA, §5.4 */
  staticSignature?: StaticSignatureResult;
  /** DDA, §6.5.2 */
  dynamicSignature?: DynamicSignatureResult;
  /** CDA, §6.6.2 */
  cdaSignature?: CdaSignatureResult;
}

/** The data objects each method needs from the card (Book 3 §10.3), by tag. */
function missingData(input: OdaInput): string[] {
  const missing: string[] = [];
  const need = (tag: string, value: unknown) => {
    if (value === undefined || (value instanceof Uint8Array && value.length === 0)) missing.push(tag);
  };
  need("8F", input.caKeyIndex);
  need("90", input.issuerCertificate);
  need("9F32", input.issuerExponent);
  need("5A", input.pan);
  if (input.method === "SDA") need("93", input.signedStaticData);
  else {
    need("9F46", input.iccCertificate);
    need("9F47", input.iccExponent);
    if (input.method === "DDA") need("9F4B", input.signedDynamicData);
    else need("77", input.generateAcResponse);
  }
  return missing;
}

function checkTerminalInput(input: OdaInput): void {
  if (input === null || typeof input !== "object" || (input.method !== "SDA" && input.method !== "DDA" && input.method !== "CDA")) {
    throw new OdaError("ODA_INPUT", "the method is SDA, DDA or CDA");
  }
  if (!(input.rid instanceof Uint8Array) || input.rid.length !== 5) throw new OdaError("ODA_INPUT", "the RID is 5 bytes");
  const keys = input.caKeys as Partial<Iterable<CaPublicKey>> | undefined;
  if (keys === null || typeof keys !== "object" || typeof keys[Symbol.iterator] !== "function") throw new OdaError("ODA_INPUT", "the CA public keys are a table (an iterable)");
  const bytes = (name: string, value: unknown) => {
    if (!(value instanceof Uint8Array)) throw new OdaError("ODA_INPUT", `${name} is bytes (empty when there is none)`);
  };
  bytes("the static data to be authenticated", input.staticData);
  if (input.method === "DDA") bytes("the DDOL data", input.ddolData);
  if (input.method === "CDA") {
    bytes("the Unpredictable Number", input.unpredictableNumber);
    bytes("the PDOL data", input.pdolData);
    bytes("the CDOL1 data", input.cdol1Data);
    if (input.cdol2Data !== undefined) bytes("the CDOL2 data", input.cdol2Data);
  }
  if (input.caKeyIndex !== undefined && (!Number.isInteger(input.caKeyIndex) || input.caKeyIndex < 0 || input.caKeyIndex > 255)) {
    throw new OdaError("ODA_INPUT", "the CA Public Key Index is 0-255");
  }
  transactionMonth(input.transactionDate);
}

/**
 * Offline data authentication as the kernel runs it (EMV 4.4 Book 3 §10.3
 * over Book 2 §5 and §6): the CA key the card names, the issuer key (§5.3,
 * §6.3), then for SDA the Signed Static Application Data (§5.4), for DDA
 * the ICC key (§6.4) and the INTERNAL AUTHENTICATE signature (§6.5.2), for
 * CDA the ICC key and the GENERATE AC signature (§6.6.2). The first step
 * that fails ends it with its reason; the kernel sets "SDA failed", "DDA
 * failed" or "CDA failed" (and "ICC data missing" for `data-missing`).
 * @throws OdaError `ODA_INPUT` for an unknown method, CA keys that are not iterable, a RID that is not 5 bytes, a CA key index outside 0-255, or terminal data (static data, DDOL, PDOL, CDOL data, Unpredictable Number) that is not bytes; `ODA_DATE` for a transaction date that is not a date
 */
export function authenticate(crypto: Crypto, input: OdaInput): OdaResult {
  checkTerminalInput(input);
  const method = input.method;
  const failed = (step: OdaStep, reason: OdaReason | undefined, parts: Partial<OdaResult>): OdaResult => ({ method, verdict: "failed", reason, step, ...parts });

  const missing = missingData(input);
  if (missing.length) return failed("data", "data-missing", { missing });

  const caKey = findCaKey(input.caKeys, input.rid, input.caKeyIndex!);
  if (!caKey) return failed("ca-key", "ca-key-unknown", {});
  const checksum = caKeyProblem(caKey) ? undefined : caKeyCheckValue(crypto, caKey);
  const caKeyJson = { rid: toHex(caKey.rid), index: caKey.index, checksum: checksum ? toHex(checksum) : "" };
  if (!checksum || !constantTimeEqual(checksum, caKey.checksum)) return failed("ca-key", "ca-key-checksum", { caKey: caKeyJson });

  const issuerKey = recoverIssuerKey(crypto, {
    caKey,
    certificate: input.issuerCertificate!,
    remainder: input.issuerRemainder,
    exponent: input.issuerExponent!,
    pan: input.pan!,
    transactionDate: input.transactionDate,
    revoked: input.revoked,
  });
  if (!issuerKey.publicKey) return failed("issuer-key", issuerKey.reason, { caKey: caKeyJson, issuerKey });
  const issuerPublicKey = publicKeyFromJson(issuerKey.publicKey);

  if (input.method === "SDA") {
    const staticSignature = verifyStaticSignature(crypto, { issuerKey: issuerPublicKey, signedStaticData: input.signedStaticData!, staticData: input.staticData });
    const parts = { caKey: caKeyJson, issuerKey, staticSignature };
    return staticSignature.verdict === "valid" ? { method, verdict: "valid", ...parts } : failed("signed-static-data", staticSignature.reason, parts);
  }

  const iccKey = recoverIccKey(crypto, {
    issuerKey: issuerPublicKey,
    certificate: input.iccCertificate!,
    remainder: input.iccRemainder,
    exponent: input.iccExponent!,
    staticData: input.staticData,
    pan: input.pan!,
    transactionDate: input.transactionDate,
  });
  if (!iccKey.publicKey) return failed("icc-key", iccKey.reason, { caKey: caKeyJson, issuerKey, iccKey });
  const iccPublicKey = publicKeyFromJson(iccKey.publicKey);

  if (input.method === "DDA") {
    const dynamicSignature = verifyDynamicSignature(crypto, { iccKey: iccPublicKey, signedDynamicData: input.signedDynamicData!, ddolData: input.ddolData });
    const parts = { caKey: caKeyJson, issuerKey, iccKey, dynamicSignature };
    return dynamicSignature.verdict === "valid" ? { method, verdict: "valid", ...parts } : failed("dynamic-signature", dynamicSignature.reason, parts);
  }

  const cdaSignature = verifyCdaSignature(crypto, {
    iccKey: iccPublicKey,
    response: input.generateAcResponse!,
    unpredictableNumber: input.unpredictableNumber,
    pdolData: input.pdolData,
    cdol1Data: input.cdol1Data,
    cdol2Data: input.cdol2Data,
  });
  const parts = { caKey: caKeyJson, issuerKey, iccKey, cdaSignature };
  if (cdaSignature.verdict === "valid") return { method, verdict: "valid", ...parts };
  return failed("dynamic-signature", cdaSignature.reason, { ...parts, ...(cdaSignature.missing ? { missing: cdaSignature.missing } : {}) });
}
