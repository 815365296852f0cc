/**
 * Why a step of offline data authentication failed (EMV 4.4 Book 2 §5.3,
 * §5.4, §6.4, §6.5.2, §6.6.2). Each one makes the kernel set "SDA failed",
 * "DDA failed" or "CDA failed" in the TVR (Book 3 annex C5); `data-missing`
 * also sets "ICC data missing" (Book 3 §10.3).
 */
export type OdaReason =
  /** a data object the method needs is absent; `missing` lists the tags */
  | "data-missing"
  /** no CA public key in the table for the RID and CA Public Key Index (Book 2 §5.2, §6.2) */
  | "ca-key-unknown"
  /** the table's CA public key does not match its check value */
  | "ca-key-checksum"
  /** step 1: the certificate or signature is not as long as the recovering key's modulus (or too short for its fixed fields) */
  | "length"
  /** the certificate or signature, as an integer, is not below the modulus: nothing can be recovered */
  | "not-recoverable"
  /** the recovering key is not a usable RSA key (an even or zero-led modulus, an unusable exponent) */
  | "public-key-invalid"
  /** step 2: the Recovered Data Trailer is not BC */
  | "trailer"
  /** step 3: the Recovered Data Header is not 6A */
  | "header"
  /** step 4: the Certificate Format or Signed Data Format is not the one expected (02, 04, 03, 05) */
  | "format"
  /** step 5: the key does not fit in the certificate and no remainder (92, 9F48) was given */
  | "remainder-missing"
  /** step 5: the remainder is not the length the certificate's key length asks for */
  | "remainder-length"
  /** step 5: the exponent (9F32, 9F47) is not the length the certificate says */
  | "exponent-length"
  /** step 6: the Hash Algorithm Indicator is not 01 (SHA-1, Book 2 annex B3) */
  | "hash-algorithm"
  /** step 7: the recovered Hash Result is not the hash of the signed data */
  | "hash"
  /** §5.3 step 8: the Issuer Identifier is not the PAN's leftmost digits */
  | "issuer-identifier"
  /** §6.4 step 8: the certificate's Application PAN is not the card's PAN (5A) */
  | "pan"
  /** the Certificate Expiration Date is not a month (MMYY in BCD, month 01-12) */
  | "expiry-format"
  /** step 9: the certificate expired before the transaction date */
  | "expired"
  /** §5.3 step 10: RID, CA Public Key Index and Certificate Serial Number are on the revocation list */
  | "revoked"
  /** §5.3 step 11, §6.4 step 10: the Public Key Algorithm Indicator is not 01 (RSA, Book 2 annex B2) */
  | "public-key-algorithm"
  /** the ICC Dynamic Data does not fit the signature, or its ICC Dynamic Number is not 2-8 bytes (Book 2 tables 17, 19) */
  | "dynamic-data-length"
  /** CDA: the GENERATE AC response is not a template 77 of BER-TLV objects, or its CID is not one byte */
  | "response-format"
  /** §6.6.2 step 6: the CID in the signature is not the CID in the response */
  | "cid"
  /** §6.6.2 step 12: the Transaction Data Hash Code is not the hash of the transaction data */
  | "transaction-data-hash";

/** Where offline data authentication stopped. */
export type OdaStep = "data" | "ca-key" | "issuer-key" | "icc-key" | "signed-static-data" | "dynamic-signature";

/** `valid` when every check of the step passed. */
export type OdaVerdict = "valid" | "failed";
