/**
 * CRC-32/ISO-HDLC (the CRC of ISO/IEC 13239 HDLC, IEEE 802.3 Ethernet,
 * ITU-T V.42, zlib and PNG): polynomial 04C11DB7 processed reflected
 * (EDB88320), initial value FFFFFFFF, final XOR FFFFFFFF. Check value
 * of the nine ASCII bytes "123456789": CBF43926.
 */

// Built once at module scope: on the device it is computed during preload and lives in flash.
// Four tables of 256 (slice-by-4): table k advances the CRC of a byte by k more zero bytes, so four
// bytes are taken per step; a boot checks every record's CRC, and XS pays per operation.
const TABLE = new Uint32Array(1024);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  TABLE[n] = c >>> 0;
}
for (let n = 0; n < 256; n++) {
  for (let k = 1; k < 4; k++) {
    const prev = TABLE[(k - 1) * 256 + n];
    TABLE[k * 256 + n] = (TABLE[prev & 0xff] ^ (prev >>> 8)) >>> 0;
  }
}
// the four tables as views, so that a step indexes each without an addition
const T0 = TABLE.subarray(0, 256);
const T1 = TABLE.subarray(256, 512);
const T2 = TABLE.subarray(512, 768);
const T3 = TABLE.subarray(768, 1024);

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

/** The engine stores a Uint32Array's words little-endian (XS on the ESP32 and on x86 does): {@link crc32Words} reads the bytes in their order. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * The same CRC over whole 32-bit words `words[start, end)` of a
 * little-endian engine: one load per four bytes (a block's records and
 * their CRC ranges are word aligned). Only for {@link LITTLE_ENDIAN}.
 */
export function crc32Words(words: Uint32Array, start: number, end: number, previous = 0): number {
  let c = ~previous;
  for (let i = start; i < end; i++) {
    c ^= words[i];
    c = T3[c & 0xff] ^ T2[(c >>> 8) & 0xff] ^ T1[(c >>> 16) & 0xff] ^ T0[c >>> 24];
  }
  return ~c >>> 0;
}
