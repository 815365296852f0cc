import test from "ava";
import fc from "fast-check";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { PinError } from "../../../modules/pin/error.ts";
import { clearPinBlock, decryptPinBlock, encryptPinBlock, panField, pinField } from "../../../modules/pin/pin-block.ts";
import { fixedRandomCrypto, testCrypto } from "../../support/crypto.ts";

const digits = (s: string) => Uint8Array.from(s, Number);
// Fill bytes FF make the "random" fill of formats 1, 3 and 4 repeatable: F nibbles.
const ff = fixedRandomCrypto(Uint8Array.of(0xff));

// ANSI X9.24-1:2009 annex A.4 (and jPOS DUKPTTest): PIN 1234, PAN 4012345678909.
test("format 0: the X9.24-1 annex A example", (t) => {
  t.is(toHex(clearPinBlock(ff, 0, digits("1234"), "4012345678909")), "041274EDCBA9876F");
});

// CyberChef payment operations' PIN block tests: a 16-digit PAN, a 12-digit PAN (padded
// with a zero), a 6-digit PIN.
test("format 0: short PANs are padded on the left", (t) => {
  t.is(toHex(clearPinBlock(ff, 0, digits("1234"), "5432101234567890")), "041215FEDCBA9876");
  t.is(toHex(clearPinBlock(ff, 0, digits("1234"), "123456789012")), "041235DCBA9876FE");
  t.is(toHex(clearPinBlock(ff, 0, digits("123456"), "5432101234567890")), "06121557DCBA9876");
});

// Worked by hand from ISO 9564-1:2017 9.3.2.3 (format 0) and 9.3.5.3 (format 3): the PAN
// digits before the check digit, right-justified in 12 digits behind zeros, behind four
// zero nibbles. PIN 1234, F fill: PIN field 041234FFFFFFFFFF (341234FFFFFFFFFF for format 3).
// 4012345678 gives PAN field 0000 000401234567; 12345678, the shortest PAN ISO/IEC 7812-1
// numbers, gives 0000 000001234567.
test("formats 0 and 3: a PAN with fewer than 12 digits before its check digit is padded on the left with zeros", (t) => {
  t.is(toHex(panField(0, "4012345678")), "0000000401234567");
  t.is(toHex(clearPinBlock(ff, 0, digits("1234"), "4012345678")), "041234FBFEDCBA98");
  t.is(toHex(clearPinBlock(ff, 0, digits("1234"), "12345678")), "041234FFFEDCBA98");
  t.is(toHex(panField(3, "12345678")), "0000000001234567");
  t.is(toHex(clearPinBlock(ff, 3, digits("1234"), "4012345678")), "341234FBFEDCBA98");
});

// paysec (5n00py/paysec) ISO 9564 format 3 vectors, fill digits all F.
test("format 3: published vectors with fixed fill", (t) => {
  const cases: [string, string, string][] = [
    ["1234", "12345678901234", "341217BA9876FEDC"],
    ["12345", "1234567890123", "3512266BA9876FED"],
    ["123456", "123456789012345", "36120000876FEDCB"],
    ["1234567", "1234567890123456", "37127131F6FEDCBA"],
    ["12345678", "12345678901234567", "3812622EE8EDCBA9"],
    ["12345678901", "123456789012345678", "3B1253DF79B35A98"],
    ["123456789012", "1234567890123456789", "3C124CC66AA44487"],
  ];
  for (const [pin, pan, block] of cases) t.is(toHex(clearPinBlock(ff, 3, digits(pin), pan)), block, pin);
});

test("formats 1 and 2: no PAN; format 2 is F-filled, format 1 carries random fill", (t) => {
  t.is(toHex(clearPinBlock(ff, 2, digits("1234"))), "241234FFFFFFFFFF");
  const one = toHex(clearPinBlock(testCrypto(3), 1, digits("1234")));
  t.is(one.slice(0, 6), "141234");
  t.not(one.slice(6), toHex(clearPinBlock(testCrypto(4), 1, digits("1234"))).slice(6));
});

test("format 3 fill digits are A-F whatever the random source gives", (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 255 }), (byte) => {
      const field = toHex(pinField(fixedRandomCrypto(Uint8Array.of(byte, 0xab)), 3, digits("1234"))).slice(6);
      return /^[A-F]{10}$/.test(field);
    }),
  );
  t.pass();
});

