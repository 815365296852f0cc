import type { CaPublicKey as OdaCaPublicKey } from "../emv/oda/ca-key.ts";
import type { RevokedCertificate as OdaRevokedCertificate } from "../emv/oda/revocation.ts";

/*
 * The terminal's configuration once validated: what the EMV contact
 * kernel and the terminal application read. Binary values are bytes;
 * numeric codes keep their digits as strings (leading zeros matter);
 * amounts are integers in minor units of the transaction currency.
 */

/** Prompt languages the terminal can show. */
export type PromptLanguage = "en" | "zh";

/** The terminal's wall-clock zone: a name for people, an offset for arithmetic. */
export interface TimeZone {
  /** IANA-like name, e.g. `Asia/Hong_Kong` (shown, not interpreted) */
  name: string;
  /** minutes east of UTC, -720 to 840 (no daylight saving: the host sets the offset in force) */
  offsetMinutes: number;
}

/** Terminal data, EMV 4.4 Book 4 annex A and Book 3 annex A1. */
export interface TerminalParameters {
  /** Terminal Type (9F35), two digits of Book 4 annex A1 table 24, e.g. `22` */
  terminalType: string;
  /** Terminal Capabilities (9F33), 3 bytes, Book 4 annex A2 */
  capabilities: Uint8Array;
  /** Additional Terminal Capabilities (9F40), 5 bytes, Book 4 annex A3 */
  additionalCapabilities: Uint8Array;
  /** Terminal Country Code (9F1A), ISO 3166-1 numeric, 3 digits */
  countryCode: string;
  /** Transaction Currency Code (5F2A), ISO 4217 numeric, 3 digits */
  currencyCode: string;
  /** Transaction Currency Exponent (5F36), 0-3 */
  currencyExponent: number;
  /** Merchant Category Code (9F15), ISO 18245, 4 digits */
  merchantCategoryCode: string;
  /** Merchant Identifier (9F16), 1-15 printable characters */
  merchantIdentifier: string;
  /** Terminal Identification (9F1C), 8 letters or digits */
  terminalIdentification: string;
  /** Interface Device (IFD) Serial Number (9F1E), 8 letters or digits */
  ifdSerialNumber: string;
  /** Acquirer Identifier (9F01), 6-11 digits */
  acquirerIdentifier: string;
  /** Merchant Name and Location (9F4E), 1-64 printable characters */
  merchantNameAndLocation: string;
  timeZone: TimeZone;
  /** languages prompts may be shown in, the first the default */
  languages: PromptLanguage[];
}

/** What the terminal holds for one application it accepts (Book 3 §10, Book 4 §10.2). */
export interface AidParameters {
  /** AID, 5-16 bytes: RID then PIX */
  aid: Uint8Array;
  /** name for a list of applications, 1-16 printable characters */
  label: string;
  /** Application Selection Indicator: a card AID that extends this one matches too (Book 1, application selection) */
  partialSelection: boolean;
  /** the terminal's order among applications the card ranks alike, 1 (first) to 15 */
  priority: number;
  /** Application Version Numbers (9F09) the terminal supports, 2 bytes each, the first the one it sends */
  applicationVersions: Uint8Array[];
  /** Terminal Action Codes, 5 bytes each, against the TVR (Book 3 §10.7) */
  tacDenial: Uint8Array;
  tacOnline: Uint8Array;
  tacDefault: Uint8Array;
  /** Terminal Floor Limit (9F1B), minor units */
  floorLimit: number;
  /** Threshold Value for Biased Random Selection, minor units, below the floor limit (Book 3 §10.6.2) */
  threshold: number;
  /** Target Percentage to be Used for Random Selection, 0-99 */
  targetPercentage: number;
  /** Maximum Target Percentage to be Used for Biased Random Selection, 0-99, at least the target */
  maxTargetPercentage: number;
  /** default DDOL, used when the card has none; it holds the Unpredictable Number (9F37) */
  defaultDdol: Uint8Array;
  /** default TDOL, used when the card has none; may be empty */
  defaultTdol: Uint8Array;
  /** whether a PIN may be sent online for this application */
  onlinePin: boolean;
  /** the largest contact transaction accepted for this application, minor units; undefined for none */
  transactionLimit?: number;
}

