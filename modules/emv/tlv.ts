import { concatAll } from "../core/bytes.ts";
import { isHexDigits } from "../core/chars.ts";
import { fromHex, toHex } from "../core/hex.ts";
import { EmvError } from "./error.ts";

/*
 * BER-TLV as EMV 4.4 Book 3 annex B restricts it: tags of one to three
 * bytes (B1), length fields of one to three bytes — short form, 81 and 82
 * (B2) — and 00 or FF bytes without meaning before, between and after data
 * objects, as ISO/IEC 7816-4 allows and annex B repeats for 00.
 */

/** One BER-TLV data object (EMV Book 3 annex B), primitive, tag as upper-case hex. */
export interface Tlv {
  tag: string;
  value: Uint8Array;
  /** where the value starts in the bytes parsed (to mask it in place) */
  offset: number;
}

/** A data object of a parsed tree: a constructed one has `children`. */
export interface TlvNode {
  /** upper-case hex, e.g. `9F02` */
  tag: string;
  /** the value bytes, a view into the bytes parsed */
  value: Uint8Array;
  /** where the value starts in the bytes parsed */
  offset: number;
  /** the data objects of a constructed object's value (its template), in order */
  children?: TlvNode[];
}

/** A data object to encode: a primitive gives `value`, a constructed one `children` (or its `value`). */
export interface TlvInput {
  tag: string;
  value?: Uint8Array;
  children?: readonly TlvInput[];
}

/** Nesting allowed by default: the deepest EMV structure (FCI, 6F/A5/BF0C/61/4F) is five levels. */
export const TLV_MAX_DEPTH = 8;

/** The longest tag annex B allows, in bytes. */
const MAX_TAG_BYTES = 3;

/** Bit 6 of the first tag byte: the value is itself BER-TLV (Book 3 B1, table 35). */
const CONSTRUCTED = 0x20;

function isPadding(b: number): boolean {
  return b === 0x00 || b === 0xff;
}

/**
 * Where a tag starting at `at` ends (exclusive): bits 5-1 all set in the
 * first byte announce more bytes, each with b8 set until the last (Book 3
 * B1, tables 35 and 36).
 * @throws EmvError `TLV_TAG` when the tag runs past `end` or is longer than three bytes
 */
export function tagEnd(bytes: Uint8Array, at: number, end = bytes.length): number {
  let i = at;
  if ((bytes[i++] & 0x1f) === 0x1f) {
    let more = true;
    while (more) {
      if (i >= end) throw new EmvError("TLV_TAG", `the tag at byte ${at} runs past the end`);
      if (i - at >= MAX_TAG_BYTES) throw new EmvError("TLV_TAG", `the tag at byte ${at} is longer than ${MAX_TAG_BYTES} bytes`);
      more = (bytes[i++] & 0x80) !== 0;
    }
  }
  return i;
}

/** One object's place: its tag and where its value lies. */
interface Header {
  tag: string;
  start: number;
  end: number;
}

/** Reads the tag and length of the object at `at`, bounded by `end`. */
function readHeader(bytes: Uint8Array, at: number, end: number): Header {
  let i = tagEnd(bytes, at, end);
  const tag = toHex(bytes.subarray(at, i));
  if (i >= end) throw new EmvError("TLV_LENGTH", `tag ${tag} has no length`);
  let length = bytes[i++];
  if (length & 0x80) {
    const n = length & 0x7f;
    // 80 is BER's indefinite form, which EMV does not use; 83 and up are longer than three bytes
    if (n === 0 || n > 2) throw new EmvError("TLV_LENGTH", `tag ${tag} has a length field of ${n + 1} bytes; EMV allows one to three`);
    if (i + n > end) throw new EmvError("TLV_LENGTH", `tag ${tag} has a malformed length`);
    length = 0;
    for (let k = 0; k < n; k++) length = (length << 8) | bytes[i++];
  }
  if (i + length > end) throw new EmvError("TLV_LENGTH", `tag ${tag} announces ${length} bytes, ${end - i} remain`);
  return { tag, start: i, end: i + length };
}

/**
 * The data objects of a BER-TLV string, in order, constructed objects
 * kept whole (their value is their own TLV string). Padding bytes 00 and
 * FF between objects are skipped.
 * @throws EmvError `TLV_TAG` or `TLV_LENGTH` where the string is cut short or malformed
 */
