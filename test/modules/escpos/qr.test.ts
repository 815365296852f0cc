import test from "ava";
import jsQR from "jsqr";
import { toHex } from "../../../modules/core/hex.ts";
import { encodeQr, qrMaxBytes, qrVersionFor, reedSolomonRemainder, type QrEcc } from "../../../modules/escpos/qr.ts";
import { isXsposError } from "../../../modules/core/error.ts";

test("Reed-Solomon: the worked example of ISO/IEC 18004 Annex I (1-M, \"01234567\")", (t) => {
  // Annex I.2-I.3: the 16 data codewords and the 10 error correction codewords of version 1-M
  const data = Uint8Array.from([0x10, 0x20, 0x0c, 0x56, 0x61, 0x80, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11]);
  t.is(toHex(reedSolomonRemainder(data, 10)), "A524D4C1ED36C7872C55");
});

// ISO/IEC 18004:2015 Table 7, data capacity in 8-bit byte mode, versions 1 to 40
const CAPACITY: Record<QrEcc, number[]> = {
  L: [17, 32, 53, 78, 106, 134, 154, 192, 230, 271, 321, 367, 425, 458, 520, 586, 644, 718, 792, 858, 929, 1003, 1091, 1171, 1273, 1367, 1465, 1528, 1628, 1732, 1840, 1952, 2068, 2188, 2303, 2431, 2563, 2699, 2809, 2953],
  M: [14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560, 624, 666, 711, 779, 857, 911, 997, 1059, 1125, 1190, 1264, 1370, 1452, 1538, 1628, 1722, 1809, 1911, 1989, 2099, 2213, 2331],
  Q: [11, 20, 32, 46, 60, 74, 86, 108, 130, 151, 177, 203, 241, 258, 292, 322, 364, 394, 442, 482, 509, 565, 611, 661, 715, 751, 805, 868, 908, 982, 1030, 1112, 1168, 1228, 1283, 1351, 1423, 1499, 1579, 1663],
  H: [7, 14, 24, 34, 44, 58, 64, 84, 98, 119, 137, 155, 177, 194, 220, 250, 280, 310, 338, 382, 403, 439, 461, 511, 535, 593, 625, 658, 698, 742, 790, 842, 898, 958, 983, 1051, 1093, 1139, 1219, 1273],
};

test("byte-mode capacities of every version and level are those of ISO/IEC 18004 Table 7", (t) => {
  for (const ecc of ["L", "M", "Q", "H"] as const) {
    CAPACITY[ecc].forEach((bytes, i) => {
      t.is(qrVersionFor(bytes, ecc), i + 1, `${bytes} bytes at ${ecc}`);
      t.is(qrVersionFor(bytes + 1, ecc), i < 39 ? i + 2 : -1, `${bytes + 1} bytes at ${ecc}`);
    });
    t.is(qrMaxBytes(ecc), CAPACITY[ecc][39]);
  }
});

/** The symbol as an RGBA picture with a quiet zone, for a QR reader. */
function picture(modules: Uint8Array, size: number, scale = 2): { rgba: Uint8ClampedArray; width: number } {
  const quiet = 4;
  const width = (size + 2 * quiet) * scale;
  const rgba = new Uint8ClampedArray(width * width * 4).fill(255);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      if (!modules[r * size + c]) continue;
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const at = (((r + quiet) * scale + dy) * width + (c + quiet) * scale + dx) * 4;
          rgba[at] = rgba[at + 1] = rgba[at + 2] = 0;
        }
      }
    }
  }
  return { rgba, width };
}

// Decoded by jsQR, an independent published reader, at each level: version 1, versions 6 and 7
// (the first with version information), 10 (the first with a 16-bit count) and a large one;
// lengths fill a version to its Table 7 capacity.
const CASES: [QrEcc, number][] = [
  ["L", 1], ["L", 7], ["L", 10], ["L", 22],
  ["M", 1], ["M", 6], ["M", 10],
  ["Q", 2], ["Q", 7], ["Q", 21],
  ["H", 1], ["H", 9], ["H", 20],
];
for (const [ecc, version] of CASES) {
  const length = CAPACITY[ecc][version - 1];
  test(`${length} bytes at level ${ecc}: version ${version}, read back by a QR reader`, (t) => {
    const data = Uint8Array.from({ length }, (_, i) => (i * 37 + length) & 0xff);
    const symbol = encodeQr(data, ecc);
    t.is(symbol.version, version);
    t.is(symbol.size, version * 4 + 17);
    const { rgba, width } = picture(symbol.modules, symbol.size);
    const read = jsQR(rgba, width, width);
    t.truthy(read, "the reader found the symbol");
    t.is(read!.version, version);
    t.is(toHex(Uint8Array.from(read!.binaryData)), toHex(data));
  });
}

test("data longer than version 40 holds is a PRINT_COMMAND error", (t) => {
  const e = t.throws(() => encodeQr(new Uint8Array(1274), "H"));
  t.true(isXsposError(e, "PRINT_COMMAND"));
});
