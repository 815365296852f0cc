/**
 * The documented canonical forms as the fuzz targets apply them: an input
 * in one of them re-encodes to other bytes and is non-canonical, named by
 * its form; any other difference is a mismatch. The messages are the ISO
 * 8583 and TLV tests' own (sources beside each), changed by hand into the
 * forms modules/iso8583/README.md and modules/emv/README.md name.
 */
import test from "ava";
import { fromHex } from "../../modules/core/hex.ts";
import { FORM, iso8583Forms, tlvForms } from "./canonical.ts";
import { runInput } from "./harness.ts";
import { latin1 } from "./script.ts";
import { tlv, tlvTree } from "./targets/emv.ts";
import { iso87a, iso87b } from "./targets/iso8583.ts";

// pyiso8583 README response (ASCII layout): MTI 0210, fields 2 and 39; bitmap 4000000002000000.
const ISO87A_TEXT = "0210400000000200000010123456789005";

// ISO 8583:1987 fields 3, 5 and 6 (processing code, settlement and billing amounts): bitmap 2C00000000000000.
const WITH_LETTER = "0200" + "2C00000000000000" + "000000" + "000000001000" + "000000001250";

test("iso87a: lower-case hex in the bitmap is non-canonical (hex case), and comes back upper case", async (t) => {
  const canonical = latin1(WITH_LETTER);
  t.like(await runInput(iso87a, canonical), { kind: "accepted", roundTrip: "identical" });
  const lower = latin1(WITH_LETTER.replace("2C", "2c"));
  t.deepEqual(iso8583Forms(false, lower, canonical), [FORM.hexCase]);
  t.like(await runInput(iso87a, lower), { kind: "accepted", roundTrip: "non-canonical", forms: [FORM.hexCase] });
  t.is(iso8583Forms(false, latin1(ISO87A_TEXT.replace("01234", "01235")), latin1(ISO87A_TEXT)), undefined, "a digit changed is no documented form");
});

test("iso87a: a secondary bitmap with no field set is non-canonical, dropped on the way back", async (t) => {
  const canonical = latin1(ISO87A_TEXT);
  const withSecondary = latin1("0210" + "C000000002000000" + "0000000000000000" + "10123456789005");
  t.deepEqual(iso8583Forms(false, withSecondary, canonical), [FORM.emptySecondaryBitmap]);
  const outcome = await runInput(iso87a, withSecondary);
  t.like(outcome, { kind: "accepted", roundTrip: "non-canonical", forms: [FORM.emptySecondaryBitmap] });
  // a secondary bitmap with a bit set is no empty one
  t.is(iso8583Forms(false, latin1("0210" + "C000000002000000" + "0000000000000001" + "10123456789005"), canonical), undefined);
});

// ISO87B: the codec tests' MTI 0200 with DE3 and an LL DE2 of 13 digits, whose pad nibble the packer writes as 0.
test("iso87b: a pad nibble F is non-canonical (BCD pad nibble F); any other nibble is a mismatch", async (t) => {
  const canonical = fromHex("0200" + "4000000000000000" + "13" + "4012345678909" + "0");
  t.is((await runInput(iso87b, canonical)).kind, "accepted");
  const padF = fromHex("0200" + "4000000000000000" + "13" + "4012345678909" + "F");
  t.deepEqual(iso8583Forms(true, padF, canonical), [FORM.padNibble]);
  t.like(await runInput(iso87b, padF), { kind: "accepted", roundTrip: "non-canonical", forms: [FORM.padNibble] });
  t.is(iso8583Forms(true, fromHex("0200" + "4000000000000000" + "13" + "4012345678908" + "0"), canonical), undefined);
});

// EMV Book 3 annex B's form of the TLV tests: 9F26 with a one-byte length, a 00 pad, 82, 5F2A.
test("TLV: a long-form length and 00/FF padding are non-canonical, each named; a changed value is a mismatch", async (t) => {
  const canonical = fromHex("9F2608C2C12B098F3DA6E3 82023900 5F2A020978");
  t.deepEqual(tlvForms(fromHex("9F268108C2C12B098F3DA6E3 82023900 5F2A020978"), canonical, false), [FORM.longLength]);
  t.deepEqual(tlvForms(fromHex("9F2608C2C12B098F3DA6E3 00FF 82023900 5F2A020978"), canonical, false), [FORM.padding]);
  t.deepEqual(tlvForms(fromHex("9F26820008C2C12B098F3DA6E3 00 82023900 5F2A020978"), canonical, false)?.sort(), [FORM.longLength, FORM.padding].sort());
  t.is(tlvForms(fromHex("9F2608C2C12B098F3DA6E4 82023900 5F2A020978"), canonical, false), undefined);
  t.like(await runInput(tlv, fromHex("9F268108C2C12B098F3DA6E3 82023900 5F2A020978")), { kind: "accepted", roundTrip: "non-canonical", forms: [FORM.longLength] });
});

test("TLV tree: padding inside a template is dropped and the template's length follows", async (t) => {
  // the slot tests' FCI (6F holding 84 and A5), with a 00 inside A5
  const canonical = fromHex("6F1A840E325041592E5359532E4444463031A5088801025F2D02656E");
  const padded = fromHex("6F1B840E325041592E5359532E4444463031A509008801025F2D02656E");
  t.deepEqual(tlvForms(padded, canonical, true), [FORM.padding]);
  t.like(await runInput(tlvTree, padded), { kind: "accepted", roundTrip: "non-canonical", forms: [FORM.padding] });
  t.is(tlvForms(padded, canonical, false), undefined, "a flat parse keeps a template's value as it is");
});
