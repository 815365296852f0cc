/**
 * The terminal application's chip path: the EMV kernel on a test card
 * (test/support/emv-card.ts), the loopback acquirer, and what happens to
 * the journal when the card or the host fails at each step.
 */
import test from "ava";
import { fromHex } from "../../../modules/core/hex.ts";
import { bytes, text } from "../../../modules/iso8583/message.ts";
import { testCard } from "../emv/kernel/test-cards.ts";
import { adfFci } from "../../support/emv-card.ts";
import { aidEntry, kernelConfig } from "../../support/emv-config.ts";
import { rig, STRIPE_CHIP } from "./terminal-harness.ts";
import { MENU_ITEMS } from "../../../modules/terminal/terminal.ts";

test("a chip sale: ARQC online (DE55, entry 051, PAN sequence in DE23), the host approves, second GENERATE AC gives a TC, the journal completes it", async (t) => {
  const r = await rig();
  const card = testCard();
  r.type("20000");
  r.press("ENTER");
  r.insert(card);
  await r.until("remove-card");
  const sale = r.host.seen.find((m) => m.mti === "0200")!;
  t.is(text(sale, 22), "051");
  t.is(text(sale, 23), "001");
  t.truthy(bytes(sale, 55)?.length);
  t.is(card.commands.filter((c) => c.startsWith("80AE")).length, 2);
  t.true(card.commands.some((c) => c.startsWith("0082")), "EXTERNAL AUTHENTICATE with the host's 91");
  t.like(r.terminal.journal.transactions()[0], { kind: "sale", state: "completed", entry: "chip", truncatedPan: "541333******0011" });
  const job = r.receipts.jobs[0];
  if (job.kind !== "transaction") return t.fail();
  t.like(job.transaction, { entryMode: "chip", chip: { aid: "A0000000041010", cryptogramType: "TC" } });
  t.is(r.display.last?.id, "REMOVE_CARD");
  card.remove();
  r.terminal.handle({ type: "card-removed" });
  t.is(r.terminal.state, "idle");
});

test("the card declines at the second GENERATE AC after the host approved: the approval is reversed (0400), nothing counts", async (t) => {
  const r = await rig();
  const card = testCard({ profile: { generateAc: (p1, _d, n) => `8012${n === 0 ? "80" : "00"}000${n + 1}A1A2A3A4A5A6A7A806010A03A000009000` } });
  r.type("20000");
  r.press("ENTER");
  r.insert(card);
  await r.idle();
  t.deepEqual(r.host.mtis(), ["0800", "0200", "0400"]);
  t.like(r.terminal.journal.transactions()[0], { state: "reversed" });
  t.true(r.display.shown.some((m) => m.id === "DECLINED" && m.responseCode === "Z3"));
  t.is(r.host.owed().count, 0);
});

test("the card is pulled out at the second GENERATE AC after the host approved: CARD_REMOVED and a reversal", async (t) => {
  const r = await rig();
  const card = testCard();
  let acs = 0;
  card.removeOn((c) => c.ins === 0xae && ++acs === 2);
  r.type("20000");
  r.press("ENTER");
  r.insert(card);
  await r.idle();
  t.deepEqual(r.host.mtis(), ["0800", "0200", "0400"]);
  t.like(r.terminal.journal.transactions()[0], { state: "reversed" });
  t.true(r.display.ids().includes("CARD_REMOVED"));
});

test("the card is pulled out before GENERATE AC: CARD_REMOVED, nothing sent", async (t) => {
  const r = await rig();
  const card = testCard();
  card.removeOn((c) => c.ins === 0xae);
  r.type("20000");
  r.press("ENTER");
  r.insert(card);
  await r.idle();
  t.deepEqual(r.host.mtis(), ["0800"]);
  t.true(r.display.ids().includes("CARD_REMOVED"));
});

test("a chip refund: the card gives its AAC by design, the refund goes online with the chip data and counts as a credit", async (t) => {
  const r = await rig();
  r.press("MENU", "4");
  r.type("3000");
  r.press("ENTER");
  const card = testCard();
  r.insert(card);
  await r.until("remove-card");
  const refund = r.host.seen.find((m) => m.mti === "0200")!;
  t.is(text(refund, 3), "200000");
  t.is(text(refund, 22), "051");
  t.truthy(bytes(refund, 55));
  t.like(r.terminal.journal.totals(), { credits: 1, creditsMinor: 3000 });
});

