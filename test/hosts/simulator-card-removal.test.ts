/**
 * The text simulator (hosts/desktop: the firmware on XS, its drivers
 * wired by modules/terminal DeviceEvents): a card inserted while the
 * amount is keyed and removed before ENTER is forgotten, and the
 * terminal asks for a card rather than reading the slot or offering the
 * stripe; then the printer's paper runs out and comes back through the
 * same wiring, and the card's removal after the sale reaches the
 * terminal through the slot's presence line.
 */
import test from "ava";
import { sim, simDir } from "../support/simulator-run.ts";

/** What the simulator printed from `> <command>` (its n-th occurrence) up to the next command. */
function section(out: string, command: string, n = 0): string {
  let at = -1;
  for (let i = 0; i <= n; i++) at = out.indexOf(`> ${command}`, at + 1);
  if (at < 0) return "";
  const next = out.indexOf("\n> ", at + 1);
  return out.slice(at, next < 0 ? undefined : next);
}

test.serial("7, i10 (the blocked card), r, 00e: the terminal asks to insert or swipe, reads nothing and offers no fallback; paper out and in, i3: approved; r: idle", async (t) => {
  t.timeout(300_000);
  const input = ["7", "i10", "r", "00e", "p", "i3", "w", "p", "w", "r", "w", "q"].join("\n") + "\n";
  const out = await sim(simDir(t), ["--interactive", "--fresh"], input);
  t.regex(section(out, "insert: Visa, blocked card"), /chip: ATR 3B[0-9A-F]+, T=0, 9600 bit\/s/, "the slot activated the card while the amount was keyed");
  t.regex(section(out, "remove the card"), /terminal: the card was taken out at amount, before it was read/);
  const entered = section(out, "keys: 00 ENTER");
  t.regex(entered, /│ +HKD 7\.00│\n {2}│INSERT OR SWIPE CARD│/, "the terminal asks for a card for HKD 7.00");
  t.notRegex(out, /chip failed|USE MAG STRIPE|terminal: chip end-application/, "no chip read of the card that left, no fallback");
  t.regex(out, /> paper out[\s\S]*│PAPER OUT {11}│[\s\S]*> paper loaded[\s\S]*│APPROVED {5}AUTH Y1│/, "the signature card's sale waits for paper, then prints and is approved");
  t.regex(section(out, "remove the card", 1), /│ +WELCOME +│/, "the removal after the sale brings the terminal back to idle");
});
