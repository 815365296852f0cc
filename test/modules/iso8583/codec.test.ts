import test from "ava";
import fc from "fast-check";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { isXsposError } from "../../../modules/core/error.ts";
import { pack, unpack } from "../../../modules/iso8583/codec.ts";
import { ISO87A, ISO87B } from "../../../modules/iso8583/dialect.ts";
import { isoMessage, responseMti } from "../../../modules/iso8583/message.ts";

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const text = (b: Uint8Array) => String.fromCharCode(...b);

// pyiso8583 README (ASCII spec: MTI and bitmap as text, LLVAR PAN): decode, then the
// response it encodes with field 39 added.
test("iso87a: the pyiso8583 README request and response", (t) => {
  const request = unpack(ISO87A, ascii("02004000000000000000101234567890"));
  t.is(request.mti, "0200");
  t.deepEqual([...request.fields], [[2, "1234567890"]]);
  request.mti = responseMti(request.mti);
  request.fields.set(39, "05");
  t.is(text(pack(ISO87A, request)), "0210400000000200000010123456789005");
});

// jPOS ISOUtil.str2bcd as documented (jpos.org, ISOUtil): "123" is 12 30 right-padded
// (IFB_LLNUM, pad=false) and 01 23 left-padded (IFB_NUMERIC, pad=true); LL prefixes are
// one BCD byte, LLL prefixes two; IF_CHAR stays ASCII; IFB_BINARY is raw.
test("iso87b: BCD numbers, BCD prefixes, ASCII text and raw binary as jPOS ISO87BPackager lays them", (t) => {
  const message = isoMessage("0200", { 2: "4012345678909", 22: "051", 41: "TERM0001", 52: fromHex("1B9C1845EB993A7A") });
  const expected =
    "0200" + // MTI, BCD
    "4000040000801000" + // bitmap: fields 2, 22, 41, 52
    "13" + "4012345678909" + "0" + // LL prefix 13 digits, BCD right-padded
    "0051" + // n3 left-padded
    toHex(ascii("TERM0001")) +
    "1B9C1845EB993A7A";
  t.is(toHex(pack(ISO87B, message)), expected);
  t.deepEqual(unpack(ISO87B, fromHex(expected)), message);
});

test("iso87a: IFA_BINARY as hex characters, fixed numbers zero-padded, fixed text space-padded", (t) => {
  const bytes = pack(ISO87A, isoMessage("0800", { 11: "42", 41: "T1", 52: fromHex("00112233445566FF") }));
  t.is(text(bytes), "08000020000000801000" + "000042" + "T1      " + "00112233445566FF");
});

test("secondary bitmap, track 2 separator, x+n amounts and DE55 in both dialects", (t) => {
  const message = isoMessage("0200", {
    2: "4111111111111111",
    4: "000000001250",
    28: "D00000150",
    35: "4111111111111111=30121010000012300000",
    55: fromHex("9F26081122334455667788820239009F3602001C"),
    70: "301",
    97: "C0000000000012345",
  });
  for (const dialect of [ISO87A, ISO87B]) {
    const bytes = pack(dialect, message);
    const back = unpack(dialect, bytes);
    t.deepEqual(back, message, dialect.name);
  }
  // track 2's '=' is the nibble D on a binary link
  t.regex(toHex(pack(ISO87B, isoMessage("0200", { 35: "41=3" }))), /^020000000000200000000441D3$/);
});

test("iso87b: the China UnionPay-style TPDU and application header travel before the MTI", (t) => {
  const message = { ...isoMessage("0800", { 11: "000452", 41: "80879888" }), tpdu: fromHex("6000030000"), header: fromHex("602200000000") };
  const bytes = pack(ISO87B, message);
  t.is(toHex(bytes.subarray(0, 13)), "6000030000602200000000" + "0800");
  t.deepEqual(unpack(ISO87B, bytes), message);
  t.throws(() => pack(ISO87A, message), { code: "ISO8583_HEADER" });
});

test("strict unpacking: each fault is a typed error naming its field", (t) => {
  const good = text(pack(ISO87A, isoMessage("0200", { 2: "4111111111111111", 4: "1250", 39: "00" })));
  const cases: [string, string, number | undefined][] = [
    [good.replace("0200", "02X0"), "ISO8583_MTI", undefined],
    [good.replace("5000000", "500000G"), "ISO8583_BITMAP", undefined],
    [good.replace("164111", "16411A"), "ISO8583_FIELD", 2],
    [good.replace("164111", "2041"), "ISO8583_FIELD", 2],
    [good.replace("000000001250", "00000000125A"), "ISO8583_FIELD", 4],
    [good.slice(0, -1), "ISO8583_FIELD", 39],
    [good + "X", "ISO8583_TRAILING", undefined],
  ];
  for (const [input, code, field] of cases) {
    const e = t.throws(() => unpack(ISO87A, ascii(input))) as unknown as { code: string; field?: number; message: string };
    t.is(e.code, code, input);
    t.is(e.field, field, input);
    t.false(e.message.includes("4111111111111111"), "no PAN in the message");
  }
  t.like(t.throws(() => unpack(ISO87B, fromHex("02000000000000000001" + "0102"))), { code: "ISO8583_FIELD", field: 64 }, "bit 64 needs 8 bytes of MAC");
  t.throws(() => unpack(ISO87B, fromHex("0200" + "80")), { code: "ISO8583_BITMAP" }, "a bitmap cut short");
});