test("a chip balance inquiry: forced online, the balance from the host on screen", async (t) => {
  const r = await rig();
  r.press("MENU", "2");
  const card = testCard({ aip: "1C00" });
  r.insert(card);
  await r.until("remove-card");
  t.is(text(r.host.seen.find((m) => m.mti === "0200")!, 3), "310000");
  t.true(r.display.shown.some((m) => m.id === "BALANCE" && m.balance.minor === 123456));
});

test("the host declines a chip sale: the card gets an AAC, DECLINED with the host's code", async (t) => {
  const r = await rig();
  const card = testCard();
  r.type("20051");
  r.press("ENTER");
  r.insert(card);
  await r.idle();
  t.like(r.terminal.journal.transactions()[0], { state: "declined" });
  t.true(r.display.shown.some((m) => m.id === "DECLINED" && m.responseCode === "51"));
  const second = card.commands.filter((c) => c.startsWith("80AE"))[1];
  t.true(second.startsWith("80AE00"), "second GENERATE AC asks for an AAC");
});

test("the host does not answer a chip sale: the kernel completes unable to go online, a reversal is queued", async (t) => {
  const r = await rig();
  r.host.state.silent = true;
  const card = testCard();
  r.type("20000");
  r.press("ENTER");
  r.insert(card);
  await r.idle();
  t.true(r.display.shown.some((m) => m.id === "NO_RESPONSE" && m.reversalQueued));
  t.is(r.terminal.journal.pending().length, 1);
});

test("a chip that fails before an application is chosen lets the stripe be used, marked fallback (DE22 801)", async (t) => {
  const r = await rig();
  const card = testCard({ profile: { override: () => "6D00" } });
  r.type("1000");
  r.press("ENTER");
  r.insert(card);
  await r.run(10);
  t.is(r.display.last?.id, "FALLBACK_SWIPE");
  r.terminal.handle({ type: "swipe", tracks: STRIPE_CHIP });
  await r.idle();
  const sale = r.host.seen.find((m) => m.mti === "0200")!;
  t.is(text(sale, 22), "801");
  t.like(r.terminal.journal.transactions()[0], { entry: "fallback", state: "completed" });
});

test("a chip that gives no ATR (chip-error from the slot): fallback to the stripe", async (t) => {
  const r = await rig();
  r.type("1000");
  r.press("ENTER");
  r.terminal.handle({ type: "chip-error", code: "ATR_TIMEOUT" });
  t.is(r.display.last?.id, "FALLBACK_SWIPE");
  r.terminal.handle({ type: "swipe", tracks: STRIPE_CHIP });
  await r.idle();
  t.is(text(r.host.seen.find((m) => m.mti === "0200")!, 22), "801");
});

test("online PIN on the chip: the cardholder's PIN becomes a DUKPT block under the card's PAN, sent in DE52 with the KSN", async (t) => {
  const r = await rig();
  const card = testCard({ cvmList: "00000000000000000200" });
  r.type("20000");
  r.press("ENTER");
  r.insert(card);
  await r.run(10);
  t.is(r.terminal.state, "pin");
  r.type("2580");
  r.press("ENTER");
  await r.idle();
  const sale = r.host.seen.find((m) => m.mti === "0200")!;
  t.is(bytes(sale, 52)?.length, 8);
  t.is(text(sale, 62), "FFFF9876543210E00001");
  t.like(r.terminal.journal.transactions()[0], { state: "completed" });
  t.false(JSON.stringify(r.display.shown).includes("2580"));
  const seen = JSON.stringify(r.display.shown) + r.log.lines.join("\n") + JSON.stringify(r.receipts.jobs);
  t.false(seen.includes("5413330089020011"), "no full PAN on screen, in the log or on the receipts");
  t.false(seen.includes("2580"), "no PIN digit anywhere");
});

test("offline plaintext PIN on the chip: the PIN session's format 2 block goes to the card in VERIFY", async (t) => {
  const r = await rig();
  const card = testCard({ cvmList: "00000000000000000100", profile: { pin: "2580" } });
  r.type("20000");
  r.press("ENTER");
  r.insert(card);
  await r.run(10);
  t.is(r.terminal.state, "pin");
  r.type("2580");
  r.press("ENTER");
  await r.idle();
  const verify = card.commands.find((c) => c.startsWith("0020"))!;
  t.is(verify, "0020008008" + "242580FFFFFFFFFF");
  t.like(r.terminal.journal.transactions()[0], { state: "completed" });
  const job = r.receipts.jobs[0];
  if (job.kind === "transaction") t.is(job.transaction.cvm, "pin");
});

