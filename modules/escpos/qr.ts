/**
 * QR Code symbols (ISO/IEC 18004:2015) in byte mode, versions 1 to 40, for
 * printers that cannot draw them (GS ( k): the encoder sends the symbol as
 * a raster image. Section numbers below are the standard's.
 */
import { EscPosError } from "./error.ts";

/** Error correction level (7.5.1): about 7, 15, 25 and 30 % of the codewords can be restored. */
export type QrEcc = "L" | "M" | "Q" | "H";

/** A QR Code symbol: `size` × `size` modules, 1 for dark. */
export interface QrSymbol {
  version: number;
  size: number;
  ecc: QrEcc;
  /** the data mask pattern chosen (7.8.2) */
  mask: number;
  modules: Uint8Array;
}

/** The error correction levels in the order of Table 9 (and of GS ( k fn 169's 48 to 51). */
export const QR_LEVELS: readonly QrEcc[] = ["L", "M", "Q", "H"];
/** Format information's error correction bits (Table 12): L 01, M 00, Q 11, H 10. */
const FORMAT_BITS = [1, 0, 3, 2];

// Table 9: error correction codewords per block, and number of blocks, per version (1-40) and level
const EC_PER_BLOCK = [
  [7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
  [10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
  [13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
  [17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
];
const BLOCKS = [
  [1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
  [1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
  [1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
  [1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81],
];

/** Codewords of a version (Table 1): its modules less function patterns, format and version information, by 8. */
function totalCodewords(version: number): number {
  let modules = (16 * version + 128) * version + 64;
  if (version >= 2) {
    const align = Math.floor(version / 7) + 2;
    modules -= (25 * align - 10) * align - 55;
    if (version >= 7) modules -= 36;
  }
  return modules >> 3;
}

function dataCodewords(version: number, level: number): number {
  return totalCodewords(version) - EC_PER_BLOCK[level][version - 1] * BLOCKS[level][version - 1];
}

/** Bytes that fit a version in byte mode: 4 mode bits, an 8- or 16-bit count (Table 3). */
function byteCapacity(version: number, level: number): number {
  return Math.floor((dataCodewords(version, level) * 8 - 4 - (version < 10 ? 8 : 16)) / 8);
}

/** The smallest version that holds `length` bytes at `ecc`, or -1 when none does. */
export function qrVersionFor(length: number, ecc: QrEcc): number {
  const level = QR_LEVELS.indexOf(ecc);
  if (level < 0) return -1;
  for (let v = 1; v <= 40; v++) if (byteCapacity(v, level) >= length) return v;
  return -1;
}

/** The most bytes a symbol holds at a level (version 40); 0 for a level that does not exist. */
export function qrMaxBytes(ecc: QrEcc): number {
  const level = QR_LEVELS.indexOf(ecc);
  return level < 0 ? 0 : byteCapacity(40, level);
}

// GF(256) with the primitive polynomial x^8 + x^4 + x^3 + x^2 + 1 (7.5.2)
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
for (let i = 0, x = 1; i < 255; i++) {
  EXP[i] = x;
  LOG[x] = i;
  x <<= 1;
  if (x & 0x100) x ^= 0x11d;
}
for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255];

function mul(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : EXP[LOG[a] + LOG[b]];
}

/**
 * The Reed-Solomon error correction codewords of a block (7.5.2): the
 * remainder of data × x^n divided by the generator (x - α^0)…(x - α^(n-1)).
 */
export function reedSolomonRemainder(data: Uint8Array, ecLength: number): Uint8Array {
  // generator coefficients, highest degree first (the leading 1 implied)
  const gen = new Uint8Array(ecLength);
  gen[ecLength - 1] = 1;
  let root = 1;
  for (let i = 0; i < ecLength; i++) {
    for (let j = 0; j < ecLength; j++) {
      gen[j] = mul(gen[j], root) ^ (j + 1 < ecLength ? gen[j + 1] : 0);
    }
    root = mul(root, 2);
  }
  const rem = new Uint8Array(ecLength);
  for (let i = 0; i < data.length; i++) {
    const b = data[i];
    const factor = b ^ rem[0];
    rem.copyWithin(0, 1);
    rem[ecLength - 1] = 0;
    for (let j = 0; j < ecLength; j++) rem[j] ^= mul(gen[j], factor);
  }
  return rem;
}

/** The data codewords of a byte-mode segment with terminator and padding (7.4). */
function dataStream(data: Uint8Array, version: number, level: number): Uint8Array {
  const capacity = dataCodewords(version, level);
  const out = new Uint8Array(capacity);
  let bit = 0;
  const put = (value: number, bits: number) => {
    for (let i = bits - 1; i >= 0; i--, bit++) if ((value >> i) & 1) out[bit >> 3] |= 0x80 >> (bit & 7);
  };
  put(0b0100, 4);
  put(data.length, version < 10 ? 8 : 16);
  for (let i = 0; i < data.length; i++) {
    const b = data[i];
    put(b, 8);
  }
  bit += Math.min(4, capacity * 8 - bit); // terminator
  bit = (bit + 7) & ~7;
  for (let i = bit >> 3, pad = 0; i < capacity; i++, pad ^= 1) out[i] = pad ? 0x11 : 0xec;
  return out;
}

/** Data and error correction codewords, split in blocks and interleaved (7.6). */
function codewords(data: Uint8Array, version: number, level: number): Uint8Array {
  const stream = dataStream(data, version, level);
  const blocks = BLOCKS[level][version - 1];
  const ecLength = EC_PER_BLOCK[level][version - 1];
  const total = totalCodewords(version);
  const shortBlocks = blocks - (total % blocks);
  const shortData = Math.floor(total / blocks) - ecLength;
  const dataBlocks: Uint8Array[] = [];
  const ecBlocks: Uint8Array[] = [];
  for (let b = 0, at = 0; b < blocks; b++) {
    const n = shortData + (b < shortBlocks ? 0 : 1);
    const block = stream.subarray(at, at + n);
    at += n;
    dataBlocks.push(block);
    ecBlocks.push(reedSolomonRemainder(block, ecLength));
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (let i = 0; i <= shortData; i++) for (let j = 0; j < dataBlocks.length; j++) {
    const block = dataBlocks[j];
    if (i < block.length) out[o++] = block[i];
  }
  for (let i = 0; i < ecLength; i++) for (let j = 0; j < ecBlocks.length; j++) {
    const block = ecBlocks[j];
    out[o++] = block[i];
  }
  return out;
}

/** Centres of the alignment patterns on each axis (Annex E). */
function alignmentCentres(version: number): number[] {
  if (version === 1) return [];
  const count = Math.floor(version / 7) + 2;
  const size = version * 4 + 17;
  const step = version === 32 ? 26 : Math.ceil((version * 4 + 4) / (count * 2 - 2)) * 2;
  const out = [6];
  for (let pos = size - 7; out.length < count; pos -= step) out.splice(1, 0, pos);
  return out;
}

/** Whether data mask pattern `mask` (Table 10) inverts the module at row `i`, column `j`. */
function masked(mask: number, i: number, j: number): boolean {
  switch (mask) {
    case 0:
      return (i + j) % 2 === 0;
    case 1:
      return i % 2 === 0;
    case 2:
      return j % 3 === 0;
    case 3:
      return (i + j) % 3 === 0;
    case 4:
      return (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0;
    case 5:
      return ((i * j) % 2) + ((i * j) % 3) === 0;
    case 6:
      return (((i * j) % 2) + ((i * j) % 3)) % 2 === 0;
    default:
      return (((i + j) % 2) + ((i * j) % 3)) % 2 === 0;
  }
}

class Grid {
  readonly size: number;
  readonly dark: Uint8Array;
  readonly reserved: Uint8Array;
  constructor(size: number) {
    this.size = size;
    this.dark = new Uint8Array(size * size);
    this.reserved = new Uint8Array(size * size);
  }
  fn(row: number, col: number, dark: boolean): void {
    if (row < 0 || col < 0 || row >= this.size || col >= this.size) return;
    this.dark[row * this.size + col] = dark ? 1 : 0;
    this.reserved[row * this.size + col] = 1;
  }
}

/** Finder, separator, timing and alignment patterns, the dark module, and room for format and version information (6.3). */
function functionPatterns(grid: Grid, version: number): void {
  const size = grid.size;
  for (let i = 0; i < size; i++) {
    grid.fn(6, i, i % 2 === 0);
    grid.fn(i, 6, i % 2 === 0);
  }
  const finderCorners = [[3, 3], [3, size - 4], [size - 4, 3]];
  for (let i = 0; i < finderCorners.length; i++) {
    const r = finderCorners[i][0], c = finderCorners[i][1];
    for (let dr = -4; dr <= 4; dr++) {
      for (let dc = -4; dc <= 4; dc++) {
        const d = Math.max(Math.abs(dr), Math.abs(dc));
        grid.fn(r + dr, c + dc, d !== 2 && d !== 4);
      }
    }
  }
  const centres = alignmentCentres(version);
  const last = centres.length - 1;
  for (let i = 0; i <= last; i++) {
    for (let j = 0; j <= last; j++) {
      // none where a finder pattern is
      if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) continue;
      for (let dr = -2; dr <= 2; dr++) for (let dc = -2; dc <= 2; dc++) grid.fn(centres[i] + dr, centres[j] + dc, Math.max(Math.abs(dr), Math.abs(dc)) !== 1);
    }
  }
  formatInformation(grid, 0, 0);
  if (version >= 7) {
    // 7.10: 6 bits of version and a BCH (18, 6) code, generator 1 1111 0010 0101
    let rem = version;
    for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >> 11) * 0x1f25);
    const bits = (version << 12) | rem;
    for (let i = 0; i < 18; i++) {
      const dark = ((bits >> i) & 1) === 1;
      const a = size - 11 + (i % 3);
      const b = Math.floor(i / 3);
      grid.fn(b, a, dark);
      grid.fn(a, b, dark);
    }
  }
}

/** 7.9: level and mask with a BCH (15, 5) code, generator 101 0011 0111, masked with 101 0100 0001 0010. */
function formatInformation(grid: Grid, level: number, mask: number): void {
  const data = (FORMAT_BITS[level] << 3) | mask;
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >> 9) * 0x537);
  const bits = ((data << 10) | rem) ^ 0x5412;
  const bit = (i: number) => ((bits >> i) & 1) === 1;
  const size = grid.size;
  for (let i = 0; i <= 5; i++) grid.fn(i, 8, bit(i));
  grid.fn(7, 8, bit(6));
  grid.fn(8, 8, bit(7));
  grid.fn(8, 7, bit(8));
  for (let i = 9; i < 15; i++) grid.fn(8, 14 - i, bit(i));
  for (let i = 0; i < 8; i++) grid.fn(8, size - 1 - i, bit(i));
  for (let i = 8; i < 15; i++) grid.fn(size - 15 + i, 8, bit(i));
  grid.fn(size - 8, 8, true);
}

/** 7.7.3: codeword bits up and down two-module columns from the right, skipping the vertical timing pattern. */
function placeData(grid: Grid, words: Uint8Array): void {
  const size = grid.size;
  let i = 0;
  const bits = words.length * 8;
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    const upward = ((right + 1) & 2) === 0;
    for (let v = 0; v < size; v++) {
      const row = upward ? size - 1 - v : v;
      for (let k = 0; k < 2; k++) {
        const at = row * size + right - k;
        if (grid.reserved[at]) continue;
        if (i < bits) grid.dark[at] = (words[i >> 3] >> (7 - (i & 7))) & 1;
        i++;
      }
    }
  }
}

function applyMask(grid: Grid, mask: number): void {
  const size = grid.size;
  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) if (!grid.reserved[r * size + c] && masked(mask, r, c)) grid.dark[r * size + c] ^= 1;
}

/** 7.8.3: penalty points of a masked symbol (adjacent runs, 2 × 2 blocks, finder-like patterns, dark balance). */
function penalty(grid: Grid): number {
  const size = grid.size;
  const m = grid.dark;
  let score = 0;
  const line = new Uint8Array(size);
  for (let axis = 0; axis < 2; axis++) {
    for (let a = 0; a < size; a++) {
      for (let b = 0; b < size; b++) line[b] = axis === 0 ? m[a * size + b] : m[b * size + a];
      let run = 1;
      for (let b = 1; b <= size; b++) {
        if (b < size && line[b] === line[b - 1]) run++;
        else {
          if (run >= 5) score += run - 2;
          run = 1;
        }
      }
      for (let b = 0; b + 7 <= size; b++) {
        // 1:1:3:1:1 dark-light-dark with four light modules on either side
        if (line[b] && !line[b + 1] && line[b + 2] && line[b + 3] && line[b + 4] && !line[b + 5] && line[b + 6]) {
          const lightBefore = b >= 4 && !line[b - 1] && !line[b - 2] && !line[b - 3] && !line[b - 4];
          const lightAfter = b + 10 < size && !line[b + 7] && !line[b + 8] && !line[b + 9] && !line[b + 10];
          if (lightBefore || lightAfter) score += 40;
        }
      }
    }
  }
  let dark = 0;
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const v = m[r * size + c];
      dark += v;
      if (r + 1 < size && c + 1 < size && v === m[r * size + c + 1] && v === m[(r + 1) * size + c] && v === m[(r + 1) * size + c + 1]) score += 3;
    }
  }
  score += Math.floor(Math.abs((dark * 100) / (size * size) - 50) / 5) * 10;
  return score;
}

