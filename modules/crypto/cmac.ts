import { xor } from "../core/bytes.ts";
import { padIso9797 } from "./padding.ts";
import { blockSize, type Crypto } from "./port.ts";

// NIST SP 800-38B §5.3: the constant R_b for 128-bit and 64-bit blocks.
const RB: Record<number, number> = { 16: 0x87, 8: 0x1b };

function double(block: Uint8Array): Uint8Array {
  const out = new Uint8Array(block.length);
  let carry = 0;
  for (let i = block.length - 1; i >= 0; i--) {
    out[i] = ((block[i] << 1) | carry) & 0xff;
    carry = block[i] >> 7;
  }
  if (carry) out[out.length - 1] ^= RB[block.length];
  return out;
}

/**
 * CMAC (NIST SP 800-38B, also ISO/IEC 9797-1 MAC algorithm 5) over AES or
 * TDES: subkeys K1, K2 from the cipher of a zero block, the last block
 * XORed with K1 when complete or padded (method 2) and XORed with K2.
 * @returns the full tag (16 bytes for AES, 8 for TDES)
 */
export function cmac(crypto: Crypto, alg: "AES" | "TDES", key: Uint8Array, data: Uint8Array): Uint8Array {
  const size = blockSize(alg);
  const l = crypto.blockEncrypt(alg, "ECB", key, new Uint8Array(size));
  const k1 = double(l);
  const complete = data.length > 0 && data.length % size === 0;
  const padded = complete ? data.slice() : padIso9797(data, size, 2);
  const last = padded.length - size;
  padded.set(xor(padded.subarray(last), complete ? k1 : double(k1)), last);
  const chained = crypto.blockEncrypt(alg, "CBC", key, padded);
  l.fill(0);
  return chained.slice(chained.length - size);
}
