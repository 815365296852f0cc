/**
 * `make sim`'s demo tour end to end: the firmware on XS, the acquirer
 * emulator on a real socket. What the terminal shows and logs must carry
 * the outcomes, and never a full PAN or a PIN.
 */
import test from "ava";
import { execFileSync } from "node:child_process";

const root = new URL("../..", import.meta.url).pathname;

test("the demo tour: approvals, a PIN sale, fallback, refusals, a reversal after a lost answer, settlement", (t) => {
  const out = execFileSync("npx", ["--no-install", "tsx", "hosts/desktop/run.ts", "--demo"], { cwd: root, encoding: "utf8", timeout: 120_000 });
  t.regex(out, /PIN block format 0, KSN FFFF9876543210E00001/);
  t.regex(out, /chip: ATR_TIMEOUT/, "the slot driver found the chip dead");
  t.regex(out, /FALLBACK|fallback/);
  t.regex(out, /CARD EXPIRED/);
  t.regex(out, /INVALID CARD/);
  t.regex(out, /READ ERROR/);
  t.regex(out, /REVERSAL QUEUED/);
  t.regex(out, /0400 for STAN \d{6} delivered/);
  t.regex(out, /EXCEEDS LIMIT/);
  t.regex(out, /BALANCED|UPLOADED/);
  t.is((out.match(/│APPROVED/g) ?? []).length, 6);
  for (const pan of ["4111111111111111", "4000056655665556", "5555555555554444", "378282246310005"]) t.false(out.includes(pan), "no full PAN on screen or in the log");
  t.false(/\b1234\b/.test(out.replace(/KSN [0-9A-F]+/g, "")), "the PIN typed in the tour appears nowhere");
});

test("the same tour over the 4G modem driver and a virtual modem", (t) => {
  const out = execFileSync("npx", ["--no-install", "tsx", "hosts/desktop/run.ts", "--demo", "--4g"], { cwd: root, encoding: "utf8", timeout: 120_000 });
  t.regex(out, /modem: registered \(home\), -73 dBm/);
  t.is((out.match(/│APPROVED/g) ?? []).length, 6);
  t.regex(out, /0400 for STAN \d{6} delivered/);
});
