/**
 * The terminal application end to end: the real drivers over the
 * simulator's virtual devices (key matrix, stripe heads, chip card in a
 * slot, ESC/POS printer), the journal on a memory flash, and the acquirer
 * emulator over real sockets on 127.0.0.1. After each flow the
 * emulator's ledger says what money moved.
 */
import test, { type ExecutionContext } from "ava";
import { toHex } from "../../modules/core/hex.ts";
import { unpack } from "../../modules/iso8583/codec.ts";
import { ISO87A } from "../../modules/iso8583/dialect.ts";
import { bytes } from "../../modules/iso8583/message.ts";
import { CHIP, CHIP_PIN, DEBIT, VISA, device, menu, type Device } from "./terminal-device.ts";

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

function holds(hay: readonly number[], needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** The PIN blocks (DE52) the terminal sent, from the frames it wrote (2-byte length header). */
function pinBlocks(d: Device): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const f of d.uplink) {
    const block = bytes(unpack(ISO87A, f.subarray(2)), 52);
    if (block) out.push(block);
  }
  return out;
}

/**
 * Scans every byte the printer received (print data and real-time
 * commands) for each secret, as ASCII and, for binary ones, as raw bytes
 * and as hex text.
 */
function noSecretSentToPrinter(t: ExecutionContext, d: Device, secrets: Record<string, string | Uint8Array>): void {
  t.true(d.printer.received.length > 0, "the printer received the receipts");
  for (const [what, secret] of Object.entries(secrets)) {
    const forms = typeof secret === "string" ? [ascii(secret)] : [secret, ascii(toHex(secret)), ascii(toHex(secret).toLowerCase())];
    t.false(forms.some((f) => holds(d.printer.received, f)), `no ${what} in the bytes sent to the printer`);
  }
}


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
    t.true(holds(d.printer.received, ascii("411111******1111")), "the scan finds the masked PAN the receipt prints");
    // the stripe's discretionary data (1234567890) holds the card verification value
    noSecretSentToPrinter(t, d, { "full PAN": VISA, "track data": `${VISA}=30121011234567890`, "track data after the separator": "=30121011234567890", "CVV (discretionary data)": "1234567890" });
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
    const blocks = pinBlocks(d);
    t.is(blocks.length, 2, "both sales sent a PIN block");
    noSecretSentToPrinter(t, d, {
      "full PAN": DEBIT,
      "track data": `${DEBIT}=31061201234567890`,
      "track data after the separator": "=31061201234567890",
      "CVV (discretionary data)": "1234567890",
      "PIN": "1234",
      "wrong PIN": "9999",
      ...Object.fromEntries(blocks.map((b, i) => [`PIN block ${i + 1}`, b])),
    });
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
    const blocks = pinBlocks(d);
    t.is(blocks.length, 1, "the chip sale sent a PIN block");
    // track 2 equivalent data (tag 57) starts with the PAN and the separator D
    noSecretSentToPrinter(t, d, { "full PAN": CHIP_PIN, "track 2 equivalent data": `${CHIP_PIN}D`, "PIN": "2468", "PIN block": blocks[0] });
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

test.serial("paper out while the merchant copy prints: the driver's status reaches the terminal when paper is loaded, and the copy prints again marked REPRINT", async (t) => {
  const d = await device();
  try {
    d.printer.paperOutAt = 200;
    await d.type("1250");
    await d.press("ENTER");
    await d.swipe(`${VISA}=30121011234567890`);
    await d.until("receipt");
    for (let i = 0; i < 200 && d.shown.at(-1)?.id !== "PRINTER_PROBLEM"; i++) await d.clock.settle(Promise.resolve(), 10);
    t.like(d.shown.at(-1), { id: "PRINTER_PROBLEM", problem: "PAPER_END" });
    // nothing tells the terminal but the printer driver's status poll
    d.printer.loadPaper();
    await d.until("idle");
    const paper = d.paper().join("\n");
    t.is(paper.split("MERCHANT COPY").length - 1, 2, "the start of the merchant copy (the paper ends at byte 200, past its copy line), then the whole copy");
    t.is(paper.split("CUSTOMER COPY").length - 1, 1);
    t.is(paper.split("REPRINT").length - 1, 2, "the merchant copy printed again is marked (the mark heads and ends a copy); the customer copy is not");
    t.deepEqual(d.terminal.journal.pendingPrints(), []);
  } finally {
    await d.close();
  }
});