test("cancel during PIN entry on the chip: the kernel ends cancelled, nothing sent", async (t) => {
  const r = await rig();
  const card = testCard({ cvmList: "00000000000000000200" });
  r.type("20000");
  r.press("ENTER");
  r.insert(card);
  await r.run(10);
  r.press("CANCEL");
  await r.idle();
  t.deepEqual(r.host.mtis(), ["0800"]);
  t.true(r.display.ids().includes("CANCELLED"));
  t.false(r.display.ids().includes("TIMEOUT"));
  void fromHex;
});

/** A card with two applications the terminal supports (Mastercard credit and Maestro), neither needing confirmation. */
function twoApplications() {
  return testCard({
    profile: { applications: [{ fci: adfFci("A0000000041010", "MASTERCARD") }, { fci: adfFci("A0000000043060", "MAESTRO") }] },
  });
}

function twoAidConfig() {
  return kernelConfig([aidEntry("A0000000041010"), aidEntry("A0000000043060")]);
}

test("Book 1 §12.4: two applications: the cardholder chooses the second by its number, the transaction runs on it", async (t) => {
  const r = await rig({ config: twoAidConfig() });
  const card = twoApplications();
  r.type("20000");
  r.press("ENTER");
  r.insert(card);
  await r.until("application");
  t.deepEqual(r.display.last, { id: "SELECT_APPLICATION", labels: ["MASTERCARD", "MAESTRO"] });
  r.press("2");
  await r.until("remove-card");
  t.true(card.commands.some((c) => c.startsWith("00A40400") && c.includes("A0000000043060")));
  t.like(r.terminal.journal.transactions()[0], { state: "completed" });
});

const CHOICE_ENDS = { CANCEL: "CANCELLED", "time-out": "TIMEOUT", "card removed": "CARD_REMOVED" } as const;
for (const how of ["CANCEL", "time-out", "card removed"] as const) {
  test(`application choice ended by ${how}: the kernel ends, nothing is sent, ${CHOICE_ENDS[how]} shown and neither of the others`, async (t) => {
    const r = await rig({ config: twoAidConfig() });
    const card = twoApplications();
    r.type("20000");
    r.press("ENTER");
    r.insert(card);
    await r.until("application");
    if (how === "CANCEL") r.press("CANCEL");
    else if (how === "time-out") await r.run(30_000);
    else {
      card.remove();
      r.terminal.handle({ type: "card-removed" });
    }
    await r.idle();
    t.deepEqual(r.host.mtis(), ["0800"]);
    const ids = r.display.ids();
    t.true(ids.includes(CHOICE_ENDS[how]), ids.join(" "));
    for (const other of Object.values(CHOICE_ENDS).filter((x) => x !== CHOICE_ENDS[how])) t.false(ids.includes(other), ids.join(" "));
  });
}

/** A chip sale of 200.00 from idle to its PIN prompt, on a card whose CVM list asks for the PIN online. */
async function atOnlinePin() {
  const r = await rig();
  const card = testCard({ cvmList: "00000000000000000200" });
  r.type("20000");
  r.press("ENTER");
  r.insert(card);
  await r.until("pin");
  return { r, card };
}

test("PIN entry on the chip timed out (the PIN session's 30 s for the first digit): the kernel ends timed out, TIMEOUT and no CANCELLED, nothing sent", async (t) => {
  const { r } = await atOnlinePin();
  await r.run(30_000);
  await r.idle();
  t.deepEqual(r.host.mtis(), ["0800"]);
  const ids = r.display.ids();
  t.true(ids.includes("TIMEOUT"), ids.join(" "));
  t.false(ids.includes("CANCELLED"), ids.join(" "));
});

test("the card is pulled out during PIN entry: the entry ends, the transaction ends, nothing is sent", async (t) => {
  const { r, card } = await atOnlinePin();
  r.type("12");
  card.remove();
  r.terminal.handle({ type: "card-removed" });
  await r.idle();
  t.deepEqual(r.host.mtis(), ["0800"]);
});

test("a chip sale cut by power at every flash write: the reboot's recovery reverses what was not completed, the settled totals equal the acquirer's ledger", async (t) => {
  const probe = await rig();
  const before = probe.flash.operations;
  probe.type("20000");
  probe.press("ENTER");
  probe.insert(testCard());
  await probe.until("remove-card");
  const ops = probe.flash.operations - before;
  // the transaction's two records (the answer held until the card's TC completes it with its advice and the receipt's data), then one print-job record per copy printed, which a reboot finishes
  t.is(ops, 4, "intent, answered with completion, TC advice and receipt data, merchant copy done, customer copy done");
  for (let op = 1; op <= 2; op++) {
    const r = await rig();
    r.flash.cutPowerAt(r.flash.operations + op);
    r.type("20000");
    r.press("ENTER");
    r.insert(testCard());
    t.is(await r.idle(), "halted", `cut at write ${op}`);
    r.terminal.close();
    const again = await rig({ flash: r.flash.reboot(), keys: r.keys, store: r.store, host: r.host });
    t.is(again.terminal.journal.pending().length, 0);
    t.notRegex(again.terminal.journal.transactions()[0]?.state ?? "none", /approved|sent|intended|completed/, `cut at write ${op}: nothing left half-done or counted`);
    again.press("MENU", "5");
    await again.idle();
    const settled = r.host.state.settled.at(-1)!;
    t.is(Number(text(settled, 76)), r.host.owed().count, `cut at write ${op}`);
    t.is(r.host.owed().count, 0, `cut at write ${op}: the host's approval, if any, was reversed`);
  }
});

