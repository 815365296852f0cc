import test from "ava";
import fc from "fast-check";
import { isXsposError } from "../../../modules/core/error.ts";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import {
  encodeTlv,
  encodeTlvTree,
  findTlv,
  isConstructedTag,
  parseTlv,
  parseTlvTree,
  tagBytes,
  TLV_MAX_DEPTH,
  type TlvInput,
  type TlvNode,
} from "../../../modules/emv/tlv.ts";
import { MAESTRO, MASTERCARD_PPSE, OPENEMV, PYTHON_EMV } from "./vectors.ts";

/** A tree as [tag, value hex] or [tag, children], to compare shapes. */
type Shape = [string, string | Shape[]];
const shape = (nodes: TlvNode[]): Shape[] => nodes.map((n) => [n.tag, n.children ? shape(n.children) : toHex(n.value)]);

// MichaelsPlayground/TalkToYourCreditCardPart7 logfile.md (Debit Mastercard PPSE): the FCI nests four deep.
test("Book 3 annex B: constructed objects (b6 of the first tag byte) are parsed into their children, four levels deep", (t) => {
  t.deepEqual(shape(parseTlvTree(fromHex(MASTERCARD_PPSE))), [
    [
      "6F",
      [
        ["84", "325041592E5359532E4444463031"],
        [
          "A5",
          [["BF0C", [["61", [["4F", "A0000000041010"], ["50", "4465626974204D617374657243617264"], ["87", "01"], ["9F0A", "00010101"]]]]]],
        ],
      ],
    ],
  ]);
});

// russss/python-emv test_structures.py test_tlv: a Barclays FCI, a GENERATE AC response, 9F17, DFDF39.
test("Book 3 annex B1: one-, two- and three-byte tags (bits 5-1 = 11111 and b8 of the following bytes)", (t) => {
  t.deepEqual(shape(parseTlvTree(fromHex(PYTHON_EMV.generateAc))), [
    ["77", [["9F27", "80"], ["9F36", "0005"], ["9F26", "6ECF9347C1A92471"], ["9F10", "060B0A03A49000"]]],
  ]);
  t.deepEqual(shape(parseTlvTree(fromHex("9F 17 01 03"))), [["9F17", "03"]]);
  t.deepEqual(shape(parseTlvTree(fromHex("DF DF 39 01 07"))), [["DFDF39", "07"]]);
  t.is(findTlv(parseTlvTree(fromHex(PYTHON_EMV.fci)), "50")?.value.length, 8);
});

test("Book 3 annex B1: a tag of four bytes is refused with TLV_TAG", (t) => {
  t.throws(() => parseTlvTree(fromHex("DF FF FF 01 01 00")), { code: "TLV_TAG" });
  t.throws(() => parseTlv(fromHex("DF FF FF 01 01 00")), { code: "TLV_TAG" });
});

// russss/python-emv test_structures.py test_length_parsing: 42 with a one-, two- and three-byte length field.
test("Book 3 annex B2: lengths in one, two (81) and three (82) bytes; 83 and the indefinite 80 are TLV_LENGTH", (t) => {
  for (const hex of ["42 01 03", "42 81 01 03", "42 82 00 01 03"]) t.deepEqual(shape(parseTlvTree(fromHex(hex))), [["42", "03"]], hex);
  // python-emv also reads 42 83 00 00 01 07; EMV's length field stops at three bytes
  t.throws(() => parseTlvTree(fromHex("42 83 00 00 01 07")), { code: "TLV_LENGTH" });
  t.throws(() => parseTlvTree(fromHex("70 80 42 01 03 00 00")), { code: "TLV_LENGTH" });
  const long = parseTlvTree(fromHex(MAESTRO.sfi2Record1));
  t.is(long[0].value.length, 0x86);
  t.is(long[0].children!.length, 13);
});

