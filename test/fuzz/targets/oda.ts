/**
 * Fuzz target of offline data authentication (modules/emv/oda): what a
 * card hands the terminal to prove itself (certificates, remainders,
 * exponents, signatures, a GENERATE AC response), checked under a fixed
 * test CA. The keys are the test PKI of the ODA suites (CA 1408 bits and
 * issuer 1152 bits with exponent 3, card 1024 bits with 65537): public
 * operations only, a few multiplications each, so the rate stays near
 * that of the other parsers. A certificate or signature that fails must
 * fail with a reason, never an exception, and the outcome is plain JSON.
 */
import { fromHex } from "../../../modules/core/hex.ts";
import { authenticate, type OdaMethod } from "../../../modules/emv/oda/authenticate.ts";
import type { CaPublicKey } from "../../../modules/emv/oda/ca-key.ts";
import { verifyCdaSignature } from "../../../modules/emv/oda/cda-signature.ts";
import { verifyDynamicSignature } from "../../../modules/emv/oda/dynamic-signature.ts";
import { recoverIccKey } from "../../../modules/emv/oda/icc-key.ts";
import { recoverIssuerKey } from "../../../modules/emv/oda/issuer-key.ts";
import { publicKeyFromJson } from "../../../modules/emv/oda/public-key.ts";
import { verifyStaticSignature } from "../../../modules/emv/oda/static-signature.ts";
import { TEST_PKI as P } from "../../modules/emv/oda/test-pki.ts";
import { testCrypto } from "../../support/crypto.ts";
import { defineTarget } from "../harness.ts";
import { replies, script } from "../script.ts";

const crypto = testCrypto(3);
const CA: CaPublicKey = { rid: fromHex(P.rid), index: P.caIndex, modulus: fromHex(P.ca.modulus), exponent: fromHex(P.ca.exponent), checksum: fromHex(P.ca.checksum) };
const ISSUER_KEY = { modulus: fromHex(P.issuerKey.modulus), exponent: fromHex(P.issuerKey.exponent) };
const ICC_KEY = { modulus: fromHex(P.iccKey.modulus), exponent: fromHex(P.iccKey.exponent) };
const DATE = fromHex(P.transactionDate);
const STATIC_DATA = fromHex(P.staticData);
const METHODS: OdaMethod[] = ["SDA", "DDA", "CDA"];

/**
 * The steps, by the first byte (bits 0-2, mod 5); each takes its parts
 * from the replies that follow:
 * - IssuerKey: issuer certificate, remainder, exponent, PAN; then, when the key comes out, the SSAD and static data;
 * - IccKey: ICC certificate, remainder, exponent, static data, PAN, under the test issuer key;
 * - Dynamic: SDAD and DDOL data, under the test card key;
 * - Cda: GENERATE AC response, UN, PDOL data, CDOL1 data, CDOL2 data when given, under the test card key;
 * - Authenticate: the kernel's whole check (method by bits 3-4): issuer and ICC certificates,
 *   remainders, exponents, PAN, then the SSAD, SDAD or GENERATE AC response.
 */
const Step = { IssuerKey: 0, IccKey: 1, Dynamic: 2, Cda: 3, Authenticate: 4 } as const;

const issuerParts = [P.issuerCertificates.valid.certificate, P.issuerCertificates.valid.remainder, P.issuerKey.exponent, P.pan];
const iccParts = [P.iccCertificates.valid.certificate, P.iccCertificates.valid.remainder, P.iccKey.exponent];

const SEEDS = [
  script([Step.IssuerKey], [...issuerParts, P.staticSignatures.valid, P.staticData]),
  script([Step.IssuerKey], [P.issuerCertificates.hash.certificate, P.issuerCertificates.hash.remainder, P.issuerKey.exponent, P.pan]),
  script([Step.IssuerKey], [P.issuerCertificates.expiredMay2025.certificate, P.issuerCertificates.expiredMay2025.remainder, P.issuerKey.exponent, P.pan]),
  script([Step.IccKey], [...iccParts, P.staticData, P.pan]),
  script([Step.IccKey], [P.iccCertificates.otherPan.certificate, P.iccCertificates.otherPan.remainder, P.iccKey.exponent, P.staticData, P.pan]),
  script([Step.Dynamic], [P.dynamicSignatures.valid, P.ddolData]),
  script([Step.Dynamic], [P.dynamicSignatures.numberLength9, P.ddolData]),
  script([Step.Cda], [P.cda.arqc, P.cda.unpredictableNumber, P.cda.pdolData, P.cda.cdol1Data]),
  script([Step.Cda], [P.cda.tcSecondGenerateAc, P.cda.unpredictableNumber, P.cda.pdolData, P.cda.cdol1Data, P.cda.cdol2Data]),
  script([Step.Authenticate | (0 << 3)], [...issuerParts, ...iccParts, P.staticSignatures.valid]),
  script([Step.Authenticate | (1 << 3)], [...issuerParts, ...iccParts, P.dynamicSignatures.valid]),
  script([Step.Authenticate | (2 << 3)], [...issuerParts, ...iccParts, P.cda.arqc]),
];

/** Reasons are strings, the outcome survives JSON as it is. */
function checkOutcome(what: string, r: { verdict: string; reason?: string }): void {
  if (r.verdict !== "valid" && r.verdict !== "failed") throw new Error(`${what}: verdict ${String(r.verdict)}`);
  if ((r.verdict === "failed") !== (typeof r.reason === "string")) throw new Error(`${what}: a ${r.verdict} outcome with reason ${String(r.reason)}`);
  if (JSON.stringify(JSON.parse(JSON.stringify(r))) !== JSON.stringify(r)) throw new Error(`${what}: the outcome is not plain JSON`);
}

