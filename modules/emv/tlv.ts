import { toHex } from "../core/hex.ts";
import { EmvError } from "./error.ts";

/** One BER-TLV data object (EMV Book 3 annex B), primitive, tag as upper-case hex. */
export interface Tlv {
  tag: string;
  value: Uint8Array;
}

/**
 * The data objects of a BER-TLV string, in order, constructed objects
 * kept whole (their value is their own TLV string). Padding bytes 00 and
 * FF between objects are skipped, as EMV Book 3 B1 allows.
 * @throws EmvError `TLV_TAG` or `TLV_LENGTH` where the string is cut short or malformed
 */
export function parseTlv(bytes: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  let i = 0;
  while (i < bytes.length) {
    if (bytes[i] === 0x00 || bytes[i] === 0xff) {
      i++;
      continue;
    }
    const start = i;
    if ((bytes[i++] & 0x1f) === 0x1f) {
      do {
        if (i >= bytes.length) throw new EmvError("TLV_TAG", `a tag at byte ${start} runs past the end`);
      } while (bytes[i++] & 0x80 && i - start < 4);
    }
    const tag = toHex(bytes.subarray(start, i));
    if (i >= bytes.length) throw new EmvError("TLV_LENGTH", `tag ${tag} has no length`);
    let length = bytes[i++];
    if (length & 0x80) {
      const n = length & 0x7f;
      if (n === 0 || n > 3 || i + n > bytes.length) throw new EmvError("TLV_LENGTH", `tag ${tag} has a malformed length`);
      length = 0;
      for (let k = 0; k < n; k++) length = (length << 8) | bytes[i++];
    }
    if (i + length > bytes.length) throw new EmvError("TLV_LENGTH", `tag ${tag} announces ${length} bytes, ${bytes.length - i} remain`);
    out.push({ tag, value: bytes.slice(i, i + length) });
    i += length;
  }
  return out;
}

/** One data object's bytes: tag, length (short or long form), value. */
export function encodeTlv(tag: string, value: Uint8Array): Uint8Array {
  const t = tag.match(/../g)!.map((h) => parseInt(h, 16));
  const n = value.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  const out = new Uint8Array(t.length + len.length + n);
  out.set(t);
  out.set(len, t.length);
  out.set(value, t.length + len.length);
  return out;
}
