import { toHex } from "../core/hex.ts";
import { maskPan } from "../card/mask.ts";
import { maskTrackText } from "../card/mask-track.ts";
import { parseTrack } from "../card/track.ts";
import { EmvError } from "./error.ts";
import { parseTlv } from "./tlv.ts";

/** How a data object that holds cardholder data is shown. */
type Shown = "pan" | "track2" | "track1" | "hidden";

/**
 * The EMV data objects that carry cardholder data (EMV 4.4 Book 3 annex
 * A; 9F6B from the contactless kernels), by tag.
 */
const CARDHOLDER_DATA: ReadonlyMap<string, Shown> = new Map<string, Shown>([
  ["5A", "pan"], // Application PAN (cn)
  ["57", "track2"], // Track 2 Equivalent Data (b: PAN, D, YYMM, service code, discretionary, F pad)
  ["9F6B", "track2"], // Track 2 Data (contactless)
  ["56", "track1"], // Track 1 Equivalent Data (ans)
  ["5F20", "hidden"], // Cardholder Name
  ["9F0B", "hidden"], // Cardholder Name Extended
  ["99", "hidden"], // Transaction PIN Data (an enciphered PIN block)
  ["9F1F", "hidden"], // Track 1 Discretionary Data
  ["9F20", "hidden"], // Track 2 Discretionary Data
]);

const SEPARATOR_NIBBLE = /D/g;
const EQUALS = /=/g;

/** Hex without its trailing F padding nibbles. */
function unpadded(hex: string): string {
  let end = hex.length;
  while (end > 0 && hex[end - 1] === "F") end--;
  return hex.slice(0, end);
}

function hiddenHex(length: number): string {
  return "*".repeat(2 * length);
}

/** A cn PAN: its digits masked (first 6, last 4), the F padding kept. */
function panNibbles(value: Uint8Array): string {
  const hex = toHex(value);
  const digits = unpadded(hex);
  return maskPan(digits) + hex.slice(digits.length);
}

/** Track 2 in nibbles, `D` as the separator: what maskTrackText shows of it, or nothing if it is no track. */
function track2Nibbles(value: Uint8Array): string {
  const hex = toHex(value);
  const data = unpadded(hex);
  const text = data.replace(SEPARATOR_NIBBLE, "=");
  try {
    parseTrack(text);
  } catch {
    return hiddenHex(value.length);
  }
  return maskTrackText(text).replace(EQUALS, "D") + hex.slice(data.length);
}

/** Track 1 as ASCII: each byte maskTrackText hides is `**`, the others their hex; nothing if it is no track. */
function track1Bytes(value: Uint8Array): string {
  const text = String.fromCharCode(...value);
  try {
    parseTrack(text);
  } catch {
    return hiddenHex(value.length);
  }
  const masked = maskTrackText(text);
  let out = "";
  for (let i = 0; i < value.length; i++) out += masked[i] === text[i] ? toHex(value.subarray(i, i + 1)) : "**";
  return out;
}

function shownValue(how: Shown, value: Uint8Array): string {
  if (how === "pan") return panNibbles(value);
  if (how === "track2") return track2Nibbles(value);
  if (how === "track1") return track1Bytes(value);
  return hiddenHex(value.length);
}

/** Bit 6 of a tag's first byte: the value is itself BER-TLV (EMV Book 3 B1). */
function constructed(tag: string): boolean {
  return (parseInt(tag.slice(0, 2), 16) & 0x20) !== 0;
}

/**
 * The hex of a BER-TLV string with the cardholder data hidden in place,
 * inside constructed objects too: a PAN (5A) keeps its first 6 and last 4
 * digits, track 2 and track 1 equivalents (57, 9F6B, 56) keep what
 * `maskTrackText` shows, the cardholder name (5F20) and discretionary data
 * (9F1F, 9F20) are hidden whole; a track equivalent that does not parse,
 * and a constructed object whose value is not TLV or nests too deep, are
 * hidden whole. Every
 * hidden hex digit is `*`; tags, lengths and the rest are kept, so the
 * string has the length of the hex of `bytes`.
 * @throws EmvError `TLV_TAG`, `TLV_LENGTH` when `bytes` is not BER-TLV
 */
export function maskTlvHex(bytes: Uint8Array): string {
  return masked(bytes, 0);
}

/** Nesting deeper than this is hidden whole rather than walked: EMV templates nest two or three deep. */
const MAX_DEPTH = 8;

function masked(bytes: Uint8Array, depth: number): string {
  let hex = toHex(bytes);
  const objects = parseTlv(bytes);
  for (let i = 0; i < objects.length; i++) {
    const object = objects[i];
    const how = CARDHOLDER_DATA.get(object.tag);
    let shown: string | undefined;
    if (how !== undefined) shown = shownValue(how, object.value);
    else if (constructed(object.tag) && object.value.length > 0) {
      try {
        shown = depth < MAX_DEPTH ? masked(object.value, depth + 1) : hiddenHex(object.value.length);
      } catch (e) {
        if (!(e instanceof EmvError)) throw e;
        shown = hiddenHex(object.value.length);
      }
    }
    if (shown !== undefined) hex = hex.slice(0, 2 * object.offset) + shown + hex.slice(2 * (object.offset + object.value.length));
  }
  return hex;
}