export const emvOda = defineTarget({
  name: "emv-oda",
  description: "offline data authentication under a test CA: issuer and ICC key recovery, SDA, DDA and CDA signatures, the whole check (first byte: the step)",
  seeds: SEEDS,
  generate(r) {
    const seed = r.pick(SEEDS);
    const parts: Uint8Array[] = replies(seed, 1).map((p) => p.slice());
    // one part replaced by random bytes, often as long as the part it replaces (a key's length)
    const k = r.int(parts.length);
    parts[k] = r.bytes(r.chance(0.7) ? parts[k].length : r.int(200));
    return script([seed[0]], parts);
  },
  maxLength: 1200,
  covers: [
    "modules/emv/oda/issuer-key.ts#recoverIssuerKey",
    "modules/emv/oda/issuer-key.ts#issuerCertificateFields",
    "modules/emv/oda/icc-key.ts#recoverIccKey",
    "modules/emv/oda/icc-key.ts#iccCertificateFields",
    "modules/emv/oda/static-signature.ts#verifyStaticSignature",
    "modules/emv/oda/dynamic-signature.ts#verifyDynamicSignature",
    "modules/emv/oda/dynamic-signature.ts#recoverDynamicSignature",
    "modules/emv/oda/dynamic-signature.ts#dynamicSignatureFields",
    "modules/emv/oda/dynamic-signature.ts#dynamicData",
    "modules/emv/oda/dynamic-signature.ts#dynamicDataFits",
    "modules/emv/oda/dynamic-signature.ts#iccDynamicNumber",
    "modules/emv/oda/dynamic-signature.ts#signatureHash",
    "modules/emv/oda/cda-signature.ts#verifyCdaSignature",
    "modules/emv/oda/generate-ac-response.ts#readCdaResponse",
    "modules/emv/oda/authenticate.ts#authenticate",
    "modules/emv/oda/message-recovery.ts#recoverSigned",
    "modules/emv/oda/message-recovery.ts#frameProblem",
    "modules/emv/oda/message-recovery.ts#signedFields",
    "modules/emv/oda/message-recovery.ts#hashResult",
    "modules/emv/oda/certified-key.ts#leftmostDigits",
    "modules/emv/oda/certified-key.ts#certifiedKey",
    "modules/emv/oda/certified-key.ts#checkKeyCertificate",
    "modules/emv/oda/certified-key.ts#keyCertificateFailure",
    "modules/emv/oda/certified-key.ts#keyCertificateFields",
    "modules/emv/oda/identifiers.ts#issuerIdentifierMatches",
    "modules/emv/oda/identifiers.ts#certificatePanMatches",
    "modules/emv/oda/identifiers.ts#maskedCertificatePan",
    "modules/emv/oda/certificate-dates.ts#certificateExpiry",
    "modules/emv/oda/certificate-dates.ts#expiredBy",
  ],
  run(input) {
    const selector = input[0] ?? 0;
    const p = replies(input, 1);
    const part = (k: number) => p[k] ?? new Uint8Array(0);
    switch ((selector & 7) % 5) {
      case Step.IssuerKey: {
        const issuer = recoverIssuerKey(crypto, { caKey: CA, certificate: part(0), remainder: part(1), exponent: part(2), pan: part(3), transactionDate: DATE });
        checkOutcome("issuer key", issuer);
        if (issuer.publicKey) checkOutcome("SSAD", verifyStaticSignature(crypto, { issuerKey: publicKeyFromJson(issuer.publicKey), signedStaticData: part(4), staticData: part(5) }));
        return issuer;
      }
      case Step.IccKey: {
        const icc = recoverIccKey(crypto, { issuerKey: ISSUER_KEY, certificate: part(0), remainder: part(1), exponent: part(2), staticData: part(3), pan: part(4), transactionDate: DATE });
        checkOutcome("ICC key", icc);
        return icc;
      }
      case Step.Dynamic: {
        const dda = verifyDynamicSignature(crypto, { iccKey: ICC_KEY, signedDynamicData: part(0), ddolData: part(1) });
        checkOutcome("SDAD", dda);
        return dda;
      }
      case Step.Cda: {
        const cda = verifyCdaSignature(crypto, { iccKey: ICC_KEY, response: part(0), unpredictableNumber: part(1), pdolData: part(2), cdol1Data: part(3), ...(p.length > 4 ? { cdol2Data: part(4) } : {}) });
        checkOutcome("CDA", cda);
        return cda;
      }
      default: {
        const method = METHODS[((selector >> 3) & 3) % 3];
        const r = authenticate(crypto, {
          method,
          caKeys: [CA],
          rid: CA.rid,
          caKeyIndex: CA.index,
          issuerCertificate: part(0),
          issuerRemainder: part(1),
          issuerExponent: part(2),
          pan: part(3),
          transactionDate: DATE,
          staticData: STATIC_DATA,
          iccCertificate: part(4),
          iccRemainder: part(5),
          iccExponent: part(6),
          signedStaticData: part(7),
          signedDynamicData: part(7),
          ddolData: fromHex(P.ddolData),
          generateAcResponse: part(7),
          unpredictableNumber: fromHex(P.cda.unpredictableNumber),
          pdolData: fromHex(P.cda.pdolData),
          cdol1Data: fromHex(P.cda.cdol1Data),
        } as Parameters<typeof authenticate>[1]);
        checkOutcome(`authenticate ${method}`, r);
        return r;
      }
    }
  },
});
