/**
 * The canonical forms the modules document (modules/emv/README.md and
 * modules/iso8583/README.md, "Canonical form"): what a parser accepts
 * that its encoder writes otherwise. A round trip that comes back as other
 * bytes is explained by these or is a failure. Each check works on the
 * bytes alone, apart from the parser it checks.
 */
import { concat, concatAll } from "../../modules/core/bytes.ts";

/** The documented forms, as the fuzz report names them. */
export const FORM = {
  hexCase: "hex digits in lower case",
  padNibble: "BCD pad nibble F",
  emptySecondaryBitmap: "secondary bitmap with no field",
  longLength: "TLV length longer than needed",
  padding: "00/FF padding around TLV objects",
} as const;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The shortest BER length field for `n` (EMV Book 3 annex B2: one byte to 127, then 81 xx, 82 xx xx). */
function lengthField(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  if (n < 0x100) return Uint8Array.of(0x81, n);
  return Uint8Array.of(0x82, n >> 8, n & 0xff);
}

/**
 * BER-TLV from `from` to `to` without its padding and with the shortest
 * length fields, constructed values too when `tree`; the forms it took
 * away are added to `forms`. Undefined when the bytes are not TLV.
 */
function canonicalTlv(bytes: Uint8Array, from: number, to: number, tree: boolean, forms: Set<string>): Uint8Array | undefined {
  const parts: Uint8Array[] = [];
  let i = from;
  while (i < to) {
    if (bytes[i] === 0x00 || bytes[i] === 0xff) {
      forms.add(FORM.padding);
      i++;
      continue;
    }
    let t = i + 1;
    if ((bytes[i] & 0x1f) === 0x1f) {
      while (t < to && bytes[t] & 0x80) t++;
      t++;
    }
    if (t >= to) return undefined;
    let length = bytes[t];
    let v = t + 1;
    if (length & 0x80) {
      const n = length & 0x7f;
      if (n < 1 || n > 2 || v + n > to) return undefined;
      length = 0;
      for (let k = 0; k < n; k++) length = (length << 8) | bytes[v++];
      if (n + 1 > lengthField(length).length) forms.add(FORM.longLength);
    }
    if (v + length > to) return undefined;
    let value = bytes.subarray(v, v + length);
    if (tree && bytes[i] & 0x20) {
      const inner = canonicalTlv(bytes, v, v + length, tree, forms);
      if (!inner) return undefined;
      value = inner;
    }
    parts.push(bytes.subarray(i, t), lengthField(value.length), value);
    i = v + length;
  }
  return concatAll(parts);
}

/**
 * Why a BER-TLV string re-encoded to `again`: padding dropped and length
 * fields shortened (in templates too for a tree), or undefined when that
 * does not make `input` into `again`.
 */
export function tlvForms(input: Uint8Array, again: Uint8Array, tree: boolean): string[] | undefined {
  const forms = new Set<string>();
  const canonical = canonicalTlv(input, 0, input.length, tree, forms);
  return canonical && sameBytes(canonical, again) ? [...forms] : undefined;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/**
 * Why an ISO 8583 message re-encoded to `again`: a secondary bitmap
 * without a field dropped; then, byte for byte, hex digits in upper case
 * (ASCII layout) or BCD pad nibbles F as 0 (BCD layout). Undefined when
 * anything else differs.
 * @param bcd - the ISO87B layout (a leading 60 is a TPDU and header, 11 bytes)
 */
export function iso8583Forms(bcd: boolean, input: Uint8Array, again: Uint8Array): string[] | undefined {
  const forms = new Set<string>();
  let a = input;
  const bitmapAt = (bcd && input[0] === 0x60 ? 11 : 0) + (bcd ? 2 : 4);
  const bitmapLength = bcd ? 8 : 16;
  if (a.length >= bitmapAt + 2 * bitmapLength) {
    const first = bcd ? a[bitmapAt] : hexValue(a[bitmapAt]);
    const secondary = a.subarray(bitmapAt + bitmapLength, bitmapAt + 2 * bitmapLength);
    if (first >= 0 && first & (bcd ? 0x80 : 0x08) && secondary.every((b) => b === (bcd ? 0x00 : 0x30))) {
      forms.add(FORM.emptySecondaryBitmap);
      a = concat(a.subarray(0, bitmapAt + bitmapLength), a.subarray(bitmapAt + 2 * bitmapLength));
      a[bitmapAt] = bcd ? first & 0x7f : 0x30 + (first & 0x07);
    }
  }
  if (a.length !== again.length) return undefined;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === again[i]) continue;
    if (!bcd && a[i] >= 0x61 && a[i] <= 0x66 && again[i] === a[i] - 0x20) forms.add(FORM.hexCase);
    else if (bcd && (((a[i] ^ again[i]) === 0xf0 && (a[i] & 0xf0) === 0xf0) || ((a[i] ^ again[i]) === 0x0f && (a[i] & 0x0f) === 0x0f))) forms.add(FORM.padNibble);
    else return undefined;
  }
  return [...forms];
}