// ISO 9564-1:2017 9.4.2.2.3: a PAN under 12 digits is right-justified in 12 digits behind
// zeros and the length nibble M is 0. 1234567890: paysec (5n00py/paysec) format 4 tests
// (test_encode_pan_field_iso_4_various_pans); 12345678: worked by hand from the same rule.
test("format 4: a PAN shorter than 12 digits is padded on the left with zeros and its length nibble is 0", (t) => {
  t.is(toHex(panField(4, "1234567890")), "00012345678900000000000000000000");
  t.is(toHex(panField(4, "12345678")), "00000123456780000000000000000000");
  const key = fromHex("00112233445566778899AABBCCDDEEFF");
  const block = encryptPinBlock(ff, digits("1234"), { format: 4, key, pan: "1234567890" });
  t.is(decryptPinBlock(ff, block, { format: 4, key, pan: "1234567890" }).join(""), "1234");
  // under another PAN the second decipherment gives noise, not a PIN field
  t.throws(() => decryptPinBlock(ff, block, { format: 4, key, pan: "1234567891" }), { instanceOf: PinError });
});

test("a PAN of fewer than 8 or more than 19 digits, or with a non-digit, is a PIN_PAN error that does not quote it", (t) => {
  for (const format of [0, 3, 4] as const) {
    for (const pan of ["4012345", "40123456789012345678", "4012 3456 7890", "401234567890123X"]) {
      const e = t.throws(() => panField(format, pan), { code: "PIN_PAN" }, `format ${format}, ${pan.length} characters`) as Error;
      t.false(e.message.includes(pan.replace(/ /g, "").slice(0, 6)), "no PAN digits in the message");
    }
  }
});

// paysec (5n00py/paysec) ISO 9564-1:2017 format 4 vectors.
test("format 4: PAN field and AES encipherment", (t) => {
  t.is(toHex(panField(4, "1234567890123456789")), "71234567890123456789000000000000");
  t.is(toHex(panField(4, "123456789012")), "01234567890120000000000000000000");
  t.is(toHex(pinField(ff, 4, digits("12345"))).slice(0, 16), "4512345AAAAAAAAA");
  const key = fromHex("00112233445566778899AABBCCDDEEFF");
  t.is(toHex(encryptPinBlock(ff, digits("1234"), { format: 4, key, pan: "1234567890123456789" })), "28B41FDDD29B743E93124BD8E32D921E");
  const cases: [string, string, string][] = [
    ["1234", "1234567890123456", "52DB178C6EDCE52E3A70F7FBC8E9C758"],
    ["123456", "123456789012345678", "847A0209C659E4C4A79CA6A2A2217D31"],
    ["12345678", "1234567890123456789", "018BFEC8B5EF60181A327AD8325A2BA4"],
  ];
  for (const [pin, pan, block] of cases) t.is(decryptPinBlock(ff, fromHex(block), { format: 4, key, pan }).join(""), pin);
});

test("every format decrypts back to its PIN", (t) => {
  const crypto = testCrypto(9);
  const tdes = fromHex("0123456789ABCDEFFEDCBA9876543210");
  const aes = fromHex("00112233445566778899AABBCCDDEEFF");
  fc.assert(
    fc.property(fc.stringMatching(/^[0-9]{4,12}$/), fc.stringMatching(/^[0-9]{8,19}$/), fc.constantFrom(0, 1, 3, 4), (pin, pan, format) => {
      const spec = { format: format as 0 | 1 | 3 | 4, key: format === 4 ? aes : tdes, pan };
      const block = encryptPinBlock(crypto, digits(pin), spec);
      return decryptPinBlock(crypto, block, spec).join("") === pin;
    }),
    { numRuns: 60 },
  );
  t.pass();
});

test("bad PINs, PANs, keys and blocks are typed errors without the PIN in the message", (t) => {
  const key = fromHex("0123456789ABCDEFFEDCBA9876543210");
  t.throws(() => clearPinBlock(ff, 0, digits("123"), "4012345678909"), { code: "PIN_LENGTH" });
  t.throws(() => clearPinBlock(ff, 0, digits("1234567890123"), "4012345678909"), { code: "PIN_LENGTH" });
  t.throws(() => clearPinBlock(ff, 0, Uint8Array.of(1, 2, 3, 12), "4012345678909"), { code: "PIN_DIGIT" });
  t.throws(() => clearPinBlock(ff, 0, digits("1234"), "4012345"), { code: "PIN_PAN" });
  t.throws(() => clearPinBlock(ff, 0, digits("1234")), { code: "PIN_PAN" });
  t.throws(() => encryptPinBlock(ff, digits("1234"), { format: 0, key: new Uint8Array(8), pan: "4012345678909" }), { code: "PIN_KEY" });
  const block = encryptPinBlock(ff, digits("9876"), { format: 0, key, pan: "4012345678909" });
  // the block's control nibble says format 0
  const e = t.throws(() => decryptPinBlock(ff, block, { format: 3, key, pan: "4012345678909" }), { code: "PIN_FORMAT" }) as Error;
  t.false(e.message.includes("9876"));
  // a PAN that differs in the digits over the fill corrupts the fill
  t.throws(() => decryptPinBlock(ff, block, { format: 0, key, pan: "4012345678999" }), { code: "PIN_BLOCK" });
});
