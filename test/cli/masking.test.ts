/**
 * Masking covers every place the commands print cardholder data: ISO 8583
 * PAN, extended PAN, tracks 1-3 and the EMV data objects inside DE55; a
 * track 1 name that carries a PAN; tracks 1 and 3 decoded from flux.
 * Node only.
 */
import test from "ava";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeTrackBits, fluxIntervals } from "../../drivers/magstripe/encode.ts";
import { ensureBuilt, xspos } from "./support.ts";

test.before(ensureBuilt);

const dir = mkdtempSync(join(tmpdir(), "xspos-masking-"));

// Magnetic Track Parser (sualeh/magnetictrackparser) README example: PAN, name, tracks 1 and 2.
const PAN = "5350290149345177";
const NAME = "FATEHI/SUALEH";
const T1_DATA = `B${PAN}^${NAME}^16042010000000000000000000000000000567001000`;
const T2_DATA = `${PAN}=16042010000056700100`;
// A track 3 laid out as ISO 4909 does (format code 01, PAN, separator, country and currency codes, ...) around that PAN.
const T3_DATA = `01${PAN}=724724100000000000000000000000000000000000000=00000000000000000000000000000000`;
// Visa's test card number, which payment processors publish for testing.
const VISA_TEST = "4111111111111111";

function tlv(tag: string, value: Buffer): string {
  const n = value.length;
  return tag + (n < 0x80 ? n.toString(16).padStart(2, "0") : "81" + n.toString(16).padStart(2, "0")) + value.toString("hex");
}
const hex = (h: string) => Buffer.from(h, "hex");
const ascii = (s: string) => Buffer.from(s, "latin1");
const stars = (n: number) => "*".repeat(n);

/**
 * DE55 with every cardholder data object EMV defines, built from the
 * same card (EMV Book 3 annex A formats: 5A cn, 57 track 2 with D and F
 * pad, 56 and 5F20 ans); 9F26 from EMV Book 3 annex B's example; a PAN
 * inside template 70 too.
 */
const DE55 =
  tlv("5A", hex(PAN)) +
  tlv("57", hex(T2_DATA.replace("=", "D") + "F")) +
  tlv("5F20", ascii(NAME)) +
  tlv("56", ascii(T1_DATA)) +
  tlv("9F1F", ascii("1234")) +
  tlv("9F20", hex("123456")) +
  tlv("9F26", hex("C2C12B098F3DA6E3")) +
  tlv("70", hex(tlv("5A", hex(PAN))));

const T1_DISCRETIONARY = T1_DATA.length - T1_DATA.indexOf("^1604201") - "^1604201".length;

/** What DE55 may show: PAN 6+4, track 2 to its service code, name and discretionary data hidden. */
const DE55_MASKED = (
  "5A08" + "535029******5177" +
  "5713" + "535029******5177D1604201" + stars(13) + "F" +
  "5F200D" + stars(26) +
  "564C" + ascii("B535029").toString("hex") + stars(12) + ascii("5177^" + NAME + "^1604201").toString("hex") + stars(2 * T1_DISCRETIONARY) +
  "9F1F04" + stars(8) +
  "9F2003" + stars(6) +
  "9F2608C2C12B098F3DA6E3" +
  "700A5A08" + "535029******5177"
).toUpperCase();

function packed(dialect: "iso87a" | "iso87b", fields: Record<string, string>): string {
  const r = xspos("iso8583", "pack", "--dialect", dialect, JSON.stringify({ mti: "0200", fields }));
  if (r.status !== 0) throw new Error(r.stdout);
  return r.json.hex;
}

test("iso8583 unpack masks DE2, DE34, DE35, DE36, DE45 and the cardholder data in DE55", (t) => {
  const message = packed("iso87b", { 2: PAN, 34: PAN, 35: T2_DATA, 36: T3_DATA, 45: T1_DATA, 55: DE55 });
  const r = xspos("iso8583", "unpack", "--dialect", "iso87b", message);
  t.is(r.status, 0);
  const value = (n: number) => r.json.fields[n].value;
  t.is(value(2), "535029******5177");
  t.is(value(34), "535029******5177");
  t.is(value(35), "535029******5177=1604201" + stars(13));
  t.is(value(36), "015350********5177=" + stars(45) + "=" + stars(32));
  t.is(value(45), "B535029******5177^FATEHI/SUALEH^1604201" + stars(T1_DISCRETIONARY));
  t.is(value(55), DE55_MASKED);
  t.false(r.stdout.includes(PAN), "no full PAN anywhere");
  t.false(r.stdout.includes(Buffer.from(PAN).toString("hex").toUpperCase()), "no full PAN in ASCII hex");
  t.false(r.stdout.includes("5F200D" + ascii(NAME).toString("hex").toUpperCase()), "no cardholder name in 5F20");
});

