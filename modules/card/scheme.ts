/**
 * Card scheme from the issuer identification number (the PAN's leading
 * digits). Ranges from the schemes' published IIN tables as collected in
 * ISO/IEC 7812 registrations: Visa 4; Mastercard 51-55 and 2221-2720;
 * American Express 34, 37; Diners Club 300-305, 3095, 36, 38-39;
 * JCB 3528-3589; Discover 6011, 644-649, 65; UnionPay 62, 81;
 * Maestro 5018, 5020, 5038, 5893, 6304, 6759, 6761-6763; Mir 2200-2204.
 */
export type Scheme =
  | "visa"
  | "mastercard"
  | "amex"
  | "diners"
  | "jcb"
  | "discover"
  | "unionpay"
  | "maestro"
  | "mir"
  | "unknown";

/** An IIN range: its lowest prefix, as digits, its highest prefix, of the same length, and its scheme. */
type Range = readonly [from: string, to: string, scheme: Scheme];

// Longer (more specific) prefixes first: the first match wins.
const RANGES: Range[] = [
  ["622126", "622925", "unionpay"],
  ["3528", "3589", "jcb"],
  ["2221", "2720", "mastercard"],
  ["2200", "2204", "mir"],
  ["3095", "3095", "diners"],
  ["6011", "6011", "discover"],
  ["5018", "5018", "maestro"],
  ["5020", "5020", "maestro"],
  ["5038", "5038", "maestro"],
  ["5893", "5893", "maestro"],
  ["6304", "6304", "maestro"],
  ["6759", "6759", "maestro"],
  ["6761", "6763", "maestro"],
  ["300", "305", "diners"],
  ["644", "649", "discover"],
  ["34", "34", "amex"],
  ["37", "37", "amex"],
  ["36", "36", "diners"],
  ["38", "39", "diners"],
  ["51", "55", "mastercard"],
  ["65", "65", "discover"],
  ["62", "62", "unionpay"],
  ["81", "81", "unionpay"],
  ["4", "4", "visa"],
];

/** The scheme whose IIN range holds `pan`, or `"unknown"`. */
export function schemeOf(pan: string): Scheme {
  for (let i = 0; i < RANGES.length; i++) {
    const range = RANGES[i];
    const from = range[0];
    if (pan.length < from.length) continue;
    const prefix = pan.slice(0, from.length);
    if (prefix >= from && prefix <= range[1]) return range[2];
  }
  return "unknown";
}
