/**
 * CRC-32/ISO-HDLC (the CRC of ISO/IEC 13239 HDLC, IEEE 802.3 Ethernet,
 * ITU-T V.42, zlib and PNG): polynomial 04C11DB7 processed reflected
 * (EDB88320), initial value FFFFFFFF, final XOR FFFFFFFF. Check value
 * of the nine ASCII bytes "123456789": CBF43926.
 */

// Built once at module scope: on the device it is computed during preload and lives in flash.
const TABLE = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  TABLE[n] = c >>> 0;
}

/**
 * CRC-32/ISO-HDLC of `bytes[start, end)`, as an unsigned 32-bit number.
 * @param previous - the CRC of what comes before, to go on from it (the
 *   CRC of two ranges as one stream); 0 to start
 */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length, previous = 0): number {
  let c = (previous ^ 0xffffffff) >>> 0;
  for (let i = start; i < end; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
