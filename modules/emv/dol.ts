import { toHex } from "../core/hex.ts";
import { EmvError } from "./error.ts";
import { tagFormat, type DataFormat } from "./tag-formats.ts";
import { isConstructedTag, tagEnd } from "./tlv.ts";

/*
 * Data Object Lists, EMV 4.4 Book 3 §5.4: a DOL (PDOL 9F38, CDOL1 8C,
 * CDOL2 8D, DDOL 9F49, TDOL 97) is a list of tags, each with the length of
 * the value the card wants there; the terminal answers with the values
 * concatenated, without tags or lengths.
 */

/** One entry of a DOL: a tag and the length asked for it. */
export interface DolEntry {
  /** upper-case hex */
  tag: string;
  /** bytes asked, 0-255 (one length byte) */
  length: number;
}

/** Where the terminal finds the value of a tag (a `Map<string, Uint8Array>` will do). */
export interface DolSource {
  get(tag: string): Uint8Array | undefined;
}

/**
 * What §5.4 made of an entry: the value `copied` as is, `padded` or
 * `truncated` to the length asked (rules c and d), or zeros because the
 * tag is known but has no value (`absent`, rules b and e), is not known to
 * the terminal (`unknown`, rule a) or is that of a constructed object
 * (`constructed`, rule a).
 */
export type DolFill = "copied" | "padded" | "truncated" | "absent" | "unknown" | "constructed";

/** One entry as built. */
export interface DolPart {
  tag: string;
  /** bytes asked */
  length: number;
  /** the value the source had, if it had one */
  source?: Uint8Array;
  /** the bytes put in the data, `length` of them */
  value: Uint8Array;
  fill: DolFill;
}

/** The data a DOL asked for, and how each entry was filled. */
export interface DolData {
  /** the values concatenated in DOL order */
  data: Uint8Array;
  parts: DolPart[];
}

/** Options of {@link buildDolData}. */
export interface DolOptions {
  /**
   * The most bytes the data may take: a command's data field (Lc) holds at
   * most 255, so that is the default; pass `Infinity` where the data is
   * hashed rather than sent (TDOL).
   */
  limit?: number;
}

/**
 * The entries of a DOL: BER tags (one to three bytes, Book 3 annex B1)
 * each followed by a one-byte length.
 * @throws EmvError `DOL_FORMAT` when a tag is malformed or an entry is cut short
 */
export function parseDol(bytes: Uint8Array): DolEntry[] {
  const out: DolEntry[] = [];
  let i = 0;
  while (i < bytes.length) {
    let end: number;
    try {
      end = tagEnd(bytes, i);
    } catch (e) {
      throw new EmvError("DOL_FORMAT", `DOL entry at byte ${i}: ${(e as Error).message}`);
    }
    if (end >= bytes.length) throw new EmvError("DOL_FORMAT", `DOL entry at byte ${i} has a tag but no length`);
    out.push({ tag: toHex(bytes.subarray(i, end)), length: bytes[end] });
    i = end + 1;
  }
  return out;
}

/** The value to put for one entry, by rules c and d of §5.4. */
function fit(value: Uint8Array, length: number, format: DataFormat): { bytes: Uint8Array; fill: DolFill } {
  if (value.length === length) return { bytes: value.slice(), fill: "copied" };
  const out = new Uint8Array(length);
  if (value.length > length) {
    // c: numeric keeps its rightmost bytes (the low-order digits), anything else its leftmost
    out.set(format === "n" ? value.subarray(value.length - length) : value.subarray(0, length));
    return { bytes: out, fill: "truncated" };
  }
  // d: numeric gets leading zeros, compressed numeric trailing FF, anything else trailing zeros
  if (format === "n") out.set(value, length - value.length);
  else {
    out.set(value);
    if (format === "cn") out.fill(0xff, value.length);
  }
  return { bytes: out, fill: "padded" };
}

/**
 * The data a DOL asks for (Book 3 §5.4), from the values the terminal has.
 * A tag the dictionary does not hold but the source has a value for is
 * known to the terminal and treated as binary.
 * @param dol - the DOL's bytes, or its parsed entries
 * @throws EmvError `DOL_FORMAT` for a malformed DOL; `DOL_TOO_LONG` when the lengths asked add up to more than `limit`
 */
export function buildDolData(dol: Uint8Array | readonly DolEntry[], source: DolSource, options: DolOptions = {}): DolData {
  const entries = dol instanceof Uint8Array ? parseDol(dol) : dol;
  const limit = options.limit ?? 255;
  let total = 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (!(e.length >= 0 && e.length <= 255 && Math.floor(e.length) === e.length)) throw new EmvError("DOL_FORMAT", `DOL entry ${e.tag} asks for ${e.length} bytes; one length byte holds 0-255`);
    total += e.length;
  }
  if (total > limit) throw new EmvError("DOL_TOO_LONG", `the DOL asks for ${total} bytes, more than the ${limit} allowed here`);
  const data = new Uint8Array(total);
  const parts: DolPart[] = [];
  let at = 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const info = tagFormat(e.tag);
    const value = source.get(e.tag);
    let fitted: { bytes: Uint8Array; fill: DolFill };
    if (isConstructedTag(e.tag)) fitted = { bytes: new Uint8Array(e.length), fill: "constructed" };
    else if (value === undefined) fitted = { bytes: new Uint8Array(e.length), fill: info ? "absent" : "unknown" };
    else fitted = fit(value, e.length, info?.format ?? "b");
    const part: DolPart = { tag: e.tag, length: e.length, value: fitted.bytes, fill: fitted.fill };
    if (value !== undefined) part.source = value;
    data.set(part.value, at);
    at += e.length;
    parts.push(part);
  }
  return { data, parts };
}
