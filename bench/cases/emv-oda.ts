import type { BenchCase } from "../case.ts";
import { concat } from "../../modules/core/bytes.ts";
import type { Crypto } from "../../modules/crypto/port.ts";
import { fromHex } from "../../modules/core/hex.ts";
import { authenticate } from "../../modules/emv/oda/authenticate.ts";
import { findCaKey, type CaPublicKey } from "../../modules/emv/oda/ca-key.ts";
import { verifyDynamicSignature } from "../../modules/emv/oda/dynamic-signature.ts";
import { recoverIssuerKey } from "../../modules/emv/oda/issuer-key.ts";
import { encodeTlv } from "../../modules/emv/tlv.ts";
import { LIVE_CA_KEYS, MASTERCARD_05_CARD, mastercard05OdaInput, TEST_CA_KEYS, VISA_01_SDA_CARD, VISA_94_CARD, type PublishedCaKey } from "../../test/modules/emv/oda/published-vectors.ts";
import { TEST_PKI } from "../../test/modules/emv/oda/test-pki.ts";
import { bySize, SIZES, type SizedChain } from "./emv-oda-chains.ts";
import { recoverIccKey } from "../../modules/emv/oda/icc-key.ts";
import { verifyStaticSignature } from "../../modules/emv/oda/static-signature.ts";
import { verifyCdaSignature } from "../../modules/emv/oda/cda-signature.ts";

/*
 * Offline data authentication: one certificate recovery per CA key size
 * (the RSA public operation with exponent 3, the frame checks, SHA-1 and
 * the field checks of EMV 4.4 Book 2 §5.3), on published cards; a
 * 1024-bit recovery with exponent 65537; and whole DDA and CDA on the
 * published M/Chip card (three recoveries each). Then, for each key size
 * (1024, 1408, 1984 bits), the ICC key recovery and the SDA, DDA and CDA
 * signature checks under a signer's key of that size, signed at setup
 * with the project's test keys (bench/cases/emv-oda-chains.ts).
 */

function caKey(k: PublishedCaKey): CaPublicKey {
  return { rid: fromHex(k.rid), index: k.index, modulus: fromHex(k.modulus), exponent: fromHex(k.exponent), checksum: fromHex(k.checksum) };
}

const KEYS = [...TEST_CA_KEYS, ...LIVE_CA_KEYS].map(caKey);

function key(rid: string, index: number): CaPublicKey {
  return findCaKey(KEYS, fromHex(rid), index)!;
}

function issuerRecovery(bits: number, card: { rid: string; caKeyIndex: number; pan: string; issuerCertificate: string; issuerExponent: string; issuerRemainder?: string }, date: string): BenchCase {
  return {
    name: `emv.oda.issuerKey.${bits}`,
    unit: `Book 2 §5.3: issuer public key recovered from its certificate under a ${bits}-bit CA key (exponent 3), every check`,
    nodeBackend: true,
    setup({ crypto }) {
      const input = {
        caKey: key(card.rid, card.caKeyIndex),
        certificate: fromHex(card.issuerCertificate),
        remainder: card.issuerRemainder ? fromHex(card.issuerRemainder) : undefined,
        exponent: fromHex(card.issuerExponent),
        pan: fromHex(card.pan),
        transactionDate: fromHex(date),
      };
      return () => {
        const r = recoverIssuerKey(crypto, input);
        if (r.verdict !== "valid") throw new Error(`issuer key ${bits}: ${r.reason}`);
        return r;
      };
    },
  };
}

/** A signature under a 1024-bit key with exponent 65537: 17 modular squarings and a multiplication instead of 2. */
export const ddaSignatureE65537: BenchCase = {
  name: "emv.oda.dynamicSignature.1024.e65537",
  unit: "Book 2 §6.5.2: INTERNAL AUTHENTICATE signature verified under a 1024-bit ICC key with exponent 65537",
  nodeBackend: true,
  setup({ crypto }) {
    const input = { iccKey: { modulus: fromHex(TEST_PKI.iccKey.modulus), exponent: fromHex(TEST_PKI.iccKey.exponent) }, signedDynamicData: fromHex(TEST_PKI.dynamicSignatures.valid), ddolData: fromHex(TEST_PKI.ddolData) };
    return () => {
      const r = verifyDynamicSignature(crypto, input);
      if (r.verdict !== "valid") throw new Error(`DDA signature: ${r.reason}`);
      return r;
    };
  },
};

const m = MASTERCARD_05_CARD;

