import test from "ava";
import fc from "fast-check";
import { isXsposError } from "../../../modules/core/error.ts";
import { fromHex } from "../../../modules/core/hex.ts";
import { tlvJson, type TlvJson } from "../../../modules/emv/tlv-json.ts";
import { MAESTRO, OPENEMV, PYTHON_EMV } from "./vectors.ts";

/** Digits of the Maestro card's PAN and discretionary data, and its holder's name. */
const MAESTRO_SECRETS = /0294003414|MOMENTUM|0000007967/;

const child = (items: TlvJson[], tag: string): TlvJson => {
  for (const item of items) {
    if (item.tag === tag) return item;
    const found = item.children && child(item.children, tag);
    if (found) return found;
  }
  return undefined as unknown as TlvJson;
};

// openemv/emv-utils README, `emv-decode --tlv 701A9F39...`: POS entry mode 05, track 2 equivalent, AIP 5900.
test("the JSON view names each object, gives its format and length, decodes n, and masks track 2 (PAN first 6, last 4)", (t) => {
  t.deepEqual(tlvJson(fromHex(OPENEMV.readmeTlv)), [
    {
      tag: "70",
      name: "READ RECORD Response Message Template",
      format: "var.",
      length: 26,
      value: "9F390105" + "5710" + "401234****9095D2512201*********F" + "82025900",
      children: [
        { tag: "9F39", name: "Point-of-Service (POS) Entry Mode", format: "n", length: 1, value: "05", decoded: "05" },
        { tag: "57", name: "Track 2 Equivalent Data", format: "b", length: 16, value: "401234****9095D2512201*********F", masked: true },
        { tag: "82", name: "Application Interchange Profile", format: "b", length: 2, value: "5900" },
      ],
    },
  ]);
});

// lumag/emv-tools data/maestro.emu, SFI 1 record 1: 57 (18-digit PAN), 5F20 "MOMENTUM/" padded to 26, 9F1F.
test("cardholder data is masked in the value, the decoded text and the template's value; reveal shows it", (t) => {
  const masked = tlvJson(fromHex(MAESTRO.sfi1Record1));
  t.is(child(masked, "57").value, "676196********3414D1611226**********");
  t.like(child(masked, "5F20"), { format: "ans", length: 26, value: "*".repeat(52), decoded: "*".repeat(26), masked: true });
  t.like(child(masked, "9F1F"), { length: 13, value: "*".repeat(26), decoded: "*".repeat(13), masked: true });
  t.is(masked[0].value, "5712676196********3414D1611226**********" + "5F201A" + "*".repeat(52) + "9F1F0D" + "*".repeat(26));
  t.notRegex(JSON.stringify(masked), MAESTRO_SECRETS);

  const shown = tlvJson(fromHex(MAESTRO.sfi1Record1), { reveal: true });
  t.is(child(shown, "57").value, "676196000294003414D16112260018707967");
  t.is(child(shown, "5F20").decoded, "MOMENTUM/" + " ".repeat(17));
  t.is(child(shown, "9F1F").decoded, "0000007967187");
  t.is(child(shown, "5F20").masked, undefined);
});

test("the PAN (5A, cn) keeps its first six and last four digits in value and decoded; n dates decode as digits", (t) => {
  const record = tlvJson(fromHex(MAESTRO.sfi2Record1));
  t.like(child(record, "5A"), { format: "cn", length: 9, value: "676196********3414", decoded: "676196********3414", masked: true });
  t.like(child(record, "5F24"), { name: "Application Expiration Date", decoded: "161130" });
  t.like(child(record, "5F28"), { name: "Issuer Country Code", decoded: "0643" });
  // python-emv fixtures.py APP_DATA: a 16-digit PAN
  t.is(child(tlvJson(fromHex(PYTHON_EMV.appData)), "5A").decoded, "465812******9009");
});

// openemv tests/emv_read_application_data_test.c: the Visa test card record, cardholder name EXPIRED/CARD.
test("a 16-digit track 2 and a name are masked the same way in another card's record", (t) => {
  const record = tlvJson(fromHex(OPENEMV.visaRecord));
  t.is(child(record, "57").value, "476173******0119D2212201**********");
  t.is(child(record, "5F20").decoded, "************");
  t.is(child(tlvJson(fromHex(OPENEMV.visaRecord), { reveal: true }), "5F20").decoded, "EXPIRED/CARD");
});

test("the extended cardholder name (9F0B) and the enciphered PIN data (99) are hidden whole", (t) => {
  const items = tlvJson(fromHex("9F0B1B" + "41".repeat(27) + "9908" + "1B9C1845EB993A7A"));
  t.like(items[0], { tag: "9F0B", value: "*".repeat(54), decoded: "*".repeat(27), masked: true });
  t.like(items[1], { tag: "99", name: "Transaction Personal Identification Number (PIN) Data", value: "*".repeat(16), masked: true });
});

// lumag/emv-tools data/maestro.emu: the application's FCI.
test("ans text decodes, unknown tags have a null name and format, templates nest to BF0C", (t) => {
  const fci = tlvJson(fromHex(MAESTRO.adfFci));
  t.like(child(fci, "50"), { name: "Application Label", decoded: "Maestro" });
  t.like(child(fci, "5F2D"), { name: "Language Preference", format: "an", decoded: "ruen" });
  t.like(child(fci, "9F4D"), { name: "Log Entry", value: "0B0A" });
  t.is(child(fci, "9F4D").decoded, undefined);
  t.deepEqual(tlvJson(fromHex("DF 01 02 41 42")), [{ tag: "DF01", name: null, format: null, length: 2, value: "4142" }]);
  // an "an" value that is not text keeps only its hex
  t.deepEqual(tlvJson(fromHex("5F 2D 02 00 01"))[0].decoded, undefined);
});

test("malformed input ends in the parser's typed errors", (t) => {
  t.throws(() => tlvJson(fromHex(OPENEMV.visaRecordMalformed)), { code: "TLV_LENGTH" });
  t.throws(() => tlvJson(fromHex("9F")), { code: "TLV_TAG" });
  t.throws(() => tlvJson(fromHex("70 06 70 04 70 02 5A 00"), { maxDepth: 3 }), { code: "TLV_DEPTH" });
});

test("property: arbitrary bytes give a JSON view or a TLV_* error, and a cardholder name (5F20) in it is always masked", (t) => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      let items: TlvJson[];
      try {
        items = tlvJson(bytes);
      } catch (e) {
        return isXsposError(e) && e.code.startsWith("TLV_");
      }
      const check = (list: TlvJson[]): boolean =>
        list.every((i) => (i.children ? check(i.children) : i.tag !== "5F20" || i.value.length === 0 || i.masked === true));
      return check(items);
    }),
    { numRuns: 800, seed: 4404 },
  );
  t.pass();
});
