/**
 * The EMV data element dictionary: EMV 4.4 Book 3 Annex A1 (every element
 * that has a tag) and the terminal elements of Book 4, plus the few tags the
 * contactless books give to track data, which a contact terminal must still
 * recognise to keep it masked.
 *
 * A table of tuples sorted by tag, searched by bisection: it is read-only
 * data that stays in flash on the device, no per-tag objects in RAM.
 */

/** Data element formats, EMV 4.4 Book 3 §4.3 (`var.`: a template or a structure of its own). */
export type DataFormat = "a" | "an" | "ans" | "b" | "cn" | "n" | "var.";

/** Where the value comes from, as Annex A1's "Source" column says. */
export type TagSource = "ICC" | "Terminal" | "Issuer" | "Issuer/Terminal";

/** One data element of the dictionary. */
export interface TagInfo {
  /** upper-case hex, e.g. `9F02` */
  tag: string;
  /** the name Annex A1 (or Book 4) gives it */
  name: string;
  format: DataFormat;
  /** length of the value in bytes; `min === max` for a fixed length */
  length: { min: number; max: number };
  source: TagSource;
  /** the templates it may appear in, e.g. `["70", "77"]`; empty when it travels bare */
  templates: string[];
}

type Row = readonly [tag: string, name: string, format: DataFormat, min: number, max: number, source: "I" | "T" | "S" | "ST", templates: string];

const SOURCES = { I: "ICC", T: "Terminal", S: "Issuer", ST: "Issuer/Terminal" } as const;

