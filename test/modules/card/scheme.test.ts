import test from "ava";
import { schemeOf, type Scheme } from "../../../modules/card/scheme.ts";

// Test card numbers published in Stripe's "Testing" documentation (card
// numbers by brand) and the schemes' IIN ranges as listed in Wikipedia's
// "Payment card number" article.
const PUBLISHED: [string, Scheme][] = [
  ["4242424242424242", "visa"],
  ["4000056655665556", "visa"],
  ["5555555555554444", "mastercard"],
  ["2223003122003222", "mastercard"],
  ["5200828282828210", "mastercard"],
  ["378282246310005", "amex"],
  ["371449635398431", "amex"],
  ["6011111111111117", "discover"],
  ["6011000990139424", "discover"],
  ["3056930009020004", "diners"],
  ["36227206271667", "diners"],
  ["3566002020360505", "jcb"],
  ["6200000000000005", "unionpay"],
];

test("published test PANs map to their scheme", (t) => {
  for (const [pan, scheme] of PUBLISHED) t.is(schemeOf(pan), scheme, pan);
});

test("range edges", (t) => {
  t.is(schemeOf("2220990000000000"), "unknown");
  t.is(schemeOf("2221000000000000"), "mastercard");
  t.is(schemeOf("2720990000000000"), "mastercard");
  t.is(schemeOf("2721000000000000"), "unknown");
  t.is(schemeOf("3527000000000000"), "unknown");
  t.is(schemeOf("3528000000000000"), "jcb");
  t.is(schemeOf("3589000000000000"), "jcb");
  t.is(schemeOf("3590000000000000"), "unknown");
  t.is(schemeOf("6440000000000000"), "discover");
  t.is(schemeOf("6500000000000000"), "discover");
  t.is(schemeOf("6221260000000000"), "unionpay");
  t.is(schemeOf("8100000000000000"), "unionpay");
  t.is(schemeOf("2200000000000000"), "mir");
  t.is(schemeOf("6759000000000000"), "maestro");
  t.is(schemeOf(""), "unknown");
  t.is(schemeOf("9999999999999999"), "unknown");
});