test("iso8583 unpack --reveal shows DE55 and the tracks as they are", (t) => {
  const message = packed("iso87b", { 35: T2_DATA, 55: DE55 });
  const r = xspos("iso8583", "unpack", "--dialect", "iso87b", "--reveal", message);
  t.is(r.json.fields[35].value, T2_DATA);
  t.is(r.json.fields[55].value, DE55.toUpperCase());
});

test("iso8583 unpack hides a DE55 that is not BER-TLV whole, and says so", (t) => {
  // a 5A that announces 16 bytes and holds 8: the PAN must not leak for want of a parse
  const broken = "5A10" + PAN;
  for (const dialect of ["iso87a", "iso87b"] as const) {
    const r = xspos("iso8583", "unpack", "--dialect", dialect, packed(dialect, { 55: broken }));
    t.is(r.status, 0);
    t.is(r.json.fields[55].value, stars(broken.length));
    t.regex(r.json.fields[55].note, /not BER-TLV/);
    t.false(r.stdout.includes(PAN));
  }
});

test("iso8583 unpack hides a track equivalent that does not parse as a track", (t) => {
  const de55 = tlv("57", hex("5350290149345177ABCDEF"));
  const r = xspos("iso8583", "unpack", "--dialect", "iso87b", packed("iso87b", { 55: de55 }));
  t.is(r.json.fields[55].value, "570B" + stars(22));
});

test("track masks a track 1 name that carries a PAN, keeps a plain name", (t) => {
  const own = xspos("track", `%B${PAN}^${PAN}/FATEHI^1604201000000?`);
  t.is(own.status, 0);
  t.is(own.json.name, stars(23));
  t.false(own.stdout.includes(PAN));
  const spaced = xspos("track", `%B${PAN}^4111 1111 1111 1111^1604201000000?`);
  t.is(spaced.json.name, stars(19), "16 digits, spaces between them");
  // Visa's test card 4761739001010010 (Visa ADVT) with 11 digits for a name: 8 or more digits may be a PAN
  const eleven = xspos("track", "%B4761739001010010^12345678901^2212201?");
  t.is(eleven.status, 0);
  t.is(eleven.json.name, stars(11));
  t.false(eleven.stdout.includes("12345678901"));
  const plain = xspos("track", `%B${PAN}^${NAME}^1604201000000?`);
  t.is(plain.json.name, NAME);
});

function fluxFile(track: 1 | 2 | 3, data: string, name: string): string {
  const path = join(dir, name);
  const intervals = fluxIntervals(track, encodeTrackBits(track, data), { startSpeedCmS: 60 });
  writeFileSync(path, Array.from(intervals, (v) => v.toFixed(1)).join(" "));
  return path;
}

test("f2f masks a track 1 name that carries a PAN, and track 3, unless --reveal", (t) => {
  const t1 = fluxFile(1, `B${PAN}^${VISA_TEST}^1604201000000`, "t1.flux");
  const masked = xspos("f2f", "--track", "1", t1);
  t.is(masked.status, 0);
  t.is(masked.json.characters, `%B535029******5177^${stars(16)}^1604201******?`);
  t.is(xspos("f2f", "--track", "1", "--reveal", t1).json.characters, `%B${PAN}^${VISA_TEST}^1604201000000?`);
  const t3 = fluxFile(3, T3_DATA, "t3.flux");
  const three = xspos("f2f", "--track", "3", t3);
  t.is(three.status, 0);
  t.is(three.json.characters, ";015350********5177=" + stars(45) + "=" + stars(32) + "?");
  t.is(xspos("f2f", "--track", "3", "--reveal", t3).json.characters, `;${T3_DATA}?`);
});

// Visa's test card 4761739001010010 (Visa ADVT) cut to 11 digits: ISO/IEC 7812-1 allows PANs of 8-19
// digits, the track parsers 12-19, so these tracks do not parse and must still show no PAN digit.
const SHORT_PAN = "47617390010";

test("iso8583 unpack hides every digit of an 11-digit PAN in DE35 and DE45, which do not parse as tracks", (t) => {
  const de35 = `${SHORT_PAN}=2212201123456`;
  const de45 = `B${SHORT_PAN}^SMITH/J^2212201123`;
  const r = xspos("iso8583", "unpack", "--dialect", "iso87b", packed("iso87b", { 35: de35, 45: de45 }));
  t.is(r.status, 0);
  t.is(r.json.fields[35].value, `${stars(11)}=${stars(13)}`);
  t.is(r.json.fields[45].value, `B${stars(11)}^${stars(7)}^${stars(10)}`);
  t.false(r.stdout.includes("4761739"), "not even the first digits of a PAN this short");
});

test("f2f hides every digit of a track 2 whose PAN has 11 digits, unless --reveal", (t) => {
  const file = fluxFile(2, `${SHORT_PAN}=2212201123456`, "short-pan.flux");
  const masked = xspos("f2f", "--track", "2", file);
  t.is(masked.status, 0);
  t.is(masked.json.characters, `;${stars(11)}=${stars(13)}?`);
  t.is(xspos("f2f", "--track", "2", "--reveal", file).json.characters, `;${SHORT_PAN}=2212201123456?`);
});
