/**
 * `make sim` end to end: the terminal application on XS, the acquirer
 * emulator on a real socket, the journal and keys in the simulator's
 * directory. What the terminal shows, logs and prints must carry the
 * outcomes, and never a full PAN or a PIN.
 */
import test from "ava";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { root, sim, simDir } from "../support/simulator-run.ts";
// every full PAN of the wallet: the stripe cards and the chip cards (test/emv/cards: dda, signature, offline-plaintext-pin, offline-decline, two-applications)
const PANS = ["4111111111111111", "4000056655665556", "5555555555554444", "378282246310005", "4761739001010028", "4761739001010069", "4761739001010036", "4761739001010101", "4761739001010093", "5413330089020011"];


/** The secrets typed in these runs: card PIN 1234, manager PIN 9876 (KSNs hold 9876 inside a longer word). */
function noSecrets(t: { false(v: boolean, m?: string): void }, output: string): void {
  const out = output.replaceAll("the manager PIN is 9876; card PINs are 1234", "");
  for (const pan of PANS) t.false(out.includes(pan), `no full PAN ${pan.slice(0, 6)}… on screen, in the log or on paper`);
  t.false(/\b1234\b/.test(out), "the card PIN appears nowhere");
  t.false(/\b9876\b/.test(out), "the manager PIN appears nowhere");
}

test.serial("the demo tour: swipe sales with and without PIN, a chip sale with online PIN and ARPC, fallback, declines, a reversal first after a lost answer, void, refund, settlement, receipts", async (t) => {
  t.timeout(300_000);
  const out = await sim(simDir(t), ["--demo", "--fresh"]);
  t.regex(out, /pin: block ready \(format 0, KSN FFFF9876543210E00001\)/, "the debit swipe's PIN under the first DUKPT key");
  t.regex(out, /pin: block ready \(format 0, KSN FFFF9876543210E00002\)[\s\S]*terminal: chip online[\s\S]*sale 476173\*\*\*\*\*\*0028 STAN \d{6}: 00 approved[\s\S]*terminal: chip completion approved/, "the chip sale: online PIN, approved, completed by the card's TC");
  t.regex(out, /ENTRY MODE +CHIP/);
  t.regex(out, /APP CRYPTOGRAM +TC [0-9A-F]{16}/);
  // Book 3 annex C6: ODA, cardholder verification, card risk management, issuer authentication (b5), terminal risk management, and
  // script processing (b3): the DDA card's issuer sends a script 72 with the approval (hosts/desktop/cards.ts)
  t.regex(out, /TSI +FC00/, "issuer authentication and script processing performed (TSI byte 1 bits 5 and 3)");
  // the card verified the emulator's ARPC at EXTERNAL AUTHENTICATE: TVR byte 5 b7 (issuer authentication failed) stays clear
  const tvrs = [...out.matchAll(/TVR +([0-9A-F]{10})/g)].map((m) => m[1]);
  t.true(tvrs.length > 0, "the chip receipt prints the TVR");
  for (const tvr of tvrs) t.is(tvr.slice(8), "00", `TVR ${tvr}: byte 5 has no issuer authentication failure`);
  t.regex(out, /chip: ATR_TIMEOUT\n {2}· terminal: chip failed \(ATR_TIMEOUT\), the stripe may be used/);
  t.regex(out, /terminal: card 555555\*\*\*\*\*\*4444 mastercard \(fallback\)/);
  t.regex(out, /│DECLINED {10}61│/);
  t.regex(out, /│DECLINED OFFLINE/);
  t.regex(out, /fault drop on 0200\n[\s\S]*REVERSAL QUEUED/);
  t.regex(out, /acquirer: reversal of XSPOS001:(\d{6}):\d+\n {2}◦ acquirer: XSPOS001 STAN \d{6} processing 00 → 00/, "the reversal reaches the host before the next sale");
  t.regex(out, /void of \d{6} STAN \d{6}: 00 approved/);
  t.regex(out, /refund 411111\*\*\*\*\*\*1111 STAN \d{6}: 00 approved/);
  t.regex(out, /batch 1 settled \(balanced\)/);
  t.regex(out, /│SALES 4 +HKD 302\.49│/);
  t.is((out.match(/│APPROVED/g) ?? []).length, 7, "three swipe sales, the chip sale, the fallback, the void, the refund");
  t.is((out.match(/▌ POS SALES SLIP/g) ?? []).length, 14, "two copies of each of the seven approvals");
  t.regex(out, /▌ CARD NO\. +476173\*\*\*\*\*\*0028/);
  noSecrets(t, out);
});

test.serial("the demo tour over the 4G modem driver and a virtual modem", async (t) => {
  t.timeout(300_000);
  const out = await sim(simDir(t), ["--demo", "--4g", "--fresh"]);
  t.regex(out, /modem: registered \(home\), -73 dBm/);
  t.is((out.match(/│APPROVED/g) ?? []).length, 7);
  t.regex(out, /0400 for STAN \d{6} delivered/);
});

