/**
 * The terminal application end to end: the real drivers over the
 * simulator's virtual devices (key matrix, stripe heads, chip card in a
 * slot, ESC/POS printer), the journal on a memory flash, and the acquirer
 * emulator over real sockets on 127.0.0.1. After each flow the
 * emulator's ledger says what money moved.
 */
import test from "ava";
import { CHIP, CHIP_PIN, DEBIT, VISA, device, menu } from "./terminal-device.ts";


test.serial("a swiped sale typed on the key matrix, read by the stripe heads, approved by the emulator, printed on the ESC/POS printer", async (t) => {
  const d = await device();
  try {
    t.is(d.terminal.state, "idle");
    await d.type("1250");
    await d.press("ENTER");
    t.like(d.shown.at(-1), { id: "PRESENT_CARD", amount: { minor: 1250 } });
    await d.swipe(`${VISA}=30121011234567890`);
    await d.until("idle");
    t.true(d.shown.some((m) => m.id === "APPROVED"));
    t.is(d.acquirer.ledger.net(VISA), 1250);
    const paper = d.paper().join("\n");
    t.true(paper.includes("MERCHANT COPY"));
    t.true(paper.includes("CUSTOMER COPY"));
    t.true(paper.includes("411111******1111"));
    t.false(paper.includes(VISA));
    t.false(d.log.lines.join("\n").includes(VISA), "the log holds masked PANs only");
    t.false(JSON.stringify(d.shown).includes(VISA));
  } finally {
    await d.close();
  }
});

test.serial("a debit card with PIN: the PIN typed on the matrix reaches the emulator as a DUKPT block it verifies; a wrong PIN is declined 55", async (t) => {
  const d = await device();
  try {
    await d.type("2000");
    await d.press("ENTER");
    await d.swipe(`${DEBIT}=31061201234567890`);
    await d.type("1234");
    await d.press("ENTER");
    await d.until("idle");
    t.is(d.acquirer.ledger.net(DEBIT), 2000);
    await d.type("3000");
    await d.press("ENTER");
    await d.swipe(`${DEBIT}=31061201234567890`);
    await d.type("9999");
    await d.press("ENTER");
    await d.until("idle");
    t.true(d.shown.some((m) => m.id === "DECLINED" && m.responseCode === "55"));
    t.is(d.acquirer.ledger.net(DEBIT), 2000);
    t.false(d.log.lines.join("\n").includes("1234"));
  } finally {
    await d.close();
  }
});

test.serial("a chip sale: the virtual EMV card in the slot, the kernel online with DE55, the emulator's approval, the second GENERATE AC, the card removed", async (t) => {
  const d = await device();
  try {
    await d.type("15000");
    await d.press("ENTER");
    const card = await d.insert("signature");
    await d.until("remove-card");
    t.true(d.shown.some((m) => m.id === "APPROVED"), d.log.lines.filter((l) => l.startsWith("terminal")).join("; "));
    t.is(d.acquirer.ledger.net(CHIP), 15000);
    t.like(d.terminal.journal.transactions()[0], { entry: "chip", state: "completed" });
    const paper = d.paper().join("\n");
    t.true(paper.includes("A0000000031010"), "the receipt names the AID");
    t.true(paper.includes("CARDHOLDER SIGNATURE"), "the card's CVM asked for a signature");
    card.pull();
    await d.until("idle");
    t.is(d.terminal.state, "idle");
  } finally {
    await d.close();
  }
});

test.serial("the card pulled out while the host answers: the approval is reversed at the emulator", async (t) => {
  const d = await device();
  try {
    await d.type("16000");
    await d.press("ENTER");
    const card = await d.insert("signature");
    await d.until("online");
    card.pull();
    await d.until("idle");
    t.true(d.shown.some((m) => m.id === "CARD_REMOVED"));
    t.is(d.acquirer.ledger.net(CHIP), 0);
    t.like(d.terminal.journal.transactions()[0], { state: "reversed" });
  } finally {
    await d.close();
  }
});

test.serial("a chip card asking for an online PIN: the PIN typed on the matrix goes enciphered under DUKPT with the chip data; the emulator checks it", async (t) => {
  const d = await device();
  try {
    await d.type("5000");
    await d.press("ENTER");
    await d.insert("dda");
    await d.until("pin");
    await d.type("2468");
    await d.press("ENTER");
    await d.until("remove-card");
    t.is(d.acquirer.ledger.net(CHIP_PIN), 5000, JSON.stringify(d.shown.slice(-4)) + d.log.lines.join("; "));
    const paper = d.paper().join("\n");
    t.true(paper.includes("PIN VERIFIED"));
  } finally {
    await d.close();
  }
});

test.serial("merchant menu with the manager PIN: void, refund, balance inquiry and settlement against the emulator", async (t) => {
  const d = await device({ managerPin: "9753" });
  try {
    await d.type("1000");
    await d.press("ENTER");
    await d.swipe(`${VISA}=30121011234567890`);
    await d.until("idle");
    await d.type("2000");
    await d.press("ENTER");
    await d.swipe(`${VISA}=30121011234567890`);
    await d.until("idle");
    t.is(d.acquirer.ledger.net(VISA), 3000);
    // void the last sale
    await d.press("MENU", menu("VOID"));
    await d.type("9753");
    await d.press("ENTER", "ENTER", "ENTER");
    await d.until("idle");
    t.is(d.acquirer.ledger.net(VISA), 1000);
    // refund
    await d.press("MENU", menu("REFUND"));
    await d.type("9753");
    await d.press("ENTER");
    await d.type("300");
    await d.press("ENTER");
    await d.swipe(`${VISA}=30121011234567890`);
    await d.until("idle");
    t.is(d.acquirer.ledger.net(VISA), 700);
    // balance inquiry
    await d.press("MENU", menu("BALANCE"));
    await d.swipe(`${DEBIT}=31061201234567890`);
    await d.type("1234");
    await d.press("ENTER");
    await d.until("idle");
    t.true(d.shown.some((m) => m.id === "BALANCE"));
    // settlement
    await d.press("MENU", menu("SETTLEMENT"));
    await d.type("9753");
    await d.press("ENTER");
    await d.until("idle");
    const totals = d.shown.find((m) => m.id === "SETTLEMENT_TOTALS");
    t.like(totals, { sales: { count: 1, amount: { minor: 1000 } }, refunds: { count: 1, amount: { minor: 300 } }, balanced: true });
  } finally {
    await d.close();
  }
});