test("CANCEL while a chip sale is online: the card gets an AAC, the host's approval is reversed", async (t) => {
  const r = await rig();
  const card = testCard();
  r.type("20000");
  r.press("ENTER");
  r.insert(card);
  await r.until("online");
  r.press("CANCEL");
  await r.idle();
  t.deepEqual(r.host.mtis(), ["0800", "0200", "0400"]);
  t.like(r.terminal.journal.transactions()[0], { state: "reversed" });
  t.true(r.display.ids().includes("CANCELLED"));
});

test("CANCEL while the card is read (processing): the kernel runs to its outcome, then nothing goes to the host", async (t) => {
  const r = await rig();
  const card = testCard();
  r.type("20000");
  r.press("ENTER");
  r.insert(card);
  t.is(r.terminal.state, "processing");
  r.press("CANCEL");
  await r.idle();
  t.deepEqual(r.host.mtis(), ["0800"]);
  t.is(r.terminal.journal.transactions().length, 0);
  t.true(r.display.ids().includes("CANCELLED"));
});

test("the card inserted first, at idle: a sale starts at the amount, and the chip runs as soon as the amount is entered", async (t) => {
  const r = await rig();
  const card = testCard();
  r.insert(card);
  t.is(r.terminal.state, "amount");
  r.type("20000");
  r.press("ENTER");
  await r.until("remove-card");
  t.like(r.terminal.journal.transactions()[0], { entry: "chip", state: "completed", amountMinor: 20000 });
});

test("the card inserted at idle and taken out before the amount is entered: the terminal asks for a card", async (t) => {
  const r = await rig();
  const card = testCard();
  r.insert(card);
  r.type("1000");
  card.remove();
  r.terminal.handle({ type: "card-removed" });
  r.press("ENTER");
  t.like(r.display.last, { id: "PRESENT_CARD", amount: { minor: 1000 } });
});

/** The menu key of PRE-AUTH. */
const PREAUTH_KEY = String(MENU_ITEMS.indexOf("PREAUTH") + 1) as "8";

test("a chip pre-auth: forced online, 0100 processing 03 DE25 06 with DE55; the second GENERATE AC's TC opens the hold, nothing counts in the batch", async (t) => {
  const r = await rig();
  const card = testCard();
  r.press("MENU", PREAUTH_KEY);
  r.type("20000");
  r.press("ENTER");
  r.insert(card);
  await r.until("remove-card");
  const m = r.host.seen.find((x) => x.mti === "0100")!;
  t.is(text(m, 3), "030000");
  t.is(text(m, 25), "06");
  t.is(text(m, 22), "051");
  t.truthy(bytes(m, 55)?.length);
  t.is(card.commands.filter((c) => c.startsWith("80AE")).length, 2);
  t.like(r.terminal.journal.transactions()[0], { kind: "preauth", state: "completed", entry: "chip" });
  t.deepEqual(r.terminal.journal.openHolds().map((h) => h.amountMinor), [20000]);
  t.is(r.terminal.journal.totals().debits, 0);
});

test("a chip pre-auth the card declines after the host approved: the hold is reversed (0400), none stays open", async (t) => {
  const r = await rig();
  const card = testCard({ profile: { generateAc: (p1, _d, n) => `8012${n === 0 ? "80" : "00"}000${n + 1}A1A2A3A4A5A6A7A806010A03A000009000` } });
  r.press("MENU", PREAUTH_KEY);
  r.type("20000");
  r.press("ENTER");
  r.insert(card);
  await r.idle();
  t.deepEqual(r.host.mtis(), ["0800", "0100", "0400"]);
  t.is(text(r.host.seen[2], 25), "06");
  t.like(r.terminal.journal.transactions()[0], { kind: "preauth", state: "reversed" });
  t.deepEqual(r.terminal.journal.openHolds(), []);
});
