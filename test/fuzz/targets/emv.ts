/** Fuzz targets: BER-TLV (modules/emv/tlv.ts), as DE55 and card responses carry it, flat and as a tree. */
import { concat, concatAll } from "../../../modules/core/bytes.ts";
import { fromHex } from "../../../modules/core/hex.ts";
import { encodeTlv, encodeTlvTree, parseTlv, parseTlvTree, type Tlv, type TlvNode } from "../../../modules/emv/tlv.ts";
import { tlvForms } from "../canonical.ts";
import { defineTarget } from "../harness.ts";
import type { FuzzRandom } from "../random.ts";

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A tag of one to three bytes whose continuation bits are right (EMV Book 3 B1), constructed or not. */
function randomTag(r: FuzzRandom, constructed: boolean): Uint8Array {
  const size = r.pick([1, 1, 2, 2, 3]);
  const top = (r.byte() & 0xc0) | (constructed ? 0x20 : 0);
  if (size === 1) return Uint8Array.of(top | r.range(1, 30));
  // a first byte of FF would read as padding
  const tag = [top === 0xe0 ? 0xdf : top | 0x1f];
  for (let i = 1; i < size; i++) tag.push(i < size - 1 ? 0x80 | r.byte() : r.byte() & 0x7f);
  return Uint8Array.from(tag);
}

function generateTlv(r: FuzzRandom, depth = 0): Uint8Array {
  const parts: Uint8Array[] = [];
  for (let n = r.small(6); n > 0; n--) {
    if (r.chance(0.1)) parts.push(new Uint8Array(r.small(3)).fill(r.chance(0.5) ? 0x00 : 0xff));
    const constructed = depth < 3 && r.chance(0.2);
    const value = constructed ? generateTlv(r, depth + 1) : r.bytes(r.chance(0.05) ? r.range(128, 300) : r.int(20));
    parts.push(encodeTlv(hex(randomTag(r, constructed)), value));
  }
  return concatAll(parts);
}

// EMV Book 3 annex B forms as the module's tests give them (two-byte tags, a 00 pad, 5F2A); DE55 of
// the ISO 8583 tests (9F26, 82, 9F36); the slot tests' FCI (6F holding 84 and A5); a long-form
// length (91 with 130 bytes, the module's tests).
const SEEDS = [
  fromHex("9F2608C2C12B098F3DA6E3 00 82023900 5F2A020978"),
  fromHex("9F26081122334455667788820239009F3602001C"),
  fromHex("6F1A840E325041592E5359532E4444463031A5088801025F2D02656E"),
  concat(Uint8Array.of(0x91, 0x81, 0x82), new Uint8Array(130)),
];

const DICTIONARY = [Uint8Array.of(0x81), Uint8Array.of(0x82), Uint8Array.of(0x83), Uint8Array.of(0x80), Uint8Array.of(0x9f), Uint8Array.of(0x5f), Uint8Array.of(0x1f, 0x80), Uint8Array.of(0x70)];

/** Flat parse: objects mean the same when tags and values do (offsets follow the bytes, not the meaning). */
export const tlv = defineTarget<Tlv[]>({
  name: "tlv",
  description: "a BER-TLV string (parseTlv), each object re-encoded with encodeTlv",
  seeds: SEEDS,
  generate: (r) => generateTlv(r),
  dictionary: DICTIONARY,
  maxLength: 1024,
  run: (input) => parseTlv(input),
  encode: (objects) => concatAll(objects.map((o) => encodeTlv(o.tag, o.value))),
  same: (a, b) => a.length === b.length && a.every((o, i) => o.tag === b[i].tag && hex(o.value) === hex(b[i].value)),
  canonical: (input, again) => tlvForms(input, again, false),
  covers: ["modules/emv/tlv.ts#parseTlv", "modules/emv/tlv.ts#tagEnd", "modules/emv/tlv.ts#encodeTlv", "modules/emv/tlv.ts#tagBytes"],
});

function sameTree(a: readonly TlvNode[], b: readonly TlvNode[]): boolean {
  return (
    a.length === b.length &&
    a.every((n, i) => {
      const m = b[i];
      if (n.tag !== m.tag || !n.children !== !m.children) return false;
      return n.children ? sameTree(n.children, m.children!) : hex(n.value) === hex(m.value);
    })
  );
}

/** Tree parse: constructed objects parsed into their children, re-encoded from them. */
export const tlvTree = defineTarget<TlvNode[]>({
  name: "tlv-tree",
  description: "a BER-TLV string as a tree (parseTlvTree, templates parsed to their depth limit), re-encoded with encodeTlvTree",
  seeds: SEEDS,
  generate: (r) => generateTlv(r),
  dictionary: DICTIONARY,
  maxLength: 1024,
  run: (input) => parseTlvTree(input),
  encode: (nodes) => encodeTlvTree(nodes),
  same: sameTree,
  canonical: (input, again) => tlvForms(input, again, true),
  covers: ["modules/emv/tlv.ts#parseTlvTree", "modules/emv/tlv.ts#encodeTlvTree", "modules/emv/tlv.ts#isConstructedTag"],
});
