import { concat } from "../../modules/core/bytes.ts";
import { fromHex } from "../../modules/core/hex.ts";
import type { Crypto } from "../../modules/crypto/port.ts";
import type { RsaPublicKey } from "../../modules/emv/oda/public-key.ts";
import { encodeTlv, encodeTlvTree } from "../../modules/emv/tlv.ts";
import { iccCertificate, signedStaticApplicationData } from "../../hosts/desktop/emv-card/test-ca/certificates.ts";
import { iccDynamicNumberField, signDynamicData } from "../../hosts/desktop/emv-card/dynamic-signature.ts";
import type { RsaPrivateKey, StoredKey } from "../../hosts/desktop/emv-card/profile.ts";
import { rsaPrivate } from "../../hosts/desktop/emv-card/rsa-private.ts";
// the project's test key pairs (TEST ONLY, test/emv/cards/ca/test-pki.json), bundled so that XS gets them too
import testPki from "../../test/emv/cards/ca/test-pki.json" with { type: "json" };

/*
 * Bench inputs, not test vectors: for each CA key size the schemes use
 * (1024, 1408, 1984 bits), the test key pair of that size (the test CA
 * A000000004 E1, E2, E3 of test-pki.json) stands as the signer, the issuer
 * for an ICC Public Key Certificate and Signed Static Application Data,
 * the card for a DDA and a CDA signature, and signs them at setup with
 * the card emulator's private operation. The certified ICC key is the
 * other test pair of the same size (A000000003), so its certificate needs
 * a remainder. What the checks cost depends on the verifying key's size
 * and exponent (3 here), not on who holds it.
 */

/** The key sizes measured, bits. */
export const SIZES = [1024, 1408, 1984] as const;

/** Everything the four checks at one size read. */
export interface SizedChain {
  /** the verifying key: the issuer's (ICC key, SDA) or the card's (DDA, CDA) */
  signerKey: RsaPublicKey;
  pan: Uint8Array;
  transactionDate: Uint8Array;
  staticData: Uint8Array;
  iccCertificate: Uint8Array;
  iccRemainder?: Uint8Array;
  iccExponent: Uint8Array;
  signedStaticData: Uint8Array;
  ddolData: Uint8Array;
  ddaSignature: Uint8Array;
  /** the GENERATE AC response, template 77 with 9F27, 9F36, 9F4B, 9F10 */
  cdaResponse: Uint8Array;
  unpredictableNumber: Uint8Array;
  pdolData: Uint8Array;
  cdol1Data: Uint8Array;
}

const PAN = "4761739001010028";
const TRANSACTION_DATE = "261125";
/** Records to be authenticated: what a card's ODA records might hold (5A, 5F24, 5F25, 5F34, 8E, 9F07), then the AIP. */
const STATIC_DATA = fromHex("5A0847617390010100285F24032812315F25032312015F3401018E0E000000000000000042035E031F039F0702FF003C00");
const UNPREDICTABLE_NUMBER = fromHex("1A2B3C4D");
/** CDOL1 data of a purchase: amount, other amount, country, TVR, currency, date, type, UN. */
const CDOL1_DATA = concat(fromHex("000000012345000000000000034400000000000344261125001A2B3C4D"));
const PDOL_DATA = fromHex("0344");
const ICC_DYNAMIC_NUMBER = fromHex("0102030405060708");
const ATC = fromHex("0011");
const IAD = fromHex("06011203A00000");
const ARQC = fromHex("8A1F3E5D6C7B9A01");
const CID_ARQC = Uint8Array.of(0x80);

function privateKey(k: StoredKey): RsaPrivateKey {
  return { modulus: fromHex(k.modulus), publicExponent: fromHex(k.publicExponent), p: fromHex(k.p), q: fromHex(k.q), dp: fromHex(k.dp), dq: fromHex(k.dq), qInv: fromHex(k.qInv) };
}

function pair(rid: string, bits: number): StoredKey {
  const ca = testPki.ca.find((k) => k.rid === rid && k.bits === bits);
  if (!ca) throw new Error(`no ${bits}-bit test key of ${rid}`);
  return ca.key;
}

/** The chain at one size, signed now with the test pair of that size. */
export function bySize(crypto: Crypto, bits: number): SizedChain {
  const signer = privateKey(pair("A000000004", bits));
  const certified = pair("A000000003", bits);
  const sign = (m: Uint8Array) => rsaPrivate(signer, m);
  const iccExponent = fromHex(certified.publicExponent);
  const icc = iccCertificate(crypto, { issuerModulusLength: signer.modulus.length, iccKey: { modulus: fromHex(certified.modulus), exponent: iccExponent }, pan: PAN, serial: fromHex("000001"), expiry: "1230", staticData: STATIC_DATA }, sign);
  const signedStaticData = signedStaticApplicationData(crypto, signer.modulus.length, fromHex("DAC1"), STATIC_DATA, sign);
  const ddolData = UNPREDICTABLE_NUMBER;
  const ddaSignature = signDynamicData(crypto, signer, iccDynamicNumberField(ICC_DYNAMIC_NUMBER), ddolData);
  // Book 2 §6.6.1: the Transaction Data Hash Code covers PDOL data, CDOL1 data and the response's objects but 9F4B
  const transactionDataHash = crypto.digest("SHA-1", concat(PDOL_DATA, CDOL1_DATA, encodeTlv("9F27", CID_ARQC), encodeTlv("9F36", ATC), encodeTlv("9F10", IAD)));
  const cdaSignature = signDynamicData(crypto, signer, concat(iccDynamicNumberField(ICC_DYNAMIC_NUMBER), CID_ARQC, ARQC, transactionDataHash), UNPREDICTABLE_NUMBER);
  const cdaResponse = encodeTlvTree([
    {
      tag: "77",
      children: [
        { tag: "9F27", value: CID_ARQC },
        { tag: "9F36", value: ATC },
        { tag: "9F4B", value: cdaSignature },
        { tag: "9F10", value: IAD },
      ],
    },
  ]);
  return {
    signerKey: { modulus: signer.modulus, exponent: signer.publicExponent },
    pan: fromHex(PAN),
    transactionDate: fromHex(TRANSACTION_DATE),
    staticData: STATIC_DATA,
    iccCertificate: icc.certificate,
    ...(icc.remainder ? { iccRemainder: icc.remainder } : {}),
    iccExponent,
    signedStaticData,
    ddolData,
    ddaSignature,
    cdaResponse,
    unpredictableNumber: UNPREDICTABLE_NUMBER,
    pdolData: PDOL_DATA,
    cdol1Data: CDOL1_DATA,
  };
}