/**
 * The QR Code symbol of `data` in byte mode, in the smallest version that
 * holds it, with the mask of least penalty.
 * @throws EscPosError `PRINT_COMMAND` when the data is too long for version 40 at this level
 */
export function encodeQr(data: Uint8Array, ecc: QrEcc = "M"): QrSymbol {
  const level = QR_LEVELS.indexOf(ecc);
  if (level < 0) throw new EscPosError("PRINT_COMMAND", `QR error correction ${String(ecc)}: L, M, Q or H`);
  const version = qrVersionFor(data.length, ecc);
  if (version < 0) throw new EscPosError("PRINT_COMMAND", `QR data of ${data.length} bytes: at most ${qrMaxBytes(ecc)} at level ${ecc}`);
  const size = version * 4 + 17;
  const grid = new Grid(size);
  functionPatterns(grid, version);
  placeData(grid, codewords(data, version, level));
  let best = -1;
  let bestScore = Infinity;
  for (let mask = 0; mask < 8; mask++) {
    applyMask(grid, mask);
    formatInformation(grid, level, mask);
    const score = penalty(grid);
    if (score < bestScore) {
      bestScore = score;
      best = mask;
    }
    applyMask(grid, mask);
  }
  applyMask(grid, best);
  formatInformation(grid, level, best);
  return { version, size, ecc, mask: best, modules: grid.dark };
}