// lumag/emv-tools test/tlv-test.c parse_test: a PSE FCI whole, one whose A5 is cut inside 5F2D, and 9F / 9F 02 81.
test("Book 3 annex B: a string cut short anywhere, at any depth, is refused with a typed error", (t) => {
  t.notThrows(() => parseTlvTree(fromHex("6F1A840E315041592E5359532E4444463031A5088801025F2D02656E")));
  t.throws(() => parseTlvTree(fromHex("6F19840E315041592E5359532E4444463031A5078801025F2D0265")), { code: "TLV_LENGTH" });
  t.throws(() => parseTlvTree(fromHex("9F")), { code: "TLV_TAG" });
  t.throws(() => parseTlvTree(fromHex("9F 02")), { code: "TLV_LENGTH" });
  t.throws(() => parseTlvTree(fromHex("9F 02 81")), { code: "TLV_LENGTH" });
  t.throws(() => parseTlvTree(fromHex("9F 02 82 01")), { code: "TLV_LENGTH" });
  // openemv tests/emv_read_application_data_test.c test 6: 9F1F announces 15 bytes, 14 follow, inside 70
  t.throws(() => parseTlvTree(fromHex(OPENEMV.visaRecordMalformed)), { code: "TLV_LENGTH" });
  // the flat reader keeps 70 whole, so only the tree sees it
  t.is(parseTlv(fromHex(OPENEMV.visaRecordMalformed)).length, 1);
});

test("Book 3 annex B: 00 and FF bytes before, between and after objects, and inside templates, are skipped", (t) => {
  // lumag/emv-tools' PSE FCI with a trailing 00 (that project refuses it; annex B allows it)
  t.is(parseTlvTree(fromHex("6F1A840E315041592E5359532E4444463031A5088801025F2D02656E00")).length, 1);
  t.deepEqual(shape(parseTlvTree(fromHex("00 FF 9F 17 01 03 00 00 70 07 00 5A 02 12 34 FF FF FF 00"))), [
    ["9F17", "03"],
    ["70", [["5A", "1234"]]],
  ]);
  // openemv tests/emv_read_application_data_test.c test 5: FF FF after the record template
  t.is(parseTlvTree(fromHex(OPENEMV.visaRecord + "FFFF")).length, 1);
  t.deepEqual(parseTlvTree(fromHex("00 FF 00")), []);
});

test("a zero length is a present, empty value (openemv test 8's 92 00); an empty template has no children", (t) => {
  const record = parseTlvTree(fromHex(OPENEMV.emptyRemainderRecord));
  t.is(findTlv(record, "92")?.value.length, 0);
  t.deepEqual(parseTlvTree(fromHex("70 00"))[0].children, []);
});

test("nesting deeper than the bound is TLV_DEPTH, at the bound it is parsed", (t) => {
  const nest = (levels: number): Uint8Array => {
    let v = fromHex("5A 01 12");
    for (let i = 0; i < levels; i++) v = encodeTlv("70", v);
    return v;
  };
  t.notThrows(() => parseTlvTree(nest(TLV_MAX_DEPTH - 1)));
  t.throws(() => parseTlvTree(nest(TLV_MAX_DEPTH)), { code: "TLV_DEPTH" });
  t.throws(() => parseTlvTree(nest(3), 3), { code: "TLV_DEPTH" });
  // two thousand well-formed levels stop at the bound, not at the end of the stack
  t.throws(() => parseTlvTree(nest(2000)), { code: "TLV_DEPTH" });
});

test("values are views at their offset in the bytes parsed", (t) => {
  const bytes = fromHex(MAESTRO.sfi1Record1);
  const pan = findTlv(parseTlvTree(bytes), "57")!;
  t.is(pan.offset, 4);
  t.is(toHex(bytes.subarray(pan.offset, pan.offset + pan.value.length)), toHex(pan.value));
});

test("encoding: short form to 127 bytes, 81 to 255, 82 to 65535, longer is TLV_LENGTH", (t) => {
  t.is(toHex(encodeTlv("9F27", fromHex("80"))), "9F270180");
  t.is(toHex(encodeTlv("91", new Uint8Array(127))).slice(0, 4), "917F");
  t.is(toHex(encodeTlv("91", new Uint8Array(130))).slice(0, 6), "918182");
  t.is(toHex(encodeTlv("71", new Uint8Array(256))).slice(0, 8), "71820100");
  t.is(encodeTlv("71", new Uint8Array(0xffff)).length, 0xffff + 4);
  t.throws(() => encodeTlv("71", new Uint8Array(0x10000)), { code: "TLV_LENGTH" });
});

test("encoding refuses what is not one BER tag of one to three bytes with TLV_TAG", (t) => {
  for (const tag of ["", "9", "9F", "1F", "9F80", "DF818101", "00", "FF", "XY", "9G02", "5A5A"]) {
    t.throws(() => encodeTlv(tag, new Uint8Array(1)), { code: "TLV_TAG" }, tag);
  }
  t.is(toHex(tagBytes("df8101")), "DF8101");
  t.true(isConstructedTag("BF0C"));
  t.false(isConstructedTag("9F02"));
});

