/**
 * `make sim`'s web mode, over HTTP without a browser: the wallet's DDA
 * card, whose issuer sends an issuer script (template 72, APPLICATION
 * UNBLOCK under the card's MAC keys, Book 3 §10.10) with its approval.
 * The script reaches the card after the final GENERATE AC, and its result
 * (9F5B) reaches the acquirer emulator in a 0620, sent before the next
 * financial message. The terminal runs on XS in real time.
 */
import test from "ava";
import { simDir, webSim, type WebEvent, type WebRun } from "../support/simulator-run.ts";
import { CHIP_CARDS } from "../../hosts/desktop/cards.ts";

const isState = (state: string) => (e: WebEvent) => e.type === "state" && e.state === state;

async function keys(t: { is(a: unknown, b: unknown, m?: string): void }, sim: WebRun, ...list: string[]): Promise<void> {
  for (const key of list) t.is((await sim.input({ key })).status, 200, `key ${key.replace(/[0-9]/g, "#")} taken`);
}

const DDA = CHIP_CARDS.findIndex((c) => c.profile === "dda");

test("the wallet's card whose issuer sends a script is the DDA card, labelled as the README's first payment names it, with a template 72 APPLICATION UNBLOCK", (t) => {
  t.true(DDA >= 0);
  t.deepEqual(CHIP_CARDS[DDA].issuerScripts, [{ template: "72", id: "00000001", commands: [{ command: "applicationUnblock" }] }]);
  t.is(CHIP_CARDS[DDA].label, "Visa DDA, online PIN");
  t.is(CHIP_CARDS.filter((c) => c.issuerScripts).length, 1, "one card only: the others' sales are as before");
});

test.serial("a DDA chip sale approved online: its card I/O a quarter of its bound (PPS to D = 4), the trace shows the first GENERATE AC, then the 0200, then the 0210; the issuer's script 72 goes to the card (CLA 84, APPLICATION UNBLOCK with its MAC) after the second GENERATE AC, and its result 9F5B reaches the emulator in a 0620 before the next sale", async (t) => {
  t.timeout(240_000);
  const sim = await webSim(t, simDir(t));
  await sim.until((e) => (e.type === "snapshot" && e.state === "idle") || isState("idle")(e), 0, 90_000);
  await keys(t, sim, "3", "0", "0", "0", "ENTER");
  await sim.until(isState("present-card"));
  const from = sim.events.length;
  t.is((await sim.input({ insert: DDA })).status, 200);
  await sim.until(isState("pin"), from, 60_000);
  await keys(t, sim, "1", "2", "3", "4", "ENTER");
  await sim.until((e) => e.type === "receipt", from, 90_000);
  const toCard = sim.events.slice(from).filter((e) => e.type === "trace" && e.kind === "apdu" && e.dir === "to-card").map((e) => String(e.text));
  const secondAc = toCard.map((c) => c.startsWith("80AE")).lastIndexOf(true);
  const script = toCard.findIndex((c) => c.startsWith("84180000"));
  t.true(secondAc > 0 && script > secondAc, `APPLICATION UNBLOCK after the final GENERATE AC: ${toCard.join(" | ")}`);
  // the trace in the order things happened: the 0200 carrying the ARQC after the first GENERATE AC that made it, its 0210 after the 0200
  const order = sim.events.slice(from).filter((e) => e.type === "trace").map((e) => `${String(e.kind)} ${String(e.dir ?? "")} ${String(e.text)}`);
  const firstAc = order.findIndex((l) => l.startsWith("apdu to-card 80AE"));
  const request = order.findIndex((l) => /^iso8583 to-host 0200 /.test(l));
  const answer = order.findIndex((l) => /^iso8583 from-host 0210 /.test(l));
  t.true(firstAc >= 0 && request > firstAc && answer > request, `GENERATE AC at ${firstAc}, 0200 at ${request}, 0210 at ${answer}`);
  // the card's ATR offers TA1 = 13 (Fi 372, Di 4), the slot's PPS takes it: each character a quarter of its time before PPS
  const time = sim.events.slice(from).filter((e) => e.type === "deviceTime").pop() as unknown as { cardIoMs: number; cardIoBoundMs: number };
  t.true(time.cardIoMs > 0, "the card line's time");
  t.true(Math.abs(time.cardIoBoundMs / time.cardIoMs - 4) < 0.05, `card I/O ${time.cardIoMs} ms at D = 4 against its bound ${time.cardIoBoundMs} ms at D = 1`);
  t.is((await sim.input({ remove: true })).status, 200);
  await sim.until(isState("idle"), from, 90_000);
  // the chip sale's advices (0320 TC upload, 0620 script results) go before the next financial message: a swiped sale
  const next = sim.events.length;
  await keys(t, sim, "1", "0", "0", "0", "ENTER");
  await sim.until(isState("present-card"), next);
  t.is((await sim.input({ swipe: 0 })).status, 200);
  // the card answered 9000 (its profile's applicationUnblock) and the terminal reports the script processed: 9F5B 2x .. 00000001 (Book 3 annex A5)
  const advice = await sim.until((e) => e.type === "trace" && e.kind === "log" && /acquirer: scriptResult of XSPOS001 STAN \d{6} recorded/.test(String(e.text)), from, 90_000);
  t.regex(String(advice.text), /script results 2\d00000001/);
  t.true(sim.events.slice(from).some((e) => e.type === "trace" && e.kind === "iso8583" && e.dir === "to-host" && /^0620 /.test(String(e.text))), "the 0620 on the uplink trace");
  t.is(await sim.stop(), 0);
});