// Lengths in bytes. Certificates and remainders, whose lengths depend on the
// key (NCA, NI, NIC, NPE), carry the widest the card-terminal interface allows.
// Sorted by tag as strings compare (the bisection relies on it; a test checks).
const ROWS: readonly Row[] = [
  ["42", "Issuer Identification Number (IIN)", "n", 3, 3, "I", "BF0C 73"],
  ["4F", "Application Dedicated File (ADF) Name", "b", 5, 16, "I", "61"],
  ["50", "Application Label", "ans", 1, 16, "I", "61 A5"],
  ["56", "Track 1 Data", "ans", 0, 76, "I", "70"],
  ["57", "Track 2 Equivalent Data", "b", 0, 19, "I", "70 77"],
  ["5A", "Application Primary Account Number (PAN)", "cn", 0, 10, "I", "70 77"],
  ["5F20", "Cardholder Name", "ans", 2, 26, "I", "70 77"],
  ["5F24", "Application Expiration Date", "n", 3, 3, "I", "70 77"],
  ["5F25", "Application Effective Date", "n", 3, 3, "I", "70 77"],
  ["5F28", "Issuer Country Code", "n", 2, 2, "I", "70 77"],
  ["5F2A", "Transaction Currency Code", "n", 2, 2, "T", ""],
  ["5F2D", "Language Preference", "an", 2, 8, "I", "A5"],
  ["5F30", "Service Code", "n", 2, 2, "I", "70 77"],
  ["5F34", "Application Primary Account Number (PAN) Sequence Number", "n", 1, 1, "I", "70 77"],
  ["5F36", "Transaction Currency Exponent", "n", 1, 1, "T", ""],
  ["5F50", "Issuer URL", "ans", 0, 252, "I", "BF0C 73"],
  ["5F53", "International Bank Account Number (IBAN)", "var.", 0, 34, "I", "BF0C 73"],
  ["5F54", "Bank Identifier Code (BIC)", "var.", 8, 11, "I", "BF0C 73"],
  ["5F55", "Issuer Country Code (alpha2 format)", "a", 2, 2, "I", "BF0C 73"],
  ["5F56", "Issuer Country Code (alpha3 format)", "a", 3, 3, "I", "BF0C 73"],
  ["5F57", "Account Type", "n", 1, 1, "T", ""],
  ["61", "Application Template", "b", 0, 252, "I", "70"],
  ["6F", "File Control Information (FCI) Template", "var.", 0, 252, "I", ""],
  ["70", "READ RECORD Response Message Template", "var.", 0, 252, "I", ""],
  ["71", "Issuer Script Template 1", "var.", 0, 255, "S", ""],
  ["72", "Issuer Script Template 2", "var.", 0, 255, "S", ""],
  ["73", "Directory Discretionary Template", "var.", 0, 252, "I", "61"],
  ["77", "Response Message Template Format 2", "var.", 0, 253, "I", ""],
  ["80", "Response Message Template Format 1", "var.", 0, 253, "I", ""],
  ["81", "Amount, Authorised (Binary)", "b", 4, 4, "T", ""],
  ["82", "Application Interchange Profile", "b", 2, 2, "I", "77 80"],
  ["83", "Command Template", "b", 0, 255, "T", ""],
  ["84", "Dedicated File (DF) Name", "b", 5, 16, "I", "6F"],
  ["86", "Issuer Script Command", "b", 0, 261, "S", "71 72"],
  ["87", "Application Priority Indicator", "b", 1, 1, "I", "61 A5"],
  ["88", "Short File Identifier (SFI)", "b", 1, 1, "I", "A5"],
  ["89", "Authorisation Code", "var.", 6, 6, "S", ""],
  ["8A", "Authorisation Response Code", "an", 2, 2, "ST", ""],
  ["8C", "Card Risk Management Data Object List 1 (CDOL1)", "b", 0, 252, "I", "70 77"],
  ["8D", "Card Risk Management Data Object List 2 (CDOL2)", "b", 0, 252, "I", "70 77"],
  ["8E", "Cardholder Verification Method (CVM) List", "b", 10, 252, "I", "70 77"],
  ["8F", "Certification Authority Public Key Index", "b", 1, 1, "I", "70 77"],
  ["90", "Issuer Public Key Certificate", "b", 1, 248, "I", "70 77"],
  ["91", "Issuer Authentication Data", "b", 8, 16, "S", ""],
  ["92", "Issuer Public Key Remainder", "b", 0, 248, "I", "70 77"],
  ["93", "Signed Static Application Data", "b", 1, 248, "I", "70 77"],
  ["94", "Application File Locator (AFL)", "var.", 0, 252, "I", "77 80"],
  ["95", "Terminal Verification Results", "b", 5, 5, "T", ""],
  ["97", "Transaction Certificate Data Object List (TDOL)", "b", 0, 252, "I", "70 77"],
  ["98", "Transaction Certificate (TC) Hash Value", "b", 20, 20, "T", ""],
  ["99", "Transaction Personal Identification Number (PIN) Data", "b", 0, 255, "T", ""],
  ["9A", "Transaction Date", "n", 3, 3, "T", ""],
  ["9B", "Transaction Status Information", "b", 2, 2, "T", ""],
  ["9C", "Transaction Type", "n", 1, 1, "T", ""],
  ["9D", "Directory Definition File (DDF) Name", "b", 5, 16, "I", "61"],
  ["9F01", "Acquirer Identifier", "n", 6, 6, "T", ""],
  ["9F02", "Amount, Authorised (Numeric)", "n", 6, 6, "T", ""],
  ["9F03", "Amount, Other (Numeric)", "n", 6, 6, "T", ""],
  ["9F04", "Amount, Other (Binary)", "b", 4, 4, "T", ""],
  ["9F05", "Application Discretionary Data", "b", 1, 32, "I", "70 77"],
  ["9F06", "Application Identifier (AID) - terminal", "b", 5, 16, "T", ""],
  ["9F07", "Application Usage Control", "b", 2, 2, "I", "70 77"],
  ["9F08", "Application Version Number", "b", 2, 2, "I", "70 77"],
  ["9F09", "Application Version Number", "b", 2, 2, "T", ""],
  ["9F0A", "Application Selection Registered Proprietary Data (ASRPD)", "b", 0, 252, "I", "73 BF0C"],
  ["9F0B", "Cardholder Name Extended", "ans", 27, 45, "I", "70 77"],
  ["9F0C", "Issuer Identification Number Extended (IINE)", "n", 3, 4, "I", "BF0C 73"],
  ["9F0D", "Issuer Action Code - Default", "b", 5, 5, "I", "70 77"],
  ["9F0E", "Issuer Action Code - Denial", "b", 5, 5, "I", "70 77"],
  ["9F0F", "Issuer Action Code - Online", "b", 5, 5, "I", "70 77"],
  ["9F10", "Issuer Application Data", "b", 0, 32, "I", "77 80"],
  ["9F11", "Issuer Code Table Index", "n", 1, 1, "I", "A5"],
  ["9F12", "Application Preferred Name", "ans", 1, 16, "I", "61 A5"],
  ["9F13", "Last Online Application Transaction Counter (ATC) Register", "b", 2, 2, "I", ""],
  ["9F14", "Lower Consecutive Offline Limit", "b", 1, 1, "I", "70 77"],
  ["9F15", "Merchant Category Code", "n", 2, 2, "T", ""],
  ["9F16", "Merchant Identifier", "ans", 15, 15, "T", ""],
  ["9F17", "Personal Identification Number (PIN) Try Counter", "b", 1, 1, "I", ""],
  ["9F18", "Issuer Script Identifier", "b", 4, 4, "S", "71 72"],
  ["9F19", "Token Requestor ID", "n", 6, 6, "I", "70 77"],
  ["9F1A", "Terminal Country Code", "n", 2, 2, "T", ""],
  ["9F1B", "Terminal Floor Limit", "b", 4, 4, "T", ""],
  ["9F1C", "Terminal Identification", "an", 8, 8, "T", ""],
  ["9F1D", "Terminal Risk Management Data", "b", 1, 8, "T", ""],
  ["9F1E", "Interface Device (IFD) Serial Number", "an", 8, 8, "T", ""],
  ["9F1F", "Track 1 Discretionary Data", "ans", 0, 252, "I", "70 77"],
  ["9F20", "Track 2 Discretionary Data", "cn", 0, 252, "I", "70 77"],
  ["9F21", "Transaction Time", "n", 3, 3, "T", ""],
  ["9F22", "Certification Authority Public Key Index", "b", 1, 1, "T", ""],
  ["9F23", "Upper Consecutive Offline Limit", "b", 1, 1, "I", "70 77"],
  ["9F24", "Payment Account Reference (PAR)", "an", 29, 29, "I", "70 77"],
  ["9F25", "Last 4 Digits of PAN", "n", 2, 2, "I", "70 77"],
  ["9F26", "Application Cryptogram", "b", 8, 8, "I", "77 80"],
  ["9F27", "Cryptogram Information Data", "b", 1, 1, "I", "77 80"],
  ["9F2D", "Integrated Circuit Card (ICC) PIN Encipherment Public Key Certificate", "b", 1, 248, "I", "70 77"],
  ["9F2E", "Integrated Circuit Card (ICC) PIN Encipherment Public Key Exponent", "b", 1, 3, "I", "70 77"],
  ["9F2F", "Integrated Circuit Card (ICC) PIN Encipherment Public Key Remainder", "b", 0, 248, "I", "70 77"],
  ["9F32", "Issuer Public Key Exponent", "b", 1, 3, "I", "70 77"],
  ["9F33", "Terminal Capabilities", "b", 3, 3, "T", ""],
  ["9F34", "Cardholder Verification Method (CVM) Results", "b", 3, 3, "T", ""],
  ["9F35", "Terminal Type", "n", 1, 1, "T", ""],
  ["9F36", "Application Transaction Counter (ATC)", "b", 2, 2, "I", "77 80"],
  ["9F37", "Unpredictable Number", "b", 4, 4, "T", ""],
  ["9F38", "Processing Options Data Object List (PDOL)", "b", 0, 252, "I", "A5"],
  ["9F39", "Point-of-Service (POS) Entry Mode", "n", 1, 1, "T", ""],
  ["9F3A", "Amount, Reference Currency", "b", 4, 4, "T", ""],
  ["9F3B", "Application Reference Currency", "n", 2, 8, "I", "70 77"],
  ["9F3C", "Transaction Reference Currency Code", "n", 2, 2, "T", ""],
  ["9F3D", "Transaction Reference Currency Exponent", "n", 1, 1, "T", ""],
  ["9F40", "Additional Terminal Capabilities", "b", 5, 5, "T", ""],
  ["9F41", "Transaction Sequence Counter", "n", 2, 4, "T", ""],
  ["9F42", "Application Currency Code", "n", 2, 2, "I", "70 77"],
  ["9F43", "Application Reference Currency Exponent", "n", 1, 4, "I", "70 77"],
  ["9F44", "Application Currency Exponent", "n", 1, 1, "I", "70 77"],
  ["9F45", "Data Authentication Code", "b", 2, 2, "I", ""],
  ["9F46", "Integrated Circuit Card (ICC) Public Key Certificate", "b", 1, 248, "I", "70 77"],
  ["9F47", "Integrated Circuit Card (ICC) Public Key Exponent", "b", 1, 3, "I", "70 77"],
  ["9F48", "Integrated Circuit Card (ICC) Public Key Remainder", "b", 0, 248, "I", "70 77"],
  ["9F49", "Dynamic Data Authentication Data Object List (DDOL)", "b", 0, 252, "I", "70 77"],
  ["9F4A", "Static Data Authentication Tag List", "var.", 0, 252, "I", "70 77"],
  ["9F4B", "Signed Dynamic Application Data", "b", 1, 248, "I", "77 80"],
  ["9F4C", "Integrated Circuit Card (ICC) Dynamic Number", "b", 2, 8, "I", ""],
  ["9F4D", "Log Entry", "b", 2, 2, "I", "BF0C 73"],
  ["9F4E", "Merchant Name and Location", "ans", 0, 255, "T", ""],
  ["9F4F", "Log Format", "b", 0, 252, "I", ""],
  ["9F6B", "Track 2 Data", "b", 0, 19, "I", "70 77"],
  ["9F70", "Protected Data Envelope 1", "b", 0, 192, "I", ""],
  ["9F71", "Protected Data Envelope 2", "b", 0, 192, "I", ""],
  ["9F72", "Protected Data Envelope 3", "b", 0, 192, "I", ""],
  ["9F73", "Protected Data Envelope 4", "b", 0, 192, "I", ""],
  ["9F74", "Protected Data Envelope 5", "b", 0, 192, "I", ""],
  ["9F75", "Unprotected Data Envelope 1", "b", 0, 192, "I", ""],
  ["9F76", "Unprotected Data Envelope 2", "b", 0, 192, "I", ""],
  ["9F77", "Unprotected Data Envelope 3", "b", 0, 192, "I", ""],
  ["9F78", "Unprotected Data Envelope 4", "b", 0, 192, "I", ""],
  ["9F79", "Unprotected Data Envelope 5", "b", 0, 192, "I", ""],
  ["A5", "File Control Information (FCI) Proprietary Template", "var.", 0, 252, "I", "6F"],
  ["BF0C", "File Control Information (FCI) Issuer Discretionary Data", "var.", 0, 222, "I", "A5"],
];

function rowOf(tag: string): Row | undefined {
  let lo = 0;
  let hi = ROWS.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = ROWS[mid][0];
    if (t === tag) return ROWS[mid];
    if (t < tag) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/**
 * What the dictionary knows of a tag (upper- or lower-case hex), or
 * `undefined` for a tag it does not hold (proprietary, or another kernel's).
 */
export function tagInfo(tag: string): TagInfo | undefined {
  const row = rowOf(tag.toUpperCase());
  if (row === undefined) return undefined;
  const [t, name, format, min, max, source, templates] = row;
  return { tag: t, name, format, length: { min, max }, source: SOURCES[source], templates: templates === "" ? [] : templates.split(" ") };
}

/** The tags of the dictionary, in table order (for listings and tests). */
export function knownTags(): string[] {
  return ROWS.map((r) => r[0]);
}
