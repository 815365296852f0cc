/**
 * Fuzz targets of the EMV views the command line and the kernel build
 * from card data (modules/emv): the TLV tree as JSON with cardholder data
 * masked, DOL data building, and the bit-field decoders.
 */
import { concat, concatAll } from "../../../modules/core/bytes.ts";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { buildDolData, parseDol, type DolEntry } from "../../../modules/emv/dol.ts";
import { dolJson, tlvValues } from "../../../modules/emv/dol-json.ts";
import { decodeEmvField, EMV_FIELDS } from "../../../modules/emv/fields.ts";
import { maskTlvHex } from "../../../modules/emv/mask-tlv.ts";
import { tlvJson, type TlvJson } from "../../../modules/emv/tlv-json.ts";
import { encodeTlv } from "../../../modules/emv/tlv.ts";
import { MAESTRO, OPENEMV, PYTHON_EMV } from "../../modules/emv/vectors.ts";
import { defineTarget } from "../harness.ts";
import type { FuzzRandom } from "../random.ts";

/** Card data of the EMV tests (vectors.ts names each source). */
const CARD_DATA = [MAESTRO.sfi1Record1, MAESTRO.sfi2Record1, MAESTRO.adfFci, PYTHON_EMV.appData, PYTHON_EMV.generateAc, OPENEMV.readmeTlv, OPENEMV.visaRecord, OPENEMV.gpoFormat2].map((h) => fromHex(h));

/** Tags that carry cardholder data (mask-tlv.ts), in the TLV the generator builds. */
const CARDHOLDER_TAGS = ["5A", "57", "9F6B", "56", "5F20", "9F0B", "99", "9F1F", "9F20"];
const TEMPLATES = ["70", "77", "61", "A5", "BF0C"];

function digits(r: FuzzRandom, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(0x30 + r.int(10));
  return s;
}

/** A value for a cardholder data tag, shaped as a card writes it (or not quite). */
function cardholderValue(r: FuzzRandom, tag: string): Uint8Array {
  const pan = digits(r, r.range(8, 19));
  if (tag === "5A") return fromHex(pan.length % 2 ? pan + "F" : pan);
  if (tag === "57" || tag === "9F6B") {
    const t2 = pan + "D" + digits(r, 7) + digits(r, r.int(12));
    return fromHex(t2.length % 2 ? t2 + "F" : t2);
  }
  const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
  if (tag === "56") return ascii(`B${pan}^${r.pick(["SMITH/J", "A B", "1234567890"])}^${digits(r, 7)}${digits(r, r.int(10))}`);
  return r.bytes(r.int(27));
}

function generateTlv(r: FuzzRandom, depth = 0): Uint8Array {
  const parts: Uint8Array[] = [];
  for (let n = r.small(5); n > 0; n--) {
    if (depth < 2 && r.chance(0.25)) parts.push(encodeTlv(r.pick(TEMPLATES), generateTlv(r, depth + 1)));
    else {
      const tag = r.chance(0.6) ? r.pick(CARDHOLDER_TAGS) : r.pick(["9F26", "82", "95", "9F36", "5F24", "8C", "9F02"]);
      parts.push(encodeTlv(tag, cardholderValue(r, tag)));
    }
  }
  return concatAll(parts);
}

function walk(nodes: readonly TlvJson[], visit: (n: TlvJson) => void): void {
  for (const n of nodes) {
    visit(n);
    if (n.children) walk(n.children, visit);
  }
}

/**
 * The tree as `xspos tlv` prints it, masked and revealed: the masked view
 * keeps the shape (each value as long as the revealed one), hides nothing
 * when revealed, and masks in place what `maskTlvHex` masks.
 */
export const emvTlvJson = defineTarget({
  name: "emv-tlv-json",
  description: "BER-TLV as the JSON tree `xspos tlv` prints, masked (maskTlvHex) and revealed (tlvJson)",
  seeds: CARD_DATA,
  generate: (r) => generateTlv(r),
  dictionary: [Uint8Array.of(0x5a), Uint8Array.of(0x57), Uint8Array.of(0x5f, 0x20), Uint8Array.of(0x56), Uint8Array.of(0x70), Uint8Array.of(0x81), Uint8Array.of(0xd0), Uint8Array.of(0x0f)],
  maxLength: 1024,
  covers: ["modules/emv/tlv-json.ts#tlvJson", "modules/emv/mask-tlv.ts#maskTlvHex"],
  run(input) {
    const masked = maskTlvHex(input);
    if (masked.length !== 2 * input.length) throw new Error(`maskTlvHex gave ${masked.length} hex digits for ${input.length} bytes`);
    const shown = tlvJson(input);
    const revealed = tlvJson(input, { reveal: true });
    const lengths: number[] = [];
    walk(revealed, (n) => {
      if (n.value.includes("*")) throw new Error(`tag ${n.tag} revealed shows a *`);
      lengths.push(n.value.length);
    });
    let k = 0;
    walk(shown, (n) => {
      if (n.value.length !== lengths[k++]) throw new Error(`tag ${n.tag} masked is not as long as revealed`);
    });
    return revealed;
  },
});

/** The DOL bytes again from its entries: tag bytes and one length byte each. */
function encodeDol(entries: readonly DolEntry[]): Uint8Array {
  return concatAll(entries.map((e) => Uint8Array.of(...fromHex(e.tag), e.length)));
}

/** Input: the DOL's length (one byte), the DOL, then the BER-TLV values the terminal has. */
function dolInput(dol: Uint8Array, data: Uint8Array): Uint8Array {
  return Uint8Array.of(dol.length, ...dol, ...data);
}