test("real card responses encode back to their own bytes from the parsed tree", (t) => {
  const hexes = [MAESTRO.pseFci, MAESTRO.pseRecord, MAESTRO.adfFci, MAESTRO.gpo, MAESTRO.sfi1Record1, MAESTRO.sfi1Record3, MAESTRO.sfi2Record1];
  for (const hex of [...hexes, MAESTRO.sfi2Record2, PYTHON_EMV.pseRecord, PYTHON_EMV.appData, OPENEMV.readmeTlv, MASTERCARD_PPSE]) {
    const bytes = fromHex(hex);
    t.is(toHex(encodeTlvTree(parseTlvTree(bytes))), toHex(bytes));
  }
});

/** A well-formed tag: one, two or three bytes, never 00 or FF first. */
const tagArb = fc.oneof(
  fc.integer({ min: 0x01, max: 0xfe }).filter((b) => (b & 0x1f) !== 0x1f).map((b) => [b]),
  fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 0x7f })).map(([hi, b]) => [(hi << 5) | 0x1f, b]),
  fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0x80, max: 0xff }), fc.integer({ min: 0, max: 0x7f })).map(([hi, b, c]) => [(hi << 5) | 0x1f, b, c]),
).map((bytes) => toHex(Uint8Array.from(bytes)));

const treeArb = fc.letrec<{ node: TlvInput; nodes: TlvInput[] }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", maxDepth: 5, withCrossShrink: true },
    tagArb.filter((tag) => !isConstructedTag(tag)).chain((tag) => fc.uint8Array({ maxLength: 300 }).map((value) => ({ tag, value }))),
    tagArb.filter(isConstructedTag).chain((tag) => tie("nodes").map((children) => ({ tag, children: children as TlvInput[] }))),
  ),
  nodes: fc.array(tie("node"), { maxLength: 4 }),
})).nodes;

/** The shape of what was encoded, in the parser's terms. */
const inputShape = (nodes: readonly TlvInput[]): Shape[] => nodes.map((n) => [n.tag, n.children ? inputShape(n.children) : toHex(n.value!)]);

test("property: a tree encodes to bytes that parse back to the same tree (depth limit lifted)", (t) => {
  fc.assert(
    fc.property(treeArb, (nodes) => {
      t.deepEqual(shape(parseTlvTree(encodeTlvTree(nodes), 100)), inputShape(nodes));
    }),
    { numRuns: 200, seed: 4401 },
  );
  t.pass();
});

function typedTlvOnly(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch (e) {
    return isXsposError(e) && (e.code === "TLV_TAG" || e.code === "TLV_LENGTH" || e.code === "TLV_DEPTH");
  }
}

test("property: arbitrary bytes give a tree or TLV_TAG / TLV_LENGTH / TLV_DEPTH, never another exception", (t) => {
  const bytes = fc.oneof(
    fc.uint8Array({ maxLength: 300 }),
    // mostly header-shaped bytes, to reach deep and long forms
    fc.array(fc.constantFrom(0x70, 0x9f, 0x5f, 0x81, 0x82, 0x83, 0x80, 0x00, 0xff, 0x1f, 0x02, 0x7f), { maxLength: 300 }).map((a) => Uint8Array.from(a)),
  );
  fc.assert(
    fc.property(bytes, (b) => typedTlvOnly(() => parseTlvTree(b)) && typedTlvOnly(() => parseTlv(b))),
    { numRuns: 1000, seed: 4402 },
  );
  t.pass();
});

test("property: a real record cut anywhere or with a byte changed gives a tree or a typed error", (t) => {
  const record = fromHex(MAESTRO.sfi2Record1);
  fc.assert(
    fc.property(fc.integer({ min: 0, max: record.length }), fc.integer({ min: 0, max: record.length - 1 }), fc.integer({ min: 0, max: 255 }), (cut, at, b) => {
      const changed = record.slice();
      changed[at] = b;
      return typedTlvOnly(() => parseTlvTree(record.subarray(0, cut))) && typedTlvOnly(() => parseTlvTree(changed));
    }),
    { numRuns: 500, seed: 4403 },
  );
  t.pass();
});
