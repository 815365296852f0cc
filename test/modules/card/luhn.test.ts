import test from "ava";
import { luhnCheckDigit, luhnValid } from "../../../modules/card/luhn.ts";

// ISO/IEC 7812-1 Annex B worked example, as reproduced in Wikipedia's
// "Luhn algorithm" article: payload 7992739871 has check digit 3.
test("Annex B example: 7992739871 takes check digit 3", (t) => {
  t.is(luhnCheckDigit("7992739871"), 3);
  t.true(luhnValid("79927398713"));
  for (const wrong of [0, 1, 2, 4, 5, 6, 7, 8, 9]) t.false(luhnValid(`7992739871${wrong}`));
});

// Published test card numbers: Stripe's "Testing" documentation and
// PayPal's sandbox test numbers.
const PUBLISHED = ["4111111111111111", "4242424242424242", "5555555555554444", "378282246310005", "371449635398431", "6011111111111117", "3530111333300000", "30569309025904", "6200000000000005"];

test("published test PANs pass", (t) => {
  for (const pan of PUBLISHED) t.true(luhnValid(pan), pan);
});

test("a single changed digit always fails", (t) => {
  for (const pan of PUBLISHED) {
    for (let i = 0; i < pan.length; i++) {
      const d = (Number(pan[i]) + 1) % 10;
      t.false(luhnValid(pan.slice(0, i) + d + pan.slice(i + 1)), `${pan} position ${i}`);
    }
  }
});

test("non-digits and too-short input are not valid", (t) => {
  t.false(luhnValid(""));
  t.false(luhnValid("0"));
  t.false(luhnValid("4111 1111 1111 1111"));
  t.false(luhnValid("41111111111111a1"));
});
