import test from "ava";
import fc from "fast-check";
import { isXsposError } from "../../../modules/core/error.ts";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { buildDolData, parseDol, type DolEntry } from "../../../modules/emv/dol.ts";
import { dolJson, tlvValues } from "../../../modules/emv/dol-json.ts";
import { knownTags, tagInfo } from "../../../modules/emv/tags.ts";
import { MAESTRO, OPENEMV, PYTHON_EMV } from "./vectors.ts";

const values = (entries: Record<string, string>) => new Map(Object.entries(entries).map(([tag, hex]) => [tag, fromHex(hex)]));
const entries = (hex: string) => parseDol(fromHex(hex)).map((e) => `${e.tag}:${e.length}`);

// lumag/emv-tools data/maestro.emu: the Maestro card's CDOL1, CDOL2 and Log Format.
test("Book 3 §5.4: a DOL is tags (one to three bytes) each with a one-byte length", (t) => {
  t.deepEqual(entries(MAESTRO.cdol1), ["9F02:6", "9F03:6", "9F1A:2", "95:5", "5F2A:2", "9A:3", "9C:1", "9F37:4", "9F35:1", "9F45:2", "9F4C:8", "9F34:3"]);
  t.deepEqual(entries(MAESTRO.cdol2), ["91:10", "8A:2", "95:5", "9F37:4", "9F4C:8"]);
  t.deepEqual(entries(OPENEMV.readmeDol), ["9F1A:2", "9F33:3", "9F40:5"]);
  t.deepEqual(entries("DF 81 01 02"), ["DF8101:2"]);
  // python-emv test_dol: a DOL may name a tag twice
  t.deepEqual(entries(PYTHON_EMV.repeatedDol).filter((e) => e === "9A:3").length, 2);
  t.deepEqual(parseDol(new Uint8Array(0)), []);
});

test("a DOL cut inside a tag, or a tag without its length, is DOL_FORMAT", (t) => {
  t.throws(() => parseDol(fromHex("9F")), { code: "DOL_FORMAT" });
  t.throws(() => parseDol(fromHex("9F 02 06 9F 03")), { code: "DOL_FORMAT" });
  t.throws(() => parseDol(fromHex("95")), { code: "DOL_FORMAT" });
  t.throws(() => parseDol(fromHex("DF FF FF 01 05")), { code: "DOL_FORMAT" });
});

// openemv tests/emv_dol_test.c test 6: every entry the length of its data.
test("Book 3 §5.4: values of the asked length are concatenated in DOL order", (t) => {
  const source = values({ "9C": "09", "9A": "240217", "5F2A": "0978", "9F02": "000123456789", "9F03": "000987654321", "9F37": "DEADBEEF", "9F1A": "0528", "95": "1234554321" });
  const built = buildDolData(fromHex("9F02069F03069F1A0295055F2A029A039C019F3704"), source);
  t.is(toHex(built.data), "000123456789" + "000987654321" + "0528" + "1234554321" + "0978" + "240217" + "09" + "DEADBEEF");
  t.true(built.parts.every((p) => p.fill === "copied"));
});

// openemv tests/emv_dol_test.c test 7: lengths shorter and longer than the data, in n, cn and b formats.
test("Book 3 §5.4 c and d: n truncated from the left and padded with leading zeros; cn padded with FF; others cut and padded on the right", (t) => {
  const dol = fromHex("9F0203 9F0307 9F1A02 9506 5F2A02 9A00 9C03 9F3703 5A05 9F2005 9F1908");
  // the test's first source wins where both have a tag
  const source = values({
    "9C": "09", "9A": "240217", "5F2A": "0978", "9F02": "000123456789", "9F03": "000987654321", "9F37": "DEADBEEF",
    "5A": "541333008902001F", "9F20": "12345F", "9F1A": "0528", "95": "1234554321", "9F19": "654321012345",
  });
  const built = buildDolData(dol, source);
  t.is(
    toHex(built.data),
    "456789" + "00000987654321" + "0528" + "123455432100" + "0978" + "" + "000009" + "DEADBE" + "5413330089" + "12345FFFFF" + "0000654321012345",
  );
  t.deepEqual(
    built.parts.map((p) => p.fill),
    ["truncated", "padded", "copied", "padded", "copied", "truncated", "padded", "truncated", "truncated", "padded", "padded"],
  );
});

// russss/python-emv test_serialise: the Barclays debit CDOL1 with only 9A and 95 known.
test("Book 3 §5.4 b: a known tag with no value is filled with zeros", (t) => {
  const built = buildDolData(fromHex(PYTHON_EMV.cdol1), values({ "9A": "010101", "95": "8000000000" }));
  t.is(toHex(built.data), toHex(fromHex(PYTHON_EMV.cdol1Data)));
  t.is(built.parts.find((p) => p.tag === "9F37")?.fill, "absent");
});