/**
 * A certification authority public key: the shape offline data
 * authentication takes (modules/emv/oda: RID, index, modulus, exponent,
 * checksum), with the expiry, as `YYYYMMDD`, and the hash algorithm
 * indicator (1, SHA-1) that the configuration always carries. The
 * checksum has been verified when the configuration was read.
 */
export interface CaPublicKey extends OdaCaPublicKey {
  expiry: string;
  hashAlgorithm: 1;
}

/** An issuer public key certificate the CA has revoked: RID, CA key index, Certificate Serial Number (3 bytes), as offline data authentication checks it. */
export type RevokedCertificate = OdaRevokedCertificate;

/**
 * Largest amounts per day, minor units; 0 forbids the type. `sale` bounds
 * sales, offline sales and pre-authorization completions; `refund`
 * bounds refunds; `preauth` bounds the holds pre-authorizations ask for
 * (each approved one counts, whether completed or cancelled since).
 */
export interface DailyTotals {
  sale: number;
  refund: number;
  preauth: number;
}

/**
 * The manager PIN (needed for refunds, voids, settings) is provisioned in
 * the key store, never in the configuration; the configuration says only
 * whether one is needed and under which key-store name it lives.
 */
export interface ManagerPinPolicy {
  required: boolean;
  /** key-store name, 1-15 characters of `A-Z a-z 0-9 _ . -` */
  keyName: string;
}

/** The terminal application's own limits, beyond what the kernel checks. */
export interface TransactionLimits {
  /** largest single transaction, minor units (a pre-authorization has its own) */
  maxTransactionAmount: number;
  /** largest single pre-authorization, minor units */
  maxPreauthAmount: number;
  dailyTotals: DailyTotals;
  managerPin: ManagerPinPolicy;
}

/** A 1-bit raster image: rows of `ceil(width / 8)` bytes, most significant bit leftmost, 1 a black dot (ESC/POS GS v 0). */
export interface ReceiptLogo {
  /** dots, 1-576 */
  width: number;
  /** dots, 1-1024 */
  height: number;
  bits: Uint8Array;
}

/** How receipts write amounts: the currency's ISO 4217 code or its symbol, and the separators. */
export interface ReceiptAmounts {
  /** `code`: "CNY 1,234.50"; `symbol`: "¥1,234.50" (a currency without a known symbol keeps its code) */
  style: "code" | "symbol";
  /** the decimal separator: `.` or `,` */
  decimal: "." | ",";
  /** the thousands separator: `,`, `.`, a space, `'`, or none; never the decimal one */
  group: "," | "." | " " | "'" | "";
  /** the symbol after the number ("1.234,50 €"); before it otherwise */
  symbolAfter: boolean;
}

/** What receipts print beyond the transaction (modules/config/receipt.ts). */
export interface ReceiptSettings {
  /** the operator (cashier) number, 1-10 letters or digits */
  operator?: string;
  /** the e-receipt link template, printed as a QR code: `{terminalId}` and `{rrn}`, optionally `{trace}`, `{batch}` */
  eReceiptUrl?: string;
  /** the merchant's logo, printed at the top of every receipt and report (the host hands it to the printer side) */
  logo?: ReceiptLogo;
  /** how amounts are written; absent: the code and en-US separators */
  amounts?: ReceiptAmounts;
  /** the product table: what a basket line keyed by its PLU code prints and costs */
  products?: Product[];
}

/** One product of the basket's table. */
export interface Product {
  /** the price look-up code keyed on the terminal, 1 to 999999 */
  plu: number;
  /** printed on the receipt: any Unicode, 1-40 characters */
  name: string;
  /** minor units, 1 to 999999999999 */
  unitPrice: number;
}

/** A validated configuration. */
export interface TerminalConfig {
  /** schema version, 1 */
  version: 1;
  terminal: TerminalParameters;
  aids: AidParameters[];
  caKeys: CaPublicKey[];
  revocations: RevokedCertificate[];
  /** PANs the terminal declines or sends online (Book 3 §10.6), digits only */
  exceptionFile: string[];
  limits: TransactionLimits;
  /** absent when the configuration has no `receipt` section */
  receipt?: ReceiptSettings;
}
