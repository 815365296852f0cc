import { toHex } from "../core/hex.ts";
import { readableValue } from "./format.ts";
import { maskTlvHex } from "./mask-tlv.ts";
import { tagInfo, type DataFormat } from "./tags.ts";
import { parseTlvTree, TLV_MAX_DEPTH, type TlvNode } from "./tlv.ts";

/** One data object as `xspos tlv` prints it. */
export interface TlvJson {
  /** upper-case hex */
  tag: string;
  /** the dictionary's name, `null` for a tag it does not hold */
  name: string | null;
  /** the dictionary's format, `null` for a tag it does not hold */
  format: DataFormat | null;
  /** length of the value in bytes */
  length: number;
  /** the value in hex; masked hex digits are `*` */
  value: string;
  /** the value as read by its format (`n`, `cn`: digits; `a`, `an`, `ans`: text), masked like `value` */
  decoded?: string;
  /** present when cardholder data in this value is hidden */
  masked?: true;
  /** a constructed object's data objects */
  children?: TlvJson[];
}

/** Options of {@link tlvJson}. */
export interface TlvJsonOptions {
  /** show cardholder data (PAN, tracks, name) in full; off by default */
  reveal?: boolean;
  /** how deep objects may nest (default {@link TLV_MAX_DEPTH}) */
  maxDepth?: number;
}

/** Masked hex read as digits: `*` stays, F padding goes for `cn`. */
function maskedDigits(hex: string, format: "n" | "cn"): string | undefined {
  let end = hex.length;
  if (format === "cn") while (end > 0 && hex[end - 1] === "F") end--;
  let s = "";
  for (let i = 0; i < end; i++) {
    const c = hex[i];
    if (c !== "*" && (c < "0" || c > "9")) return undefined;
    s += c;
  }
  return s;
}

/** Masked hex read as text: `**` is one hidden character. */
function maskedText(hex: string): string | undefined {
  let s = "";
  for (let i = 0; i < hex.length; i += 2) {
    const pair = hex.slice(i, i + 2);
    if (pair === "**") s += "*";
    else {
      const b = parseInt(pair, 16);
      if (!(b >= 0x20 && b <= 0x7e)) return undefined;
      s += String.fromCharCode(b);
    }
  }
  return s;
}

function decodedOf(format: DataFormat, value: Uint8Array, shown: string, masked: boolean): string | undefined {
  if (!masked) return readableValue(format, value);
  if (format === "n" || format === "cn") return maskedDigits(shown, format);
  if (format === "a" || format === "an" || format === "ans") return maskedText(shown);
  return undefined;
}

function toJson(nodes: readonly TlvNode[], hex: string): TlvJson[] {
  return nodes.map((node) => {
    const info = tagInfo(node.tag);
    const shown = hex.slice(2 * node.offset, 2 * (node.offset + node.value.length));
    const out: TlvJson = { tag: node.tag, name: info?.name ?? null, format: info?.format ?? null, length: node.value.length, value: shown };
    if (node.children) {
      out.children = toJson(node.children, hex);
      return out;
    }
    const masked = shown.indexOf("*") >= 0;
    if (masked) out.masked = true;
    const decoded = info ? decodedOf(info.format, node.value, shown, masked) : undefined;
    if (decoded !== undefined) out.decoded = decoded;
    return out;
  });
}

/**
 * A BER-TLV string (EMV Book 3 annex B) as a JSON-able tree, each object
 * named from the dictionary and, for the `n`, `cn`, `a`, `an` and `ans`
 * formats, decoded. Unless `reveal` is set, cardholder data is masked as
 * everywhere outside the authorization message: the PAN keeps its first
 * six and last four digits, track data and the cardholder name are hidden
 * (see `maskTlvHex`), in the value, the decoded text and in the value of
 * every template that holds them.
 * @throws EmvError `TLV_TAG`, `TLV_LENGTH`, `TLV_DEPTH` as {@link parseTlvTree}
 */
export function tlvJson(bytes: Uint8Array, options: TlvJsonOptions = {}): TlvJson[] {
  const nodes = parseTlvTree(bytes, options.maxDepth ?? TLV_MAX_DEPTH);
  return toJson(nodes, options.reveal ? toHex(bytes) : maskTlvHex(bytes));
}
