import test from "ava";
import { fromHex, toHex } from "../../../modules/core/hex.ts";

// fromHex reads hex digits of either case and skips what a regular expression's \s matches
// (ECMA-262 WhiteSpace and LineTerminator); the bytes below are the digits' own values.
test("fromHex reads both cases and skips white space, line breaks included", (t) => {
  t.deepEqual(fromHex("00 7f\tFF\r\n8a\u00a0b0\u3000C1"), Uint8Array.of(0x00, 0x7f, 0xff, 0x8a, 0xb0, 0xc1));
  t.deepEqual(fromHex(""), new Uint8Array(0));
  t.is(toHex(fromHex("0123456789abcdefABCDEF")), "0123456789ABCDEFABCDEF");
});

test("fromHex refuses an odd number of digits and a character that is not a hex digit", (t) => {
  t.throws(() => fromHex("ABC"), { code: "HEX_INVALID", message: /odd number/ });
  t.throws(() => fromHex("0G"), { code: "HEX_INVALID", message: /not a hex digit/ });
  t.throws(() => fromHex("0x12"), { code: "HEX_INVALID", message: /not a hex digit/ });
  t.throws(() => fromHex("12-34"), { code: "HEX_INVALID", message: /odd number/ }, "five characters that are not white space");
});

test("fromHex refuses a value that is not a string with HEX_INVALID", (t) => {
  t.throws(() => fromHex(undefined as unknown as string), { code: "HEX_INVALID", message: /must be a string/ });
  t.throws(() => fromHex(0x12 as unknown as string), { code: "HEX_INVALID", message: /must be a string/ });
});
