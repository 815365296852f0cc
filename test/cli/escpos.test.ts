/**
 * `xspos escpos` on the sample slip (samples/slip-58mm.escpos, made by
 * tools/make-escpos-sample.ts through modules/escpos's encoder) and on
 * bytes that are no ESC/POS at all.
 */
import test from "ava";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBuilt, root, xspos } from "./support.ts";

test.before(ensureBuilt);

const sample = join(root, "samples/slip-58mm.escpos");

test("escpos: the sample slip's lines in Unicode (GB18030 in Chinese mode), its QR code's data and its partial cut", (t) => {
  const r = xspos("escpos", sample);
  t.is(r.status, 0);
  const items = r.json.items as any[];
  t.deepEqual(
    items.filter((i) => i.type === "text").map((i) => i.text),
    ["XSPOS DEMO SHOP", "演示商店", "SALE 消费", "TOTAL          CNY 12.50"],
  );
  t.is(items.find((i) => i.type === "qr").data, "https://example.com/r/000123");
  t.like(items[items.length - 1], { type: "cut", partial: true });
  t.deepEqual(r.json.problems, []);
});

test("escpos --svg draws the paper into the file named, with the slip's text in it", (t) => {
  const out = join(mkdtempSync(join(tmpdir(), "xspos-")), "slip.svg");
  const r = xspos("escpos", "--width", "58", "--svg", out, sample);
  t.is(r.status, 0);
  const svg = readFileSync(out, "utf8");
  t.true(svg.startsWith("<svg"));
  t.true(svg.includes("演示商店"));
});

test("escpos: random bytes give a drawing with their unreadable commands listed by offset, exit 0", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "xspos-"));
  let seed = 12345;
  const bytes = new Uint8Array(4096).map(() => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24));
  writeFileSync(join(dir, "noise.bin"), bytes);
  const r = xspos("escpos", join(dir, "noise.bin"));
  t.is(r.status, 0);
  t.true(r.json.problems.length > 0, "noise holds commands no printer knows");
  t.true(r.json.problems.every((p: any) => Number.isInteger(p.offset) && p.offset >= 0 && p.offset < bytes.length));
});

test("escpos: /dev/zero is INPUT_TOO_LARGE, a missing file FILE_UNREADABLE, an unwritable --svg FILE_UNWRITABLE", (t) => {
  t.is(xspos("escpos", "/dev/zero").json.error.code, "INPUT_TOO_LARGE");
  t.is(xspos("escpos", "/nonexistent/slip.bin").json.error.code, "FILE_UNREADABLE");
  const r = xspos("escpos", "--svg", "/nonexistent/dir/out.svg", sample);
  t.is(r.status, 2);
  t.is(r.json.error.code, "FILE_UNWRITABLE");
});
