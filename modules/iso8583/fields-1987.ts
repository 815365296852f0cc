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
}

const f = (max: number, cls: FieldClass): FieldSpec => ({ length: "fixed", max, class: cls });
const ll = (max: number, cls: FieldClass): FieldSpec => ({ length: "LL", max, class: cls });
const lll = (max: number, cls: FieldClass): FieldSpec => ({ length: "LLL", max, class: cls });

const table: Record<number, FieldSpec> = {
  2: ll(19, "n"),
  3: f(6, "n"),
  4: f(12, "n"),
  5: f(12, "n"),
  6: f(12, "n"),
  7: f(10, "n"),
  8: f(8, "n"),
  9: f(8, "n"),
  10: f(8, "n"),
  11: f(6, "n"),
  12: f(6, "n"),
  13: f(4, "n"),
  14: f(4, "n"),
  15: f(4, "n"),
  16: f(4, "n"),
  17: f(4, "n"),
  18: f(4, "n"),
  19: f(3, "n"),
  20: f(3, "n"),
  21: f(3, "n"),
  22: f(3, "n"),
  23: f(3, "n"),
  24: f(3, "n"),
  25: f(2, "n"),
  26: f(2, "n"),
  27: f(1, "n"),
  28: f(8, "xn"),
  29: f(8, "xn"),
  30: f(8, "xn"),
  31: f(8, "xn"),
  32: ll(11, "n"),
  33: ll(11, "n"),
  34: ll(28, "ans"),
  35: ll(37, "z"),
  36: lll(104, "z"),
  37: f(12, "an"),
  38: f(6, "an"),
  39: f(2, "an"),
  40: f(3, "an"),
  41: f(8, "ans"),
  42: f(15, "ans"),
  43: f(40, "ans"),
  44: ll(25, "ans"),
  45: ll(76, "ans"),
  46: lll(999, "ans"),
  47: lll(999, "ans"),
  48: lll(999, "ans"),
  49: f(3, "an"),
  50: f(3, "an"),
  51: f(3, "an"),
  52: f(8, "b"),
  53: f(16, "n"),
  54: lll(120, "ans"),
  55: lll(999, "b"),
  64: f(8, "b"),
  65: f(1, "b"),
  66: f(1, "n"),
  67: f(2, "n"),
  68: f(3, "n"),
  69: f(3, "n"),
  70: f(3, "n"),
  71: f(4, "n"),
  72: f(4, "n"),
  73: f(6, "n"),
  74: f(10, "n"),
  75: f(10, "n"),
  76: f(10, "n"),
  77: f(10, "n"),
  78: f(10, "n"),
  79: f(10, "n"),
  80: f(10, "n"),
  81: f(10, "n"),
  82: f(12, "n"),
  83: f(12, "n"),
  84: f(12, "n"),
  85: f(12, "n"),
  86: f(16, "n"),
  87: f(16, "n"),
  88: f(16, "n"),
  89: f(16, "n"),
  90: f(42, "n"),
  91: f(1, "an"),
  92: f(2, "an"),
  93: f(6, "an"),
  94: f(7, "an"),
  95: f(42, "an"),
  96: f(16, "b"),
  97: f(16, "xn"),
  98: f(25, "ans"),
  99: ll(11, "n"),
  100: ll(11, "n"),
  101: ll(17, "ans"),
  102: ll(28, "ans"),
  103: ll(28, "ans"),
  104: lll(100, "ans"),
  128: f(8, "b"),
};
// the fields reserved for ISO, national and private use
for (let n = 56; n <= 63; n++) table[n] = lll(999, "ans");
for (let n = 105; n <= 127; n++) table[n] = lll(999, "ans");

/** Field 2 to 128 of ISO 8583:1987 (field 1 is the secondary bitmap). */
export const ISO8583_1987: Readonly<Record<number, FieldSpec>> = table;
