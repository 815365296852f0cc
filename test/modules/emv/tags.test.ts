import test from "ava";
import { tagFormat } from "../../../modules/emv/tag-formats.ts";
import { knownTags, tagInfo } from "../../../modules/emv/tags.ts";
import { isConstructedTag } from "../../../modules/emv/tlv.ts";

// EMV 4.4 Book 3 annex A1 (table 33), the data elements that have a tag.
const ANNEX_A1 = [
  "42", "4F", "50", "57", "5A", "5F20", "5F24", "5F25", "5F28", "5F2A", "5F2D", "5F30", "5F34", "5F36", "5F50", "5F53", "5F54", "5F55",
  "5F56", "5F57", "61", "6F", "70", "71", "72", "73", "77", "80", "81", "82", "83", "84", "86", "87", "88", "89", "8A", "8C", "8D", "8E",
  "8F", "90", "91", "92", "93", "94", "95", "97", "98", "99", "9A", "9B", "9C", "9D", "9F01", "9F02", "9F03", "9F04", "9F05", "9F06",
  "9F07", "9F08", "9F09", "9F0A", "9F0B", "9F0C", "9F0D", "9F0E", "9F0F", "9F10", "9F11", "9F12", "9F13", "9F14", "9F15", "9F16",
  "9F17", "9F18", "9F19", "9F1A", "9F1B", "9F1C", "9F1D", "9F1E", "9F1F", "9F20", "9F21", "9F22", "9F23", "9F24", "9F25", "9F26",
  "9F27", "9F2D", "9F2E", "9F2F", "9F32", "9F33", "9F34", "9F35", "9F36", "9F37", "9F38", "9F39", "9F3A", "9F3B", "9F3C", "9F3D",
  "9F40", "9F41", "9F42", "9F43", "9F44", "9F45", "9F46", "9F47", "9F48", "9F49", "9F4A", "9F4B", "9F4C", "9F4D", "9F4E", "9F4F",
  "A5", "BF0C",
];

test("Book 3 annex A1: every data element that has a tag is in the dictionary", (t) => {
  const missing = ANNEX_A1.filter((tag) => tagInfo(tag) === undefined);
  t.deepEqual(missing, []);
});

test("the table is sorted by tag and holds each tag once (the bisection relies on it)", (t) => {
  const tags = knownTags();
  for (let i = 1; i < tags.length; i++) t.true(tags[i - 1] < tags[i], `${tags[i - 1]} before ${tags[i]}`);
  for (const tag of tags) t.is(tagInfo(tag)?.tag, tag);
});

// Response Message Template Format 1 (80) is primitive: the values follow one another without tags (Book 3 §6.5.8.4).
test("every entry is coherent: lengths in order, templates are constructed tags of the dictionary (or format 1's 80)", (t) => {
  for (const tag of knownTags()) {
    const info = tagInfo(tag)!;
    t.true(info.length.min <= info.length.max, tag);
    for (const template of info.templates) {
      t.true(isConstructedTag(template) || template === "80", `${tag} in ${template}`);
      t.not(tagInfo(template), undefined, `${tag} in ${template}`);
    }
  }
});

// Formats as openemv/emv-utils src/emv_strings.c (emv_tlv_get_info) gives them, and Book 3 annex A1.
test("Book 3 annex A1 formats and lengths: PAN cn up to 10, amounts n 6, name ans 2-26, alpha country a 2, TVR b 5", (t) => {
  t.like(tagInfo("5A"), { format: "cn", length: { min: 0, max: 10 }, source: "ICC", templates: ["70", "77"] });
  t.like(tagInfo("9F02"), { name: "Amount, Authorised (Numeric)", format: "n", length: { min: 6, max: 6 }, source: "Terminal" });
  t.like(tagInfo("5F20"), { name: "Cardholder Name", format: "ans", length: { min: 2, max: 26 } });
  t.like(tagInfo("5F55"), { format: "a", length: { min: 2, max: 2 } });
  t.like(tagInfo("9F1C"), { name: "Terminal Identification", format: "an", length: { min: 8, max: 8 } });
  t.like(tagInfo("95"), { name: "Terminal Verification Results", format: "b", length: { min: 5, max: 5 } });
  t.like(tagInfo("8A"), { format: "an", source: "Issuer/Terminal" });
  t.like(tagInfo("9F20"), { name: "Track 2 Discretionary Data", format: "cn" });
  t.like(tagInfo("BF0C"), { format: "var.", templates: ["A5"] });
});

test("lookups take either case and answer undefined for a tag outside the dictionary", (t) => {
  t.is(tagInfo("9f02")?.tag, "9F02");
  t.is(tagInfo("DF01"), undefined);
  t.is(tagInfo(""), undefined);
  t.is(tagInfo("__proto__"), undefined);
});

test("every tag of the formats has a name, and tagInfo is tagFormat with the name", (t) => {
  for (const tag of knownTags()) {
    const info = tagInfo(tag);
    const format = tagFormat(tag);
    t.truthy(info?.name, tag);
    t.deepEqual({ ...info, name: undefined }, { ...format, name: undefined }, tag);
  }
  // Book 3 annex A1 gives 9F02 this name and format (table 33)
  t.like(tagInfo("9f02"), { tag: "9F02", name: "Amount, Authorised (Numeric)", format: "n" });
  t.is(tagFormat("DF7F"), undefined);
});
