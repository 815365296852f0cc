/**
 * The data elements of ISO 8583:1987 as the jPOS ISO87 packagers lay
 * them out: how long each is, whether its length is fixed or given by an
 * LL or LLL prefix, and what it may hold.
 */

/** What a field holds. */
export type FieldClass =
  /** digits */
  | "n"
  /** letters, digits, space */
  | "an"
  /** printable ASCII */
  | "ans"
  /** track data: digits and the field separator `=` */
  | "z"
  /** sign C or D, then digits (x+n) */
  | "xn"
  /** bytes */
  | "b";

export interface FieldSpec {
  /** `fixed`, or the digits of the length prefix */
  length: "fixed" | "LL" | "LLL";
  /** exact length (fixed) or maximum; characters or digits, bytes for `b`, digits after the sign for `xn` */
  max: number;
  class: FieldClass;
  name: string;
}

const f = (max: number, cls: FieldClass, name: string): FieldSpec => ({ length: "fixed", max, class: cls, name });
const ll = (max: number, cls: FieldClass, name: string): FieldSpec => ({ length: "LL", max, class: cls, name });
const lll = (max: number, cls: FieldClass, name: string): FieldSpec => ({ length: "LLL", max, class: cls, name });

const table: Record<number, FieldSpec> = {
  2: ll(19, "n", "primary account number"),
  3: f(6, "n", "processing code"),
  4: f(12, "n", "amount, transaction"),
  5: f(12, "n", "amount, settlement"),
  6: f(12, "n", "amount, cardholder billing"),
  7: f(10, "n", "transmission date and time"),
  8: f(8, "n", "amount, cardholder billing fee"),
  9: f(8, "n", "conversion rate, settlement"),
  10: f(8, "n", "conversion rate, cardholder billing"),
  11: f(6, "n", "system trace audit number"),
  12: f(6, "n", "time, local transaction"),
  13: f(4, "n", "date, local transaction"),
  14: f(4, "n", "date, expiration"),
  15: f(4, "n", "date, settlement"),
  16: f(4, "n", "date, conversion"),
  17: f(4, "n", "date, capture"),
  18: f(4, "n", "merchant type"),
  19: f(3, "n", "acquiring institution country code"),
  20: f(3, "n", "PAN extended country code"),
  21: f(3, "n", "forwarding institution country code"),
  22: f(3, "n", "point of service entry mode"),
  23: f(3, "n", "card sequence number"),
  24: f(3, "n", "network international identifier"),
  25: f(2, "n", "point of service condition code"),
  26: f(2, "n", "point of service PIN capture code"),
  27: f(1, "n", "authorization identification response length"),
  28: f(8, "xn", "amount, transaction fee"),
  29: f(8, "xn", "amount, settlement fee"),
  30: f(8, "xn", "amount, transaction processing fee"),
  31: f(8, "xn", "amount, settlement processing fee"),
  32: ll(11, "n", "acquiring institution identification code"),
  33: ll(11, "n", "forwarding institution identification code"),
  34: ll(28, "ans", "PAN extended"),
  35: ll(37, "z", "track 2 data"),
  36: lll(104, "z", "track 3 data"),
  37: f(12, "an", "retrieval reference number"),
  38: f(6, "an", "authorization identification response"),
  39: f(2, "an", "response code"),
  40: f(3, "an", "service restriction code"),
  41: f(8, "ans", "card acceptor terminal identification"),
  42: f(15, "ans", "card acceptor identification code"),
  43: f(40, "ans", "card acceptor name/location"),
  44: ll(25, "ans", "additional response data"),
  45: ll(76, "ans", "track 1 data"),
  46: lll(999, "ans", "additional data - ISO"),
  47: lll(999, "ans", "additional data - national"),
  48: lll(999, "ans", "additional data - private"),
  49: f(3, "an", "currency code, transaction"),
  50: f(3, "an", "currency code, settlement"),
  51: f(3, "an", "currency code, cardholder billing"),
  52: f(8, "b", "PIN data"),
  53: f(16, "n", "security related control information"),
  54: lll(120, "ans", "additional amounts"),
  55: lll(999, "b", "ICC data (EMV TLV)"),
  64: f(8, "b", "message authentication code"),
  65: f(1, "b", "bitmap, extended"),
  66: f(1, "n", "settlement code"),
  67: f(2, "n", "extended payment code"),
  68: f(3, "n", "receiving institution country code"),
  69: f(3, "n", "settlement institution country code"),
  70: f(3, "n", "network management information code"),
  71: f(4, "n", "message number"),
  72: f(4, "n", "message number last"),
  73: f(6, "n", "date action"),
  74: f(10, "n", "credits, number"),
  75: f(10, "n", "credits reversal, number"),
  76: f(10, "n", "debits, number"),
  77: f(10, "n", "debits reversal, number"),
  78: f(10, "n", "transfer, number"),
  79: f(10, "n", "transfer reversal, number"),
  80: f(10, "n", "inquiries, number"),
  81: f(10, "n", "authorizations, number"),
  82: f(12, "n", "credits, processing fee amount"),
  83: f(12, "n", "credits, transaction fee amount"),
  84: f(12, "n", "debits, processing fee amount"),
  85: f(12, "n", "debits, transaction fee amount"),
  86: f(16, "n", "credits, amount"),
  87: f(16, "n", "credits reversal, amount"),
  88: f(16, "n", "debits, amount"),
  89: f(16, "n", "debits reversal, amount"),
  90: f(42, "n", "original data elements"),
  91: f(1, "an", "file update code"),
  92: f(2, "an", "file security code"),
  93: f(6, "an", "response indicator"),
  94: f(7, "an", "service indicator"),
  95: f(42, "an", "replacement amounts"),
  96: f(16, "b", "message security code"),
  97: f(16, "xn", "amount, net settlement"),
  98: f(25, "ans", "payee"),
  99: ll(11, "n", "settlement institution identification code"),
  100: ll(11, "n", "receiving institution identification code"),
  101: ll(17, "ans", "file name"),
  102: ll(28, "ans", "account identification 1"),
  103: ll(28, "ans", "account identification 2"),
  104: lll(100, "ans", "transaction description"),
  128: f(8, "b", "message authentication code"),
};
for (let n = 56; n <= 63; n++) table[n] = lll(999, "ans", n <= 59 ? "reserved national" : "reserved private");
for (let n = 105; n <= 127; n++) table[n] = lll(999, "ans", n <= 111 ? "reserved ISO" : n <= 119 ? "reserved national" : "reserved private");

/** Field 2 to 128 of ISO 8583:1987 (field 1 is the secondary bitmap). */
export const ISO8583_1987: Readonly<Record<number, FieldSpec>> = table;