export function parseTlv(bytes: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  let i = 0;
  while (i < bytes.length) {
    if (isPadding(bytes[i])) {
      i++;
      continue;
    }
    const h = readHeader(bytes, i, bytes.length);
    out.push({ tag: h.tag, value: bytes.slice(h.start, h.end), offset: h.start });
    i = h.end;
  }
  return out;
}

function parseLevel(bytes: Uint8Array, from: number, to: number, depth: number, maxDepth: number): TlvNode[] {
  const out: TlvNode[] = [];
  let i = from;
  while (i < to) {
    if (isPadding(bytes[i])) {
      i++;
      continue;
    }
    if (depth > maxDepth) throw new EmvError("TLV_DEPTH", `data objects nested more than ${maxDepth} deep at byte ${i}`);
    const h = readHeader(bytes, i, to);
    const node: TlvNode = { tag: h.tag, value: bytes.subarray(h.start, h.end), offset: h.start };
    if (bytes[i] & CONSTRUCTED) node.children = parseLevel(bytes, h.start, h.end, depth + 1, maxDepth);
    out.push(node);
    i = h.end;
  }
  return out;
}

/**
 * A BER-TLV string as a tree: each constructed object's value is parsed in
 * turn into its `children`. Values are views into `bytes`.
 * @param maxDepth - how deep objects may nest (top level is 1)
 * @throws EmvError `TLV_TAG`, `TLV_LENGTH` where a string, at any depth, is cut short or malformed; `TLV_DEPTH` past `maxDepth`
 */
export function parseTlvTree(bytes: Uint8Array, maxDepth = TLV_MAX_DEPTH): TlvNode[] {
  return parseLevel(bytes, 0, bytes.length, 1, maxDepth);
}

/** The first object with this tag, depth first, in document order. */
export function findTlv(nodes: readonly TlvNode[], tag: string): TlvNode | undefined {
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (node.tag === tag) return node;
    if (node.children) {
      const found = findTlv(node.children, tag);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The bytes of a tag written in hex, checked to be one BER tag of one to
 * three bytes: continuation bits as B1 sets them, not 00 or FF (padding).
 * @throws EmvError `TLV_TAG` otherwise
 */
export function tagBytes(tag: string): Uint8Array {
  const n = tag.length >> 1;
  if (tag.length % 2 !== 0 || n < 1 || n > MAX_TAG_BYTES) throw new EmvError("TLV_TAG", `a tag is one to three bytes in hex, got ${tag.length} characters`);
  if (!isHexDigits(tag)) throw new EmvError("TLV_TAG", "a tag is written in hex digits");
  const out = fromHex(tag);
  if (isPadding(out[0]) || tagEnd(out, 0) !== n) throw new EmvError("TLV_TAG", `${tag.toUpperCase()} is not one BER-TLV tag`);
  return out;
}

/** Whether a tag (hex) is that of a constructed object. */
export function isConstructedTag(tag: string): boolean {
  // not a hex digit: NaN, which shifts to 0
  return ((parseInt(tag[0], 16) << 4) & CONSTRUCTED) !== 0;
}

/**
 * One data object's bytes: tag, length (short form, or 81 / 82), value.
 * @throws EmvError `TLV_TAG` for a tag that is not one BER tag; `TLV_LENGTH` for a value over 65535 bytes
 */
export function encodeTlv(tag: string, value: Uint8Array): Uint8Array {
  const t = tagBytes(tag);
  const n = value.length;
  if (n > 0xffff) throw new EmvError("TLV_LENGTH", `a value of ${n} bytes needs a length field longer than EMV allows`);
  const lengthBytes = n < 0x80 ? 1 : n < 0x100 ? 2 : 3;
  const out = new Uint8Array(t.length + lengthBytes + n);
  out.set(t);
  let i = t.length;
  if (lengthBytes === 1) out[i++] = n;
  else if (lengthBytes === 2) {
    out[i++] = 0x81;
    out[i++] = n;
  } else {
    out[i++] = 0x82;
    out[i++] = n >> 8;
    out[i++] = n & 0xff;
  }
  out.set(value, i);
  return out;
}

/**
 * A list of data objects as one BER-TLV string; an object with `children`
 * has them encoded as its value.
 * @throws EmvError as {@link encodeTlv}
 */
export function encodeTlvTree(nodes: readonly TlvInput[]): Uint8Array {
  return concatAll(nodes.map((node) => encodeTlv(node.tag, node.children ? encodeTlvTree(node.children) : (node.value ?? new Uint8Array(0)))));
}
