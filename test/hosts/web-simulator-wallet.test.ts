/**
 * `make sim`'s web mode, over HTTP without a browser: the wallet's chip
 * cards for the cardholder verifications the other suites do not sale
 * with — offline enciphered PIN (test/emv/cards/offline-enciphered-pin)
 * and no CVM (test/emv/cards/no-cvm) — each approved online by the
 * acquirer emulator on the account the simulator opens for its PAN.
 */
import test from "ava";
import { CHIP_CARDS } from "../../hosts/desktop/cards.ts";
import { simDir, webSim, type WebEvent, type WebRun } from "../support/simulator-run.ts";

const isState = (state: string) => (e: WebEvent) => e.type === "state" && e.state === state;

async function keys(t: { is(a: unknown, b: unknown, m?: string): void }, sim: WebRun, ...list: string[]): Promise<void> {
  for (const key of list) t.is((await sim.input({ key })).status, 200, `key ${key.replace(/[0-9]/g, "#")} taken`);
}

const ENCIPHERED = CHIP_CARDS.findIndex((c) => c.profile === "offline-enciphered-pin");
const NO_CVM = CHIP_CARDS.findIndex((c) => c.profile === "no-cvm");
const BLOCKED_CARD = CHIP_CARDS.findIndex((c) => c.set?.blocked === true);

test.serial("the offline enciphered PIN card: GET CHALLENGE, then VERIFY P2 = 88 with its data hidden in the trace, approved online with PIN VERIFIED on the receipt; the no-CVM card: no PIN asked, no VERIFY, approved with neither PIN VERIFIED nor a signature line", async (t) => {
  t.timeout(300_000);
  t.true(ENCIPHERED >= 0 && NO_CVM >= 0, "both cards are in the wallet");
  const sim = await webSim(t, simDir(t));
  await sim.until((e) => (e.type === "snapshot" && e.state === "idle") || isState("idle")(e), 0, 90_000);

  // offline enciphered PIN, HKD 120.00
  await keys(t, sim, "1", "2", "0", "0", "0", "ENTER");
  await sim.until(isState("present-card"));
  let from = sim.events.length;
  t.is((await sim.input({ insert: ENCIPHERED })).status, 200);
  await sim.until(isState("pin"), from, 60_000);
  await keys(t, sim, "1", "2", "3", "4", "ENTER");
  let receipt = await sim.until((e) => e.type === "receipt", from, 90_000);
  let toCard = sim.events.slice(from).filter((e) => e.type === "trace" && e.kind === "apdu" && e.dir === "to-card").map((e) => String(e.text));
  const challenge = toCard.findIndex((c) => c.startsWith("00840000"));
  const verify = toCard.findIndex((c) => c.startsWith("00200088"));
  t.true(challenge >= 0 && verify > challenge, `GET CHALLENGE, then VERIFY of an enciphered PIN: ${toCard.join(" | ")}`);
  t.regex(toCard[verify], /^00200088 [0-9A-F]{2} \(\d+ bytes of PIN data hidden\)$/);
  let text = (receipt.lines as string[]).join("\n");
  t.regex(text, /^AMOUNT +HKD 120\.00$/m);
  t.regex(text, /476173\*{6}0044/);
  t.regex(text, /^PIN VERIFIED$/m);
  t.is((await sim.input({ remove: true })).status, 200);
  await sim.until(isState("idle"), from, 60_000);

  // no CVM, HKD 80.00 (above the card's offline limit of 50.00: online)
  await keys(t, sim, "8", "0", "0", "0", "ENTER");
  await sim.until(isState("present-card"));
  from = sim.events.length;
  t.is((await sim.input({ insert: NO_CVM })).status, 200);
  receipt = await sim.until((e) => e.type === "receipt", from, 90_000);
  t.false(sim.events.slice(from).some(isState("pin")), "no PIN asked");
  toCard = sim.events.slice(from).filter((e) => e.type === "trace" && e.kind === "apdu" && e.dir === "to-card").map((e) => String(e.text));
  t.false(toCard.some((c) => c.startsWith("0020")), "no VERIFY");
  t.true(sim.events.slice(from).some((e) => e.type === "trace" && e.kind === "iso8583" && e.dir === "to-host" && /^0200 /.test(String(e.text))), "authorized online");
  text = (receipt.lines as string[]).join("\n");
  t.regex(text, /^AMOUNT +HKD 80\.00$/m);
  t.regex(text, /476173\*{6}0143/);
  t.notRegex(text, /PIN VERIFIED/);
  t.notRegex(text, /SIGNATURE|X_{4,}/);
  t.is((await sim.input({ remove: true })).status, 200);
  t.is(await sim.stop(), 0);
});

test.serial("the blocked card: SELECT of the PSE answered 6A81, the terminal ends the transaction in application selection without offering the stripe (EMV 4.4 Book 1 §12.3.2), shows CARD BLOCKED, sends nothing to the acquirer and prints nothing", async (t) => {
  t.timeout(240_000);
  t.true(BLOCKED_CARD >= 0, "the blocked card is in the wallet");
  const sim = await webSim(t, simDir(t));
  await sim.until((e) => (e.type === "snapshot" && e.state === "idle") || isState("idle")(e), 0, 90_000);
  await keys(t, sim, "1", "0", "0", "0", "ENTER");
  await sim.until(isState("present-card"));
  const from = sim.events.length;
  t.is((await sim.input({ insert: BLOCKED_CARD })).status, 200);
  await sim.until((e) => e.type === "log" && e.text === "terminal: chip end-application", from, 60_000);
  await sim.until(isState("remove-card"), from, 60_000);
  const apdus = sim.events.slice(from).filter((e) => e.type === "trace" && e.kind === "apdu").map((e) => `${String(e.dir)} ${String(e.text)}`);
  t.regex(apdus[0] ?? "", /^to-card 00A40400 0E 315041592E5359532E4444463031/, `SELECT of 1PAY.SYS.DDF01 first: ${apdus.join(" | ")}`);
  t.is(apdus[1], "from-card 6A81", "the card answers: function not supported, the card is blocked");
  t.is(apdus.length, 2, "nothing more is sent to the card");
  const after = sim.events.slice(from);
  t.false(after.some((e) => e.type === "display" && (e.lines as string[]).some((l) => l.includes("USE MAG STRIPE"))), "no fallback to the stripe");
  t.true(after.some((e) => e.type === "display" && (e.lines as string[]).some((l) => l.trim() === "CARD BLOCKED")), "the display says the card is blocked");
  t.false(after.some((e) => e.type === "trace" && e.kind === "iso8583"), "nothing to the acquirer");
  t.false(after.some((e) => e.type === "receipt"), "no receipt");
  t.is((await sim.input({ remove: true })).status, 200);
  await sim.until(isState("idle"), from, 60_000);
  t.is(await sim.stop(), 0);
});