// lumag/emv-tools data/maestro.emu Log Format: 9F52 is a proprietary tag this terminal does not know.
test("Book 3 §5.4 a: an unknown tag and a constructed tag are filled with zeros of the asked length", (t) => {
  const built = buildDolData(fromHex(MAESTRO.logFormat).subarray(3), values({ "9F27": "80", "70": "5A0112" }));
  t.is(toHex(built.data.subarray(14)), "000000000000");
  t.is(built.parts[5].fill, "unknown");
  const constructed = buildDolData(fromHex("70 03 9F 27 01"), values({ "70": "5A0112", "9F27": "40" }));
  t.is(toHex(constructed.data), "00000040");
  t.is(constructed.parts[0].fill, "constructed");
  // a proprietary tag the terminal has a value for is known to it, and read as binary
  t.is(toHex(buildDolData(fromHex("DF 01 03"), values({ DF01: "AB" })).data), "AB0000");
});

test("a DOL asking for 255 bytes is built; more than the limit is DOL_TOO_LONG, whatever the limit", (t) => {
  const built = buildDolData(fromHex("9F 02 FF"), values({ "9F02": "000000001234" }));
  t.is(built.data.length, 255);
  t.is(toHex(built.data.subarray(249)), "000000001234");
  t.true(built.data.subarray(0, 249).every((b) => b === 0));
  t.throws(() => buildDolData(fromHex("9F 02 FF 9F 03 01"), new Map()), { code: "DOL_TOO_LONG" });
  t.throws(() => buildDolData(fromHex("9F 02 06"), new Map(), { limit: 5 }), { code: "DOL_TOO_LONG" });
  t.is(buildDolData(fromHex("9F 02 FF 9F 03 FF"), new Map(), { limit: Infinity }).data.length, 510);
  t.throws(() => buildDolData([{ tag: "9F02", length: 256 }], new Map()), { code: "DOL_FORMAT" });
  t.throws(() => buildDolData([{ tag: "9F02", length: -1 }], new Map()), { code: "DOL_FORMAT" });
});

test("the JSON view gives each entry's source and the value put, masking cardholder data unless revealed", (t) => {
  const data = fromHex("5A 08 5413330089020011 9F 02 06 000000001000 9A 03 260401");
  const view = dolJson(fromHex("9F0206 5A0A 9A03 9F3704"), data);
  t.deepEqual(view.entries[0], { tag: "9F02", name: "Amount, Authorised (Numeric)", format: "n", length: 6, source: "000000001000", value: "000000001000", fill: "copied" });
  t.like(view.entries[1], { tag: "5A", source: "541333******0011", value: "541333******0011FFFF", fill: "padded" });
  t.like(view.entries[3], { source: null, value: "00000000", fill: "absent" });
  t.is(view.length, 23);
  t.is(view.data, "000000001000" + "541333******0011FFFF" + "260401" + "00000000");
  t.is(dolJson(fromHex("5A0A"), data, { reveal: true }).data, "5413330089020011FFFF");
  t.deepEqual(dolJson(fromHex("9F3704")).entries[0].value, "00000000");
  t.throws(() => dolJson(fromHex("9F3704"), fromHex("9F")), { code: "TLV_TAG" });
});

test("tlvValues gathers the primitive values of a record at any depth, the first of a tag kept", (t) => {
  const got = tlvValues(fromHex(MAESTRO.adfFci + "50 01 41"));
  t.is(toHex(got.get("50")!), "4D61657374726F");
  t.is(toHex(got.get("9F4D")!), "0B0A");
  t.false(got.has("A5"));
});

const entryArb: fc.Arbitrary<DolEntry> = fc.record({
  tag: fc.oneof(fc.constantFrom(...knownTags()), fc.constantFrom("DF01", "9F52", "BF50", "00")),
  length: fc.integer({ min: 0, max: 40 }),
});

test("property: the data is the sum of the asked lengths, and each n value keeps its low-order digits (§5.4 c, d)", (t) => {
  fc.assert(
    fc.property(fc.array(entryArb, { maxLength: 10 }), fc.array(fc.tuple(fc.constantFrom(...knownTags()), fc.uint8Array({ maxLength: 40 }))), (dol, given) => {
      const source = new Map(given);
      const built = buildDolData(dol, source, { limit: Infinity });
      t.is(built.data.length, dol.reduce((n, e) => n + e.length, 0));
      let at = 0;
      for (const [i, part] of built.parts.entries()) {
        t.is(toHex(built.data.subarray(at, at + part.length)), toHex(part.value));
        at += part.length;
        const value = source.get(dol[i].tag);
        if (value !== undefined && tagInfo(dol[i].tag)?.format === "n") {
          const keep = Math.min(value.length, part.length);
          t.is(toHex(part.value.subarray(part.length - keep)), toHex(value.subarray(value.length - keep)));
        }
      }
    }),
    { numRuns: 200, seed: 4405 },
  );
});

test("property: arbitrary bytes as a DOL give entries or DOL_FORMAT; building them gives data or DOL_TOO_LONG", (t) => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
      try {
        buildDolData(bytes, new Map());
        return true;
      } catch (e) {
        return isXsposError(e) && (e.code === "DOL_FORMAT" || e.code === "DOL_TOO_LONG");
      }
    }),
    { numRuns: 800, seed: 4406 },
  );
  t.pass();
});