const DOLS = [MAESTRO.cdol1, MAESTRO.cdol2, OPENEMV.readmeDol, PYTHON_EMV.cdol1, PYTHON_EMV.repeatedDol, "9F3704", "9F02069F1A029A03", "5A0A57135F2003"].map((h) => fromHex(h));
// the DOL tests' values (openemv tests/emv_dol_test.c test 6, as TLV) and card records
const DOL_DATA = [fromHex("9C01099A032402175F2A0209789F0206000123456789" + "9F0306000987654321" + "9F3704DEADBEEF9F1A020528" + "95051234554321"), ...CARD_DATA.slice(0, 3)];

/**
 * DOL parsing and Book 3 §5.4 data building, as `xspos emv dol` does it.
 * The DOL written again from its entries is the DOL's bytes (no other form
 * exists); the data is as long as the entries ask, and dolJson's hex too.
 */
export const emvDol = defineTarget<{ entries: DolEntry[]; length: number }>({
  name: "emv-dol",
  description: "a DOL and the values to fill it (first byte: the DOL's length): parseDol, buildDolData, dolJson masked and revealed",
  seeds: DOLS.flatMap((dol) => DOL_DATA.map((data) => dolInput(dol, data))),
  generate(r) {
    const dol = concatAll(Array.from({ length: r.small(8) }, () => Uint8Array.of(...fromHex(r.pick(["9F02", "9F37", "5A", "57", "95", "9A", "9C", "DF8101", "70", "5F20", "8A", "9F1A"])), r.chance(0.9) ? r.int(20) : r.byte())));
    return dolInput(dol.subarray(0, 255), r.chance(0.5) ? generateTlv(r) : r.pick(DOL_DATA));
  },
  maxLength: 1024,
  covers: ["modules/emv/dol.ts#parseDol", "modules/emv/dol.ts#buildDolData", "modules/emv/dol-json.ts#dolJson", "modules/emv/dol-json.ts#tlvValues"],
  run(input) {
    const n = input[0] ?? 0;
    const dol = input.subarray(1, 1 + n);
    const data = input.subarray(1 + n);
    const entries = parseDol(dol);
    const built = buildDolData(entries, tlvValues(data), { limit: 4096 });
    const asked = entries.reduce((sum, e) => sum + e.length, 0);
    if (built.data.length !== asked) throw new Error(`the DOL asks ${asked} bytes, the data has ${built.data.length}`);
    for (const reveal of [false, true]) {
      const json = dolJson(dol, data, { reveal, limit: 4096 });
      if (json.data.length !== 2 * asked) throw new Error(`dolJson's data is ${json.data.length} hex digits for ${asked} bytes`);
      if (reveal && json.data !== toHex(built.data)) throw new Error("dolJson revealed differs from buildDolData");
    }
    return { entries, length: n };
  },
  encode: (parsed, input) => concat(input.subarray(0, 1), encodeDol(parsed.entries), input.subarray(1 + parsed.length)),
});

/** Input: which field (first byte, by EMV_FIELDS' order; bit 7 asks for every bit), then its value. */
export const emvFields = defineTarget({
  name: "emv-fields",
  description: "a bit-field EMV data element decoded (decodeEmvField): TVR, TSI, AIP, AUC, CVM list and results, capabilities, CID, IACs (first byte: the field)",
  seeds: [
    // vectors.ts: the Maestro card's AUC, IACs and CVM List; openemv's CVM lists and terminal capabilities; the README's CVM Results
    Uint8Array.of(EMV_FIELDS.findIndex((f) => f.name === "auc"), ...fromHex(MAESTRO.auc)),
    Uint8Array.of(EMV_FIELDS.findIndex((f) => f.name === "iac-default"), ...fromHex(MAESTRO.iacDefault)),
    Uint8Array.of(EMV_FIELDS.findIndex((f) => f.name === "cvm-list"), ...fromHex(MAESTRO.cvmList)),
    Uint8Array.of(EMV_FIELDS.findIndex((f) => f.name === "cvm-list"), ...fromHex(OPENEMV.cvmList6)),
    Uint8Array.of(EMV_FIELDS.findIndex((f) => f.name === "term-caps"), ...fromHex(OPENEMV.terminalCapabilities)),
    Uint8Array.of(EMV_FIELDS.findIndex((f) => f.name === "cvm-results") | 0x80, ...fromHex("420302")),
    Uint8Array.of(EMV_FIELDS.findIndex((f) => f.name === "tvr"), ...fromHex("0000008000")),
  ],
  generate: (r) => Uint8Array.of(r.int(EMV_FIELDS.length) | (r.chance(0.3) ? 0x80 : 0), ...r.bytes(r.pick([1, 2, 3, 5, r.int(40)]))),
  maxLength: 300,
  covers: ["modules/emv/fields.ts#decodeEmvField"],
  run(input) {
    const which = input[0] ?? 0;
    const field = EMV_FIELDS[(which & 0x7f) % EMV_FIELDS.length];
    const value = input.subarray(1);
    // by name and by tag, in any case: the same decoding
    const decoded = decodeEmvField(field.name, value, { all: (which & 0x80) !== 0 });
    const byTag = decodeEmvField(field.tag.toLowerCase(), value, { all: (which & 0x80) !== 0 });
    if (JSON.stringify(decoded) !== JSON.stringify(byTag)) throw new Error(`${field.name} decodes differently by its tag ${field.tag}`);
    return decoded;
  },
});
