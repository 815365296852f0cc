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

interface Range {
  /** lowest prefix, as digits */
  from: string;
  /** highest prefix, same length as `from` */
  to: string;
  scheme: Scheme;
}

// Longer (more specific) prefixes first: the first match wins.
const RANGES: Range[] = [
  { from: "622126", to: "622925", scheme: "unionpay" },
  { from: "3528", to: "3589", scheme: "jcb" },
  { from: "2221", to: "2720", scheme: "mastercard" },
  { from: "2200", to: "2204", scheme: "mir" },
  { from: "3095", to: "3095", scheme: "diners" },
  { from: "6011", to: "6011", scheme: "discover" },
  { from: "5018", to: "5018", scheme: "maestro" },
  { from: "5020", to: "5020", scheme: "maestro" },
  { from: "5038", to: "5038", scheme: "maestro" },
  { from: "5893", to: "5893", scheme: "maestro" },
  { from: "6304", to: "6304", scheme: "maestro" },
  { from: "6759", to: "6759", scheme: "maestro" },
  { from: "6761", to: "6763", scheme: "maestro" },
  { from: "300", to: "305", scheme: "diners" },
  { from: "644", to: "649", scheme: "discover" },
  { from: "34", to: "34", scheme: "amex" },
  { from: "37", to: "37", scheme: "amex" },
  { from: "36", to: "36", scheme: "diners" },
  { from: "38", to: "39", scheme: "diners" },
  { from: "51", to: "55", scheme: "mastercard" },
  { from: "65", to: "65", scheme: "discover" },
  { from: "62", to: "62", scheme: "unionpay" },
  { from: "81", to: "81", scheme: "unionpay" },
  { from: "4", to: "4", scheme: "visa" },
];

/** The scheme whose IIN range holds `pan`, or `"unknown"`. */
export function schemeOf(pan: string): Scheme {
  for (let i = 0; i < RANGES.length; i++) {
    const r = RANGES[i];
    if (pan.length < r.from.length) continue;
    const prefix = pan.slice(0, r.from.length);
    if (prefix >= r.from && prefix <= r.to) return r.scheme;
  }
  return "unknown";
}