test.serial("interactive commands from a pipe: keys, swipes, inserts, removal, paper out and in, a dropped answer, settlement; PIN digits shown as dots; refused inputs said so", async (t) => {
  t.timeout(300_000);
  const input = [
    "1250e", "s1", "w",
    "4000e", "s4", "1234e", "w",
    "s1", // nothing to pay: the terminal says it ignores the swipe
    "p", "800e", "i3", "w", "p", "w", "r", "r", "w",
    "15000e", "i2", "w", "1234e", "w", "r",
    "d", "2000e", "s1", "w", "w", "300e", "s3", "w",
    "i11", "t", "q",
  ].join("\n") + "\n";
  const out = await sim(simDir(t), ["--interactive", "--fresh"], input);
  t.regex(out, /the manager PIN is 9876; card PINs are 1234/, "the help names the simulator's PINs");
  noSecrets(t, out);
  t.regex(out, /the terminal is not asking for a card now: idle; it ignores the swipe/);
  t.regex(out, /> paper out[\s\S]*│PAPER OUT {11}│[\s\S]*> paper loaded[\s\S]*│APPROVED {5}AUTH Y1│/, "the signature card's offline approval waits for paper");
  t.regex(out, /\(no card in the reader\)/);
  t.regex(out, /terminal: chip completion approved/);
  t.regex(out, /> keys: • • • • ENTER/);
  t.regex(out, /the acquirer will not answer the next 0200 \(a sale, refund, void or completion\)/);
  t.regex(out, /REVERSAL QUEUED/);
  t.regex(out, /0400 for STAN \d{6} delivered/);
  t.regex(out, /not a command, or no such card: i##\)/);
  t.regex(out, /> end of day[\s\S]*batch \d+ settled/);
  t.is((out.match(/│APPROVED/g) ?? []).length, 5);
  t.notRegex(out, /✂ receipt\n(?! {2}▌)/, "no empty receipt: the cut the printer makes after paper-out prints nothing");
});

test.serial("--zh: the display and the receipts in Chinese (a GB18030 printer model), read back as text from the paper", async (t) => {
  t.timeout(300_000);
  const out = await sim(simDir(t), ["--demo", "--zh", "--fresh"]);
  t.is((out.match(/│交易成功/g) ?? []).length, 7);
  t.is((out.match(/▌ 签购单/g) ?? []).length, 14);
  t.regex(out, /│20\d\d年\d{1,2}月\d{1,2}日 \d\d:\d\d│/, "the idle screen's date and time in Chinese");
  noSecrets(t, out);
});

/** Output of a running simulator, and a way to wait for a line. */
function running(dir: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "hosts/desktop/run.ts", "--interactive", "--fresh"], { cwd: root, env: { ...process.env, XSPOS_SIM_DIR: dir }, detached: true });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  return {
    child,
    output: () => out,
    async until(pattern: RegExp): Promise<void> {
      for (let i = 0; i < 2400 && !pattern.test(out); i++) await new Promise((r) => setTimeout(r, 50));
    },
  };
}

test.serial("killed in the middle of a sale after the request left, the restarted simulator delivers the reversal at boot, before the next sale is keyed, from the same journal, keys, ledger and the emulator's session key", async (t) => {
  const dir = simDir(t);
  const first = running(dir);
  await first.until(/WELCOME/);
  first.child.stdin.write("4000e\ns4\n");
  await first.until(/ENTER PIN/);
  first.child.stdin.write("d\n1234e\n");
  await first.until(/fault drop on 0200/);
  // a power cut: the front end, the firmware and the emulator go at once
  process.kill(-first.child.pid!, "SIGKILL");
  await new Promise((r) => first.child.once("exit", r));
  const stan = /XSPOS001 STAN (\d{6}) processing 00 → 00\n {2}◦ acquirer: fault drop/.exec(first.output())?.[1];
  t.truthy(stan, "the emulator approved the sale whose answer it dropped");
  const before = JSON.parse(readFileSync(join(dir, "acquirer.json"), "utf8")) as { entries: { stan: string; reversed: boolean }[] };
  t.false(before.entries.find((e) => e.stan === stan)!.reversed);

  const out = await sim(dir, ["--interactive"], ["300e", "s3", "w", "q"].join("\n") + "\n");
  t.regex(out, /dukpt: ANSI X9\.24-1 test key set, next KSN FFFF9876543210E00002/, "the DUKPT counter survived: KSN 1 is never used again");
  t.notRegex(out, /keys: terminal master key and manager PIN digest provisioned/);
  const reversal = out.indexOf(`acquirer: reversal of XSPOS001:${stan}:`);
  const nextSale = out.search(/XSPOS001 STAN \d{6} processing 00/);
  t.true(reversal >= 0, "the emulator got the reversal");
  t.true(reversal < out.indexOf("> keys: 3 00 ENTER"), "at boot, before the next sale is keyed: the emulator kept the terminal's session MAC key");
  const delivered = out.search(/uplink: 0400 for STAN \d{6} delivered/);
  t.true(delivered >= 0 && delivered < out.indexOf("> keys: 3 00 ENTER"), "the terminal saw it answered at boot, not refused");
  t.true(nextSale > reversal, "before the next sale");
  const after = JSON.parse(readFileSync(join(dir, "acquirer.json"), "utf8")) as { entries: { stan: string; reversed: boolean }[]; balances: Record<string, number> };
  t.true(after.entries.find((e) => e.stan === stan)!.reversed, "the ledger, kept across the restart, shows the sale reversed");
  t.is(after.balances["4000056655665556"], 150_000, "the debit account has its money back");
  noSecrets(t, first.output() + out);
});
