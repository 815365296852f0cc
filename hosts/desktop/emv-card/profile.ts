/**
 * The card profile as the virtual EMV card runs it: what `loadCardProfile`
 * makes of the JSON (README.md documents every field). Bytes are bytes
 * here; the JSON writes them in hex, and `a`/`an`/`ans` data objects as
 * text.
 */

/** How the card answers the first GENERATE AC (its card risk management). */
export type FirstAcPolicy =
  /** an ARQC whenever the terminal asks for a TC or an ARQC */
  | "online"
  /** an AAC whatever the terminal asks */
  | "decline"
  /** a TC when the terminal asks for one and the amount is at most `offlineLimit`; otherwise an ARQC */
  | "offline-under-limit";

/** Issuer script commands the card may know (EMV 4.4 Book 3 §6.5). */
export type ScriptCommandName = "applicationBlock" | "applicationUnblock" | "cardBlock" | "pinUnblock" | "pinChange" | "putData";

/** All of them, in the order the README lists them. */
export const SCRIPT_COMMAND_NAMES: readonly ScriptCommandName[] = ["applicationBlock", "applicationUnblock", "cardBlock", "pinUnblock", "pinChange", "putData"];

/** Card data objects an application cryptogram may cover after the CDOL data. */
export type CryptogramDataTag = "82" | "9F36" | "9F10";

/** A key pair as test-pki.json and the card files keep it: hex, the CRT parts, and the private exponent for OpenSSL. */
export interface StoredKey {
  modulus: string;
  publicExponent: string;
  privateExponent: string;
  p: string;
  q: string;
  dp: string;
  dq: string;
  qInv: string;
}

/** An RSA key pair held by the card, in the CRT form the card signs and deciphers with. */
export interface RsaPrivateKey {
  modulus: Uint8Array;
  publicExponent: Uint8Array;
  /** the primes and CRT exponents (RFC 8017 §3.2, second representation) */
  p: Uint8Array;
  q: Uint8Array;
  dp: Uint8Array;
  dq: Uint8Array;
  qInv: Uint8Array;
}

/** One record of an application's files. */
export interface RecordProfile {
  /** Short File Identifier, 1-30 */
  sfi: number;
  /** record number, 1-255 */
  record: number;
  /** whether the record is part of the static data to be authenticated (AFL "records for offline data authentication") */
  oda: boolean;
  /** the data objects the record holds, in order (template 70) */
  tags: string[];
}

/** What `tools/make-test-cards.ts` produces for an application: which keys and certificates. */
export interface CertificateSpec {
  /** CA Public Key Index in the test CA list (the RID is the AID's) */
  caIndex: number;
  issuer: {
    /** name of the issuer key pair in the test PKI file; applications naming the same key share it */
    key: string;
    bits: number;
    exponent: number;
    /** Certificate Serial Number, 3 bytes */
    serial: Uint8Array;
    /** Certificate Expiration Date MMYY */
    expiry: string;
    /** `hash`: the certificate is signed over a wrong hash (a card whose issuer certificate fails) */
    corrupt?: "hash";
  };
  icc?: { bits: number; exponent: number; serial: Uint8Array; expiry: string };
  pinEncipherment?: { bits: number; exponent: number; serial: Uint8Array; expiry: string };
  /** SDA: the Data Authentication Code (9F45) signed into the Signed Static Application Data (93) */
  sda?: { dataAuthenticationCode: Uint8Array };
}

/** Offline PIN held by the card. */
export interface PinProfile {
  /** 4-12 digits (test data: never logged) */
  value: string;
  /** PIN Try Limit, 1-15 */
  tryLimit: number;
  /** PIN Try Counter at the start, 0 to the limit */
  triesLeft: number;
}

/** Issuer script processing (Book 2 §9, Book 3 §10.10). */
export interface IssuerScriptProfile {
  /** Issuer master key for secure messaging integrity (MAC), 16 bytes */
  imkMac: Uint8Array;
  /** Issuer master key for secure messaging confidentiality (enciphered PIN in PIN CHANGE), 16 bytes */
  imkEnc: Uint8Array;
  /** MAC length, 4-8 bytes */
  macLength: number;
  /** the commands the card knows, each with the status word it answers once the MAC checks */
  commands: Map<ScriptCommandName, number>;
}

/** One payment application. */
export interface ApplicationProfile {
  aid: Uint8Array;
  label: string;
  preferredName?: string;
  issuerCodeTableIndex?: number;
  /** Application Priority Indicator's priority, 1-15 */
  priority?: number;
  /** Application Priority Indicator b8: the cardholder must confirm the application */
  confirmation: boolean;
  languagePreference?: string;
  blocked: boolean;
  pdol?: Uint8Array;
  /** FCI Issuer Discretionary Data (BF0C) value */
  fciIssuerDiscretionaryData?: Uint8Array;
  gpoFormat: 1 | 2;
  aip: Uint8Array;
  records: RecordProfile[];
  /** every data object of the application, primitive, by tag */
  data: Map<string, Uint8Array>;
  atc: number;
  lastOnlineAtc: number;
  pin?: PinProfile;
  riskManagement: { firstAc: FirstAcPolicy; offlineLimit?: number };
  completion: {
    /** Authorisation Response Codes (8A, two characters) that let the card approve */
    approvalCodes: string[];
    issuerAuthenticationFailure: "decline" | "ignore";
    issuerAuthenticationRequired: boolean;
    /** ARC `Y3` (the terminal could not go online) */
    unableToGoOnline: "approve" | "decline";
  };
  cryptogram: {
    /** Issuer master key for application cryptograms, 16 bytes */
    imk: Uint8Array;
    masterKey: "optionA" | "optionB";
    /** Derivation Key Index and Cryptogram Version Number of the IAD */
    dki: number;
    cvn: number;
    arpcMethod: 1 | 2;
    /** the ARPC's key: the AC session key (Book 2 §8.2 with the common session key) or the ICC master key (as some schemes do) */
    arpcKey: "session-key" | "master-key";
    /** what the cryptogram covers after the CDOL data, in order: AIP (82), ATC (9F36), Issuer Application Data (9F10) */
    acData: CryptogramDataTag[];
  };
  internalAuthenticateFormat: 1 | 2;
  generateAcFormat: 1 | 2;
  iccDynamicNumberLength: number;
  issuerScripts?: IssuerScriptProfile;
  certificates?: CertificateSpec;
  iccPrivateKey?: RsaPrivateKey;
  pinPrivateKey?: RsaPrivateKey;
}

/** A whole card. */
export interface CardProfile {
  description: string;
  atr: Uint8Array;
  protocol: 0 | 1;
  /** answer SELECT 1PAY.SYS.DDF01 with the directory of the applications */
  pse: boolean;
  /** answer SELECT 2PAY.SYS.DDF01 (the contactless directory) */
  ppse: boolean;
  /** the card is blocked: every SELECT answers 6A81 */
  blocked: boolean;
  /** the card leaves the reader once it has answered this many commands */
  removeAfterCommand?: number;
  languagePreference?: string;
  applications: ApplicationProfile[];
}