test("strict packing: class, length and unknown fields", (t) => {
  t.throws(() => pack(ISO87A, isoMessage("0200", { 2: "41111111111111111111" })), { code: "ISO8583_FIELD" });
  t.throws(() => pack(ISO87A, isoMessage("0200", { 3: "00A000" })), { code: "ISO8583_FIELD" });
  t.throws(() => pack(ISO87A, isoMessage("0200", { 52: fromHex("0011") })), { code: "ISO8583_FIELD" });
  t.throws(() => pack(ISO87A, isoMessage("0200", { 52: "1B9C1845EB993A7A" })), { code: "ISO8583_FIELD" });
  t.throws(() => pack(ISO87A, isoMessage("0200", { 1: "x" })), { code: "ISO8583_BITMAP" });
  t.throws(() => pack(ISO87A, isoMessage("02000", {})), { code: "ISO8583_MTI" });
});

const fieldValue = (n: number) => {
  const spec = ISO87A.fields[n];
  const len = spec.length === "fixed" ? fc.constant(spec.max) : fc.integer({ min: 0, max: Math.min(spec.max, 40) });
  const chars: Record<string, string> = { n: "0123456789", z: "0123456789=", an: "AZaz09 ", ans: " !~Aa0" };
  if (spec.class === "b") return len.chain((l) => fc.uint8Array({ minLength: l, maxLength: l }));
  if (spec.class === "xn") return fc.tuple(fc.constantFrom("C", "D"), fc.stringMatching(new RegExp(`^[0-9]{${spec.max}}$`))).map(([s, d]) => s + d);
  const alphabet = chars[spec.class];
  return len.chain((l) => fc.array(fc.constantFrom(...alphabet), { minLength: l, maxLength: l }).map((a) => a.join("")))
    // fixed text loses trailing spaces on the way back, as jPOS IF_CHAR does
    .map((s) => (spec.length === "fixed" && spec.class !== "n" ? s.replace(/ +$/, "") : s));
};

test("pack then unpack is the identity, both dialects, any fields", (t) => {
  const numbers = Object.keys(ISO87A.fields).map(Number);
  fc.assert(
    fc.property(fc.uniqueArray(fc.constantFrom(...numbers), { maxLength: 12 }).chain((ns) => fc.tuple(...ns.map((n) => fieldValue(n).map((v) => [n, v] as const)))), fc.constantFrom(ISO87A, ISO87B), (entries, dialect) => {
      const message = { mti: "0200", fields: new Map<number, string | Uint8Array>([...entries].sort((a, b) => a[0] - b[0])) };
      const back = unpack(dialect, pack(dialect, message));
      t.deepEqual(back, message);
      return true;
    }),
    { numRuns: 150 },
  );
});

test("arbitrary bytes never throw anything but a typed error", (t) => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), fc.constantFrom(ISO87A, ISO87B), (bytes, dialect) => {
      try {
        unpack(dialect, bytes);
      } catch (e) {
        if (!isXsposError(e)) throw e;
      }
      return true;
    }),
    { numRuns: 500 },
  );
  t.pass();
});

// Field classes as ISO 8583:1987 clause 4.2 defines them: n digits, an letters and digits (space
// allowed, as jPOS IF_CHAR pads), ans printable ASCII 20-7E, z track 2 (digits and '='), x+n C or D then digits.
test("a character outside its field's class is refused by its position, the first one counted", (t) => {
  const refused: [number, string, string][] = [
    [3, "00/000", "character 3 is not allowed in a field of class n"],
    [3, "00:000", "character 3 is not allowed in a field of class n"],
    [37, "ABC_EF123456", "character 4 is not allowed in a field of class an"],
    [38, "AB`1{", "character 3 is not allowed in a field of class an"],
    [41, "TID\u007f0001", "character 4 is not allowed in a field of class ans"],
    [41, "T\u001fD", "character 2 is not allowed in a field of class ans"],
    [43, "Caf\u00e9 \u00e9", "character 4 is not allowed in a field of class ans"],
    [43, "AB\ud83d\ude00CD", "character 3 is not allowed in a field of class ans"],
    [35, "4111=25:1", "character 8 is not allowed in a field of class z"],
  ];
  for (const [field, value, message] of refused) {
    t.like(t.throws(() => pack(ISO87A, isoMessage("0200", { [field]: value }))), { code: "ISO8583_FIELD", field, message: `field ${field}: ${message}` }, value);
  }
  t.notThrows(() => pack(ISO87A, isoMessage("0200", { 37: "AZaz09 ", 41: " ~", 35: "4111=2512" })));
});

test("x+n takes C or D then digits only; c, E and a sign alone with a non-digit are refused", (t) => {
  t.notThrows(() => pack(ISO87A, isoMessage("0200", { 28: "C00000150" })));
  t.notThrows(() => pack(ISO87A, isoMessage("0200", { 28: "D" })));
  for (const value of ["c00000150", "E00000150", "", "C0000015 ", "D0000015X"]) {
    t.throws(() => pack(ISO87A, isoMessage("0200", { 28: value })), { code: "ISO8583_FIELD" }, value);
  }
});

test("a fixed text field comes back without the spaces that pad it on the right, its leading and inner spaces kept", (t) => {
  const bytes = pack(ISO87A, isoMessage("0210", { 38: " A 1", 41: "T 1" }));
  const back = unpack(ISO87A, bytes);
  t.is(back.fields.get(38), " A 1");
  t.is(back.fields.get(41), "T 1");
  t.is(unpack(ISO87A, pack(ISO87A, isoMessage("0210", { 39: "  " }))).fields.get(39), "");
});
