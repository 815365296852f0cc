/**
 * UTF-8 (RFC 3629): the text a journal record keeps as it was printed (a
 * basket line's product name) and the data of a receipt's QR code, any
 * Unicode in as many bytes as it needs.
 */

/** The UTF-8 bytes of a string; a lone surrogate becomes U+FFFD, as it could not print either. */
export function utf8Bytes(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else c = 0xfffd;
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

/**
 * The text of well-formed UTF-8 bytes `bytes[start, end)`; undefined when
 * they are not (a truncated or overlong sequence, a surrogate, a code
 * point past U+10FFFF: RFC 3629 section 4).
 */
export function utf8Text(bytes: Uint8Array, start: number, end: number): string | undefined {
  let s = "";
  let i = start;
  while (i < end) {
    const b = bytes[i];
    if (b < 0x80) {
      s += String.fromCharCode(b);
      i++;
      continue;
    }
    // the lead byte: how many continuation bytes follow, and the least code point that needs them (no overlong forms)
    const n = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    if (n === 0 || i + n >= end) return undefined;
    const min = n === 1 ? 0x80 : n === 2 ? 0x800 : 0x10000;
    let c = b & (0x7f >> (n + 1));
    for (let k = 1; k <= n; k++) {
      const t = bytes[i + k];
      if ((t & 0xc0) !== 0x80) return undefined;
      c = (c << 6) | (t & 63);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return undefined;
    s += String.fromCodePoint(c);
    i += n + 1;
  }
  return s;
}
