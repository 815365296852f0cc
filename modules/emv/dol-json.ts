import { toHex } from "../core/hex.ts";
import { buildDolData, type DolFill, type DolOptions } from "./dol.ts";
import { maskTlvHex } from "./mask-tlv.ts";
import { tagInfo, type DataFormat } from "./tags.ts";
import { encodeTlv, parseTlvTree, type TlvNode } from "./tlv.ts";

/** One DOL entry as `xspos emv dol` prints it. */
export interface DolEntryJson {
  tag: string;
  /** the dictionary's name, `null` for a tag it does not hold */
  name: string | null;
  format: DataFormat | null;
  /** bytes asked */
  length: number;
  /** the value the terminal had, hex, or `null` */
  source: string | null;
  /** what was put in the data, hex */
  value: string;
  fill: DolFill;
}

/** The data a DOL asked for, as `xspos emv dol` prints it. */
export interface DolJson {
  /** bytes of data */
  length: number;
  /** the data in hex */
  data: string;
  entries: DolEntryJson[];
}

/** Options of {@link dolJson}. */
export interface DolJsonOptions extends DolOptions {
  /** show cardholder data in full; off by default */
  reveal?: boolean;
}

function collect(nodes: readonly TlvNode[], into: Map<string, Uint8Array>): void {
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (node.children) collect(node.children, into);
    else if (!into.has(node.tag)) into.set(node.tag, node.value);
  }
}

/**
 * The values of the primitive data objects of a BER-TLV string, at any
 * depth, the first one of a tag kept: a DOL source from data the command
 * line gives.
 * @throws EmvError `TLV_TAG`, `TLV_LENGTH`, `TLV_DEPTH` when `tlv` is not BER-TLV
 */
export function tlvValues(tlv: Uint8Array): Map<string, Uint8Array> {
  const values = new Map<string, Uint8Array>();
  collect(parseTlvTree(tlv), values);
  return values;
}

/** Hex of a value, with its cardholder data masked as `maskTlvHex` masks it. */
function shownHex(tag: string, value: Uint8Array, reveal: boolean): string {
  // 00 and FF lead no tag that holds cardholder data, and cannot be encoded (they read as padding)
  if (reveal || value.length === 0 || tag.startsWith("00") || tag.startsWith("FF")) return toHex(value);
  const masked = maskTlvHex(encodeTlv(tag, value));
  return masked.slice(masked.length - 2 * value.length);
}

/**
 * The data a DOL (Book 3 §5.4) asks for, built from the values of a
 * BER-TLV string, with each entry's source value and what was put in the
 * data; cardholder data is masked in all three unless `reveal` is set.
 * @param dol - the DOL's bytes (value of 9F38, 8C, 8D, 9F49 or 97)
 * @param data - BER-TLV holding the values the terminal has (none: every entry is filled with zeros)
 * @throws EmvError `DOL_FORMAT`, `DOL_TOO_LONG` as `buildDolData`; `TLV_TAG`, `TLV_LENGTH`, `TLV_DEPTH` when `data` is not BER-TLV
 */
export function dolJson(dol: Uint8Array, data: Uint8Array = new Uint8Array(0), options: DolJsonOptions = {}): DolJson {
  const reveal = options.reveal === true;
  const built = buildDolData(dol, tlvValues(data), options);
  let hex = "";
  const entries = built.parts.map((part): DolEntryJson => {
    const info = tagInfo(part.tag);
    const value = shownHex(part.tag, part.value, reveal);
    hex += value;
    return {
      tag: part.tag,
      name: info?.name ?? null,
      format: info?.format ?? null,
      length: part.length,
      source: part.source ? shownHex(part.tag, part.source, reveal) : null,
      value,
      fill: part.fill,
    };
  });
  return { length: built.data.length, data: hex, entries };
}
