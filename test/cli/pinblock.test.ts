/**
 * pinblock with random fill (formats 1, 3, 4) and a key prints the clear
 * block (format 4: the PIN field) that was enciphered into `block`:
 * deciphering `block` with node:crypto gives it back. Node only.
 */
import test from "ava";
import { createDecipheriv } from "node:crypto";
import { ensureBuilt, xspos } from "./support.ts";

test.before(ensureBuilt);

// ANSI X9.24-1:2009 annex A.4: the PIN key at counter 1, PAN 4012345678909.
const TDES_KEY = "042666B49184CF5C68DE9628D0397B36";
const PAN = "4012345678909";
// FIPS 197 appendix C.1: the AES-128 key.
const AES_KEY = "000102030405060708090A0B0C0D0E0F";

function decipher(alg: "des-ede3-ecb" | "aes-128-ecb", keyHex: string, data: Buffer): Buffer {
  const key = Buffer.from(keyHex, "hex");
  // a double-length TDES key is K1 K2 K1
  const k = alg === "des-ede3-ecb" && key.length === 16 ? Buffer.concat([key, key.subarray(0, 8)]) : key;
  const d = createDecipheriv(alg, k, null);
  d.setAutoPadding(false);
  return Buffer.concat([d.update(data), d.final()]);
}

function xorHex(a: Buffer, b: Buffer): Buffer {
  return Buffer.from(a.map((x, i) => x ^ b[i]));
}

test("formats 1 and 3: the printed clear block is the one enciphered under --key", (t) => {
  for (const format of ["1", "3"]) {
    for (let run = 0; run < 3; run++) {
      const args = ["pinblock", "--format", format, "--pin", "1234", "--key", TDES_KEY, ...(format === "3" ? ["--pan", PAN] : [])];
      const r = xspos(...args);
      t.is(r.status, 0, args.join(" "));
      const clear = decipher("des-ede3-ecb", TDES_KEY, Buffer.from(r.json.block, "hex"));
      t.is(clear.toString("hex").toUpperCase(), r.json.clearBlock, `format ${format}`);
    }
  }
});

test("format 4: the printed PIN field is the one enciphered under --key (ISO 9564-1:2017 9.4.2)", (t) => {
  for (let run = 0; run < 3; run++) {
    const r = xspos("pinblock", "--format", "4", "--pin", "1234", "--pan", PAN, "--key", AES_KEY);
    t.is(r.status, 0);
    // block = E(E(PIN field) XOR PAN field): undo both
    const mixed = decipher("aes-128-ecb", AES_KEY, Buffer.from(r.json.block, "hex"));
    const pinField = decipher("aes-128-ecb", AES_KEY, xorHex(mixed, Buffer.from(r.json.panField, "hex")));
    t.is(pinField.toString("hex").toUpperCase(), r.json.pinField);
    t.regex(r.json.pinField, /^441234AAAAAAAAAA/, "control 4, length 4, the PIN, fill A");
  }
});

// ISO 9564-1 takes the PAN's rightmost 12 digits but the check digit; the project takes PANs of
// 8 to 19 digits (ISO/IEC 7812-1), as modules/pin's checkPan does.
test("pinblock takes a PAN of 8 to 19 digits, refuses 7 and 20 with PIN_PAN, and its help says 8 to 19", (t) => {
  for (const pan of ["12345678", "1234567890123456789"]) t.is(xspos("pinblock", "--format", "0", "--pin", "1234", "--pan", pan).status, 0, pan);
  for (const pan of ["1234567", "12345678901234567890"]) {
    const r = xspos("pinblock", "--format", "0", "--pin", "1234", "--pan", pan);
    t.is(r.status, 2, pan);
    t.is(r.json.error.code, "PIN_PAN", pan);
  }
  const help = xspos("pinblock", "--help").stdout;
  const line = help.split("\n").find((l) => l.startsWith("  --pan "));
  t.regex(line ?? "", /8 to 19 digits/);
});