export const ddaWhole: BenchCase = {
  name: "emv.oda.dda.1408",
  unit: "whole DDA of a published M/Chip card: CA key check sum, issuer key (1408-bit CA), ICC key (1408-bit issuer), signature (896-bit ICC key)",
  nodeBackend: true,
  setup({ crypto }) {
    const input = { method: "DDA" as const, ...mastercard05OdaInput(KEYS), signedDynamicData: fromHex(m.ddaSignedDynamicData), ddolData: fromHex(m.ddolData) };
    return () => {
      const r = authenticate(crypto, input);
      if (r.verdict !== "valid") throw new Error(`DDA: ${r.reason}`);
      return r;
    };
  },
};

export const cdaWhole: BenchCase = {
  name: "emv.oda.cda.1408",
  unit: "whole CDA of a published M/Chip card's first GENERATE AC: as DDA, then the transaction data hash over CDOL1 data and the response",
  nodeBackend: true,
  setup({ crypto }) {
    const objects = fromHex(m.responseObjects);
    const response = encodeTlv("77", concat(objects.subarray(0, 9), encodeTlv("9F4B", fromHex(m.cdaSignedDynamicData)), objects.subarray(9)));
    const input = { method: "CDA" as const, ...mastercard05OdaInput(KEYS), generateAcResponse: response, unpredictableNumber: fromHex(m.unpredictableNumber), pdolData: new Uint8Array(0), cdol1Data: fromHex(m.cdol1Data) };
    return () => {
      const r = authenticate(crypto, input);
      if (r.verdict !== "valid") throw new Error(`CDA: ${r.reason}`);
      return r;
    };
  },
};

/** One check of a chain signed at setup (bench/cases/emv-oda-chains.ts) whose signer's key has `bits`. */
function sized(bits: number, kind: string, unit: string, check: (crypto: Crypto, chain: SizedChain) => { verdict: string; reason?: string }): BenchCase {
  return {
    name: `emv.oda.${kind}.${bits}`,
    unit,
    nodeBackend: true,
    setup({ crypto }) {
      const chain = bySize(crypto, bits);
      return () => {
        const r = check(crypto, chain);
        if (r.verdict !== "valid") throw new Error(`${kind} ${bits}: ${r.reason}`);
        return r;
      };
    },
  };
}

/** The ICC key recovery, SDA, DDA and CDA signature checks at each key size, the signer's key being that size (exponent 3). */
const SIZED_CASES: BenchCase[] = SIZES.flatMap((bits) => [
  sized(bits, "iccKey", `Book 2 §6.4: ICC public key recovered from its certificate under a ${bits}-bit issuer key (exponent 3), every check`, (crypto, c) =>
    recoverIccKey(crypto, { issuerKey: c.signerKey, certificate: c.iccCertificate, remainder: c.iccRemainder, exponent: c.iccExponent, staticData: c.staticData, pan: c.pan, transactionDate: c.transactionDate })),
  sized(bits, "sdaSignature", `Book 2 §5.4: Signed Static Application Data verified under a ${bits}-bit issuer key (exponent 3)`, (crypto, c) =>
    verifyStaticSignature(crypto, { issuerKey: c.signerKey, signedStaticData: c.signedStaticData, staticData: c.staticData })),
  sized(bits, "ddaSignature", `Book 2 §6.5.2: INTERNAL AUTHENTICATE signature verified under a ${bits}-bit ICC key (exponent 3)`, (crypto, c) =>
    verifyDynamicSignature(crypto, { iccKey: c.signerKey, signedDynamicData: c.ddaSignature, ddolData: c.ddolData })),
  sized(bits, "cdaSignature", `Book 2 §6.6.2: GENERATE AC signature verified under a ${bits}-bit ICC key (exponent 3), with the transaction data hash`, (crypto, c) =>
    verifyCdaSignature(crypto, { iccKey: c.signerKey, response: c.cdaResponse, unpredictableNumber: c.unpredictableNumber, pdolData: c.pdolData, cdol1Data: c.cdol1Data })),
]);

export const EMV_ODA_CASES: BenchCase[] = [
  // lumag/emv-tools test/sda-test.c: Visa CA key 01
  issuerRecovery(1024, VISA_01_SDA_CARD, "091231"),
  // lumag/emv-tools test/dda-test.c: Mastercard CA key 05
  issuerRecovery(1408, MASTERCARD_05_CARD, MASTERCARD_05_CARD.transactionDate),
  // openemv/emv-utils tests/emv_rsa_test.c: Visa test CA key 94
  issuerRecovery(1984, VISA_94_CARD, VISA_94_CARD.dates.issuerValid),
  ddaSignatureE65537,
  ddaWhole,
  cdaWhole,
  ...SIZED_CASES,
];
