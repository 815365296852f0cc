/**
 * Input is bounded: a file or argument past its documented maximum is
 * refused with INPUT_TOO_LARGE (exit 2) before it is parsed, a file read
 * no further than its maximum; at the maximum, the input is taken. Node only.
 */
import test from "ava";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBuilt, xspos } from "./support.ts";

test.before(ensureBuilt);

const dir = mkdtempSync(join(tmpdir(), "xspos-limits-"));

function tooLarge(t: import("ava").ExecutionContext, args: string[], label: string): void {
  const r = xspos(...args);
  t.is(r.status, 2, label);
  t.is(r.json?.error?.code, "INPUT_TOO_LARGE", label);
}

function notTooLarge(t: import("ava").ExecutionContext, args: string[], label: string): void {
  t.not(xspos(...args).json?.error?.code, "INPUT_TOO_LARGE", label);
}

test("f2f refuses a device that never ends, without reading it whole", (t) => {
  for (const device of ["/dev/zero", "/dev/urandom"]) {
    if (!existsSync(device)) {
      t.log(`${device} absent`);
      continue;
    }
    tooLarge(t, ["f2f", "--track", "2", device], device);
  }
  t.pass();
});

test("f2f takes at most 65536 bytes and 4096 intervals", (t) => {
  const big = join(dir, "big.flux");
  writeFileSync(big, " ".repeat(65537));
  tooLarge(t, ["f2f", "--track", "2", big], "65537 bytes");
  const justFits = join(dir, "fits.flux");
  writeFileSync(justFits, "100 ".repeat(4096).padEnd(65536, " "));
  notTooLarge(t, ["f2f", "--track", "2", justFits], "4096 intervals in 65536 bytes");
  const many = join(dir, "many.flux");
  writeFileSync(many, "100 ".repeat(4097));
  tooLarge(t, ["f2f", "--track", "2", many], "4097 intervals");
});

test("arguments past their maximum are refused; at it, taken", (t) => {
  // a track holds at most 79 characters (ISO/IEC 7811-2)
  tooLarge(t, ["track", ";" + "1".repeat(78) + "?"], "80-character track");
  notTooLarge(t, ["track", ";" + "1".repeat(77) + "?"], "79-character track");
  // an ATR is at most 33 bytes (ISO/IEC 7816-3)
  tooLarge(t, ["atr", "3B" + "00".repeat(33)], "34-byte ATR");
  notTooLarge(t, ["atr", "3B" + "00".repeat(32)], "33-byte ATR");
  tooLarge(t, ["atr", "3B " + "00 ".repeat(33)], "34-byte ATR with spaces");
  tooLarge(t, ["mac", "--alg", "cmac", "--key", "00".repeat(16), "00".repeat(8193)], "8193 bytes of MAC data");
  notTooLarge(t, ["mac", "--alg", "cmac", "--key", "00".repeat(16), "00".repeat(8192)], "8192 bytes of MAC data");
  tooLarge(t, ["mac", "--alg", "cmac", "--key", "00".repeat(65), "00"], "65-byte key");
  tooLarge(t, ["dukpt", "--bdk", "00".repeat(65), "--ksn", "00".repeat(10)], "65-byte BDK");
  tooLarge(t, ["dukpt", "--bdk", "00".repeat(16), "--ksn", "00".repeat(65)], "65-byte KSN");
  tooLarge(t, ["pinblock", "--format", "1", "--pin", "1".repeat(33)], "33-character PIN");
  tooLarge(t, ["pinblock", "--format", "0", "--pin", "1234", "--pan", "1".repeat(33)], "33-character PAN");
  tooLarge(t, ["pinblock", "--format", "1", "--pin", "1234", "--key", "00".repeat(65)], "65-byte PIN key");
  tooLarge(t, ["iso8583", "unpack", "--dialect", "iso87b", "00".repeat(8193)], "8193-byte message");
  notTooLarge(t, ["iso8583", "unpack", "--dialect", "iso87b", "00".repeat(8192)], "8192-byte message");
  tooLarge(t, ["iso8583", "unpack", "--dialect", "iso87a", "--text", "0".repeat(8193)], "8193-character message");
  tooLarge(t, ["iso8583", "pack", "--dialect", "iso87a", JSON.stringify({ mti: "0200", fields: { 2: "1".repeat(32768) } })], "JSON over 32768 characters");
  tooLarge(t, ["f2f", "--track", "2", "x".repeat(4097)], "a path over 4096 characters");
});

test("the too-large message does not repeat the input", (t) => {
  const pan = "5350290149345177";
  const r = xspos("track", `;${pan}=` + "1".repeat(70) + "?");
  t.is(r.json.error.code, "INPUT_TOO_LARGE");
  t.false(r.stdout.includes(pan));
});
