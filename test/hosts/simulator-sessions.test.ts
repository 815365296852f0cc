/**
 * `make sim` across sessions and at its edges: a second run in the same
 * directory (ledger, counters, session keys and settled flags kept),
 * quitting with a sale's receipts still to print, the command line read
 * strictly, keys the terminal does not take, the chip checks shown, and
 * receipts dated by the real wall clock.
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { root, sim, simDir } from "../support/simulator-run.ts";


/** The DATE/TIME of every receipt, read as the local time the terminal printed, in ms. */
function receiptTimes(out: string): number[] {
  return [...out.matchAll(/▌ DATE\/TIME +(\d{4})\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d)/g)].map((m) => new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]).getTime());
}

test.serial("two demo tours in one directory both settle balanced, the second's RRNs and approval codes follow the first's, its accounts start full, its receipts dated in real time after the first's", async (t) => {
  t.timeout(300_000);
  const dir = simDir(t);
  const start = Math.floor(Date.now() / 1000) * 1000;
  const first = await sim(dir, ["--demo"]);
  const between = Date.now();
  const second = await sim(dir, ["--demo"]);
  const end = Date.now();
  t.regex(first, /batch 1 settled \(balanced\)/);
  t.regex(first, /│TOTALS BALANCED/);
  t.regex(second, /batch 2 settled \(balanced\)/, "the first run's settled flags were saved: the emulator's open batch is the second run's only");
  t.notRegex(second, /NOT BALANCED/);
  t.is((second.match(/│APPROVED/g) ?? []).length, 7, "the second tour's cards are not drained by the first");
  const rrns = (out: string) => [...out.matchAll(/▌ REF NO\. +(\d{12})/g)].map((m) => Number(m[1]));
  t.true(rrns(first).length > 0 && rrns(second).length > 0);
  t.true(Math.min(...rrns(second)) > Math.max(...rrns(first)), "the RRN counter carries on across sessions");
  const auth = (out: string) => [...out.matchAll(/│APPROVED AUTH (\d{6})│/g)].map((m) => m[1]);
  t.is(new Set([...auth(first), ...auth(second)]).size, auth(first).length + auth(second).length, "no approval code given twice");
  const saved = JSON.parse(readFileSync(join(dir, "acquirer.json"), "utf8")) as { entries: { settled: boolean; responseCode: string; kind: string; reversed: boolean; voided: boolean }[]; session: { rrn: number } };
  const booked = saved.entries.filter((e) => e.responseCode === "00" && (e.kind === "sale" || e.kind === "refund") && !e.reversed && !e.voided);
  t.true(booked.length >= 10 && booked.every((e) => e.settled), "acquirer.json holds the settled flags of both batches");
  t.is(saved.session.rrn, Math.max(...rrns(second)));
  const a = receiptTimes(first);
  const b = receiptTimes(second);
  t.true(a.length >= 14 && b.length >= 14);
  t.true(Math.min(...a) >= start - 1000 && Math.max(...a) <= between + 1000, "the first run's receipts dated within its real run");
  t.true(Math.min(...b) >= Math.max(...a) && Math.max(...b) <= end + 1000, "the second run's receipts neither before the first's settlement nor in the future");
});

test.serial("the demo shows the emulator's ARQC check and ARPC, and TVR byte 5 of each chip receipt", async (t) => {
  t.timeout(300_000);
  const out = await sim(simDir(t), ["--demo"]);
  t.regex(out, /◦ acquirer: ARQC ok \(the card's issuer keys\), ARPC method [12] sent/);
  t.regex(out, /▌ TVR +[0-9A-F]{8}00\n[\s\S]*?\(TVR byte 5 = 00: issuer authentication passed or not performed, no script failed\)/);
});

test.serial("q right after an approval waits for the terminal to go idle: both copies of the receipt print before the simulator closes", async (t) => {
  t.timeout(300_000);
  const out = await sim(simDir(t), ["--interactive"], "1250e\ns1\nq\n");
  t.regex(out, /│APPROVED/);
  t.is((out.match(/▌ POS SALES SLIP/g) ?? []).length, 2, "merchant and customer copies");
  t.regex(out, /▌ CUSTOMER COPY[\s\S]*XS computation for the session/);
});

test.serial("end of input after an approval waits too: the receipts print", async (t) => {
  t.timeout(300_000);
  const out = await sim(simDir(t), ["--interactive"], "1250e\ns1\n");
  t.is((out.match(/▌ POS SALES SLIP/g) ?? []).length, 2);
});

test.serial("keys pressed while the display says USE CHIP READER get a line saying the terminal ignores them; the help says t types the manager PIN", async (t) => {
  t.timeout(300_000);
  const out = await sim(simDir(t), ["--interactive"], "9999e\ns2\n5\nk\nq\n");
  t.regex(out, /t +settle the batch: presses MENU 5 and types the manager PIN itself/);
  t.regex(out, /│USE CHIP READER +│\n[\s\S]*> keys: 5\n {2}\(the terminal does not take 5 now: present-card; it ignores it\)/);
  t.regex(out, /> keys: CANCEL\n {2}· terminal: cancelled/);
});

test.serial("the command line is read strictly: --help prints the usage of every option (exit 0), an unknown option is refused with a message and exit 2", async (t) => {
  t.timeout(300_000);
  const run = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", "hosts/desktop/run.ts", ...args], { cwd: root, encoding: "utf8", timeout: 60_000, env: { ...process.env, XSPOS_SIM_DIR: join(tmpdir(), "xspos-sim-never-made") } });
  const help = run("--help");
  t.is(help.status, 0);
  for (const o of ["--demo", "--interactive", "--verbose", "--4g", "--zh", "--fresh", "--help"]) t.true(help.stdout.includes(`  ${o} `), o);
  const bad = run("--demo", "--vebrose");
  t.is(bad.status, 2);
  t.regex(bad.stderr, /xspos simulator: unknown option "--vebrose"/);
  t.is(bad.stdout, "", "nothing started");
  const both = run("--demo", "--interactive");
  t.is(both.status, 2);
  t.regex(both.stderr, /--demo and --interactive exclude each other/);
});
