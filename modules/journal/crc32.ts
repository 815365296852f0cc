/**
 * CRC-32/ISO-HDLC (the CRC of ISO/IEC 13239 HDLC, IEEE 802.3 Ethernet,
 * ITU-T V.42, zlib and PNG): polynomial 04C11DB7 processed reflected
 * (EDB88320), initial value FFFFFFFF, final XOR FFFFFFFF. Check value
 * of the nine ASCII bytes "123456789": CBF43926.
 */

// Built once at module scope: on the device it is computed during preload and lives in flash.
// Eight tables of 256 (slice-by-8): table k advances the CRC of a byte by k more zero bytes, so eight
// bytes are taken per step; a boot checks every record's CRC, and XS pays per operation. Signed 32-bit
// entries: XS keeps them as integers, where an unsigned entry of 2^31 or more would be a double. Each
// table is a plain array of its own, so that a step indexes it without an addition: XS reads an element
// of an array of integers faster than one of a typed array (a boot reads some 270 000 of them); the
// firmware is preloaded, so on the device the 2048 slots lie in flash with the rest of the module.
function tables(): (readonly number[])[] {
  const t = new Int32Array(2048);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 8; k++) {
      const prev = t[(k - 1) * 256 + n];
      t[k * 256 + n] = t[prev & 0xff] ^ (prev >>> 8);
    }
  }
  const out: (readonly number[])[] = [];
  for (let k = 0; k < 8; k++) out.push(Array.from(t.subarray(k * 256, k * 256 + 256)));
  return out;
}
const TABLES = tables();
/** Table k of the slice-by-8 CRC (for a caller that runs the steps inline). */
export const T0 = TABLES[0];
export const T1 = TABLES[1];
export const T2 = TABLES[2];
export const T3 = TABLES[3];
export const T4 = TABLES[4];
export const T5 = TABLES[5];
export const T6 = TABLES[6];
export const T7 = TABLES[7];

/**
 * CRC-32/ISO-HDLC of `bytes[start, end)`, as an unsigned 32-bit number.
 * @param previous - the CRC of what comes before, to go on from it (the
 *   CRC of two ranges as one stream); 0 to start
 */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length, previous = 0): number {
  let c = ~previous;
  let i = start;
  for (const last = end - 3; i < last; i += 4) {
    c ^= bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    c = T3[c & 0xff] ^ T2[(c >>> 8) & 0xff] ^ T1[(c >>> 16) & 0xff] ^ T0[c >>> 24];
  }
  for (; i < end; i++) c = T0[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** The engine stores a typed array's words little-endian (XS on the ESP32 and on x86 does): {@link crc32Words} reads the bytes in their order. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * The same CRC over whole 32-bit words `words[start, end)` of a
 * little-endian engine: one load per four bytes, eight bytes a step (a
 * block's records and their CRC ranges are word aligned). Only for
 * {@link LITTLE_ENDIAN}.
 */
export function crc32Words(words: Int32Array | Uint32Array, start: number, end: number, previous = 0): number {
  let c = ~previous;
  let i = start;
  for (const last = end - 1; i < last; i += 2) {
    c ^= words[i];
    const d = words[i + 1];
    c = T7[c & 0xff] ^ T6[(c >>> 8) & 0xff] ^ T5[(c >>> 16) & 0xff] ^ T4[c >>> 24] ^ T3[d & 0xff] ^ T2[(d >>> 8) & 0xff] ^ T1[(d >>> 16) & 0xff] ^ T0[d >>> 24];
  }
  if (i < end) {
    c ^= words[i];
    c = T3[c & 0xff] ^ T2[(c >>> 8) & 0xff] ^ T1[(c >>> 16) & 0xff] ^ T0[c >>> 24];
  }
  return ~c >>> 0;
}
