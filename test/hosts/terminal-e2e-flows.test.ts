/**
 * More of the terminal application end to end (terminal-device.ts: the
 * real drivers over virtual devices, the acquirer emulator over real
 * sockets): a pre-authorization with its completion and with its
 * cancellation, a basket sale with a cash part, a reprint of the last
 * receipt, CANCEL at each step of a sale and at every other state with a
 * cancel path (or, where CANCEL is not taken, what happens instead), and
 * the time-out of each state that waits, each checked on the emulator's
 * ledger and the journal.
 */
import test from "ava";
import { unpack } from "../../modules/iso8583/codec.ts";
import { ISO87A } from "../../modules/iso8583/dialect.ts";
import type { TerminalState } from "../../modules/terminal/terminal.ts";
import { screenOf } from "../../modules/display/render.ts";
import { CHIP, VISA, device, menu, swiped, type Device } from "./terminal-device.ts";
import { DEBIT_SWIPE, LATE_MS, SHORT, cancelWhileOnline, financial, journalAtRest, sent, waitReal } from "./terminal-e2e-support.ts";

const SWIPE = `${VISA}=30121011234567890`;

const count = (hay: string, needle: string) => hay.split(needle).length - 1;

test.serial("a pre-authorization, then its completion for less: the emulator holds the amount, then takes the completion and releases the hold; it settles as a sale", async (t) => {
  const d = await device();
  try {
    await swiped(d, "6000", "PREAUTH");
    t.is(d.acquirer.ledger.held(VISA), 6000);
    t.is(d.acquirer.ledger.net(VISA), 0, "a hold moves no money yet");
    const hold = d.terminal.journal.openHolds()[0];
    t.like(hold, { kind: "preauth", amountMinor: 6000 });
    await d.press("MENU", menu("PREAUTH_COMPLETION"));
    await d.type(String(hold.stan));
    await d.press("ENTER");
    await d.type("4500");
    await d.press("ENTER");
    t.like(d.shown.at(-1), { id: "CONFIRM_TRANSACTION", operation: "PREAUTH_COMPLETION", amount: { minor: 4500 }, cardLast4: "1111" });
    await d.press("ENTER");
    await d.until("idle");
    t.is(d.acquirer.ledger.held(VISA), 0);
    t.is(d.acquirer.ledger.net(VISA), 4500);
    const entries = [...d.acquirer.ledger.entries.values()];
    t.like(entries.find((e) => e.kind === "preauth"), { closed: "captured" });
    t.like(d.terminal.journal.find(hold.stan), { state: "captured" });
    await d.press("MENU", menu("SETTLEMENT"));
    await d.until("idle");
    t.like(d.shown.find((m) => m.id === "SETTLEMENT_TOTALS"), { sales: { count: 1, amount: { minor: 4500 } }, balanced: true });
  } finally {
    await d.close();
  }
});

test.serial("a pre-authorization, then its cancellation: the emulator releases the hold, no money moves, nothing to settle", async (t) => {
  const d = await device();
  try {
    await swiped(d, "7000", "PREAUTH");
    t.is(d.acquirer.ledger.held(VISA), 7000);
    const before = d.acquirer.accounts.get(VISA)!.balanceMinor;
    await d.press("MENU", menu("PREAUTH_CANCEL"));
    await d.press("ENTER");
    t.like(d.shown.at(-1), { id: "CONFIRM_TRANSACTION", operation: "PREAUTH_CANCEL", amount: { minor: 7000 } });
    await d.press("ENTER");
    await d.until("idle");
    t.is(d.acquirer.ledger.held(VISA), 0);
    t.is(d.acquirer.ledger.net(VISA), 0);
    t.is(d.acquirer.accounts.get(VISA)!.balanceMinor, before + 7000, "the money held is available again");
    t.like([...d.acquirer.ledger.entries.values()].find((e) => e.kind === "preauth"), { closed: "released" });
    t.deepEqual(d.terminal.journal.openHolds(), []);
    t.like(d.terminal.journal.totals(), { debits: 0, credits: 0 });
  } finally {
    await d.close();
  }
});

async function completion(d: Device, hold: number, amount: string): Promise<void> {
  await d.press("MENU", menu("PREAUTH_COMPLETION"));
  await d.type(String(hold));
  await d.press("ENTER");
  await d.type(amount);
  await d.press("ENTER", "ENTER");
  await d.until("idle");
}

test.serial("void of a pre-authorization's completion: 0200 processing 02 with DE25 06; the emulator restores the hold (the money held again, the completion no longer moves money), the terminal's hold is open again and can be completed anew", async (t) => {
  const d = await device();
  try {
    const start = d.acquirer.accounts.get(VISA)!.balanceMinor;
    await swiped(d, "6000", "PREAUTH");
    const hold = d.terminal.journal.openHolds()[0];
    await completion(d, hold.stan, "4500");
    t.is(d.acquirer.accounts.get(VISA)!.balanceMinor, start - 4500);
    const done = d.terminal.journal.transactions().find((x) => x.kind === "preauthCompletion")!;
    await d.press("MENU", menu("VOID"));
    // ENTER alone: the last sale or completion
    await d.press("ENTER");
    t.like(d.shown.at(-1), { id: "CONFIRM_TRANSACTION", operation: "VOID", amount: { minor: 4500 }, cardLast4: "1111" });
    await d.press("ENTER");
    await d.until("idle");
    const request = unpack(ISO87A, d.uplink.at(-1)!.subarray(2));
    t.is(request.mti, "0200");
    t.is(request.fields.get(3), "020000");
    t.is(request.fields.get(25), "06");
    const ledger = [...d.acquirer.ledger.entries.values()];
    t.like(ledger.find((e) => e.kind === "preauthCompletion"), { voided: true });
    t.like(ledger.find((e) => e.kind === "preauth"), { closed: undefined });
    t.is(d.acquirer.ledger.held(VISA), 6000, "the hold is restored at the emulator");
    t.is(d.acquirer.ledger.net(VISA), 0, "the voided completion moves no money");
    t.is(d.acquirer.accounts.get(VISA)!.balanceMinor, start - 6000, "the amount held is unavailable again");
    t.like(d.terminal.journal.find(done.stan), { state: "voided" });
    t.deepEqual(d.terminal.journal.openHolds().map((h) => h.stan), [hold.stan], "the hold is open again at the terminal");
    t.like(d.terminal.journal.totals(), { debits: 0, debitsMinor: 0 });
    t.false(d.log.lines.some((l) => l.startsWith("terminal: no receipt")), "the void's receipt is printed, with the hold's card");
    await completion(d, hold.stan, "3000");
    t.is(d.acquirer.ledger.held(VISA), 0);
    t.is(d.acquirer.ledger.net(VISA), 3000);
    t.is(d.acquirer.accounts.get(VISA)!.balanceMinor, start - 3000);
    t.like(d.terminal.journal.totals(), { debits: 1, debitsMinor: 3000 });
    t.deepEqual(journalAtRest(d), []);
  } finally {
    await d.close();
  }
});

test.serial("void of a refund is not allowed: DECLINED 12, in words on screen (INVALID TRANSACTION / 无效交易), nothing sent, the refund stands", async (t) => {
  const d = await device();
  try {
    await d.press("MENU", menu("REFUND"));
    await d.type("500");
    await d.press("ENTER");
    await d.swipe(SWIPE);
    await d.until("idle");
    const refund = d.terminal.journal.transactions().find((x) => x.kind === "refund")!;
    t.like(refund, { state: "completed" });
    const requests = sent(d).length;
    await d.press("MENU", menu("VOID"));
    await d.type(String(refund.stan));
    await d.press("ENTER");
    const shown = d.shown.at(-1)!;
    t.deepEqual(shown, { id: "DECLINED", responseCode: "12" });
    t.regex(JSON.stringify(screenOf(shown, "en")), /INVALID TRANSACTION/);
    t.regex(JSON.stringify(screenOf(shown, "zh")), /无效交易/);
    t.true(d.log.lines.includes(`terminal: trace ${refund.stan} is a refund, which cannot be voided`));
    await d.until("idle");
    t.is(sent(d).length, requests, "nothing sent");
    t.is(d.acquirer.ledger.net(VISA), -500, "the refund stands");
    t.like(d.terminal.journal.find(refund.stan), { state: "completed" });
  } finally {
    await d.close();
  }
});

test.serial("a basket sale with a cash part (F1): the lines' total, the cash tendered, the card pays the rest; the receipt lists the items and the cash", async (t) => {
  const d = await device();
  try {
    await d.press("F1");
    // 2 x 5.00, 1 x 2.50: 12.50, of which 3.00 in cash
    await d.type("2");
    await d.press("ENTER");
    await d.type("500");
    await d.press("ENTER");
    await d.type("1");
    await d.press("ENTER");
    await d.type("250");
    await d.press("ENTER", "ENTER");
    t.like(d.shown.at(-1), { id: "BASKET_TOTAL", items: 2, total: { minor: 1250 } });
    await d.type("300");
    await d.press("ENTER");
    t.like(d.shown.at(-1), { id: "PRESENT_CARD", amount: { minor: 950 } });
    await d.swipe(SWIPE);
    await d.until("idle");
    t.is(d.acquirer.ledger.net(VISA), 950, "the card pays the basket less the cash");
    const paper = d.paper().join("\n");
    t.is(count(paper, "ITEM 1"), 2, "each copy lists the first line");
    t.is(count(paper, "ITEM 2"), 2);
    t.regex(paper, /CASH/);
  } finally {
    await d.close();
  }
});

test.serial("a basket paid all in cash: CHANGE_DUE, nothing goes to the emulator", async (t) => {
  const d = await device();
  try {
    await d.press("F1");
    await d.type("1");
    await d.press("ENTER");
    await d.type("800");
    await d.press("ENTER", "ENTER");
    await d.type("1000");
    await d.press("ENTER");
    t.like(d.shown.at(-1), { id: "CHANGE_DUE", change: { minor: 200 } });
    await d.until("idle");
    t.deepEqual(financial(d), []);
  } finally {
    await d.close();
  }
});

test.serial("reprint of the last receipt from the menu: the cardholder copy once more, marked REPRINT; nothing goes to the emulator", async (t) => {
  const d = await device();
  try {
    await d.type("1250");
    await d.press("ENTER");
    await d.swipe(SWIPE);
    await d.until("idle");
    const requests = financial(d).length;
    t.is(count(d.paper().join("\n"), "CUSTOMER COPY"), 1);
    await d.press("MENU", menu("REPRINT"));
    await d.until("idle");
    const paper = d.paper().join("\n");
    t.is(count(paper, "CUSTOMER COPY"), 2);
    t.is(count(paper, "MERCHANT COPY"), 1);
    t.is(count(paper, "REPRINT"), 2, "the second copy is marked (the mark heads and ends a copy)");
    t.false(paper.includes(VISA));
    t.is(financial(d).length, requests);
    t.is(d.acquirer.ledger.net(VISA), 1250);
  } finally {
    await d.close();
  }
});

/** Ways to reach a state from idle, shared by the CANCEL and time-out matrices. */
async function presentCard(d: Device): Promise<void> {
  await d.type("1500");
  await d.press("ENTER");
}

async function pinEntry(d: Device): Promise<void> {
  await presentCard(d);
  await d.swipe(DEBIT_SWIPE);
  await d.type("12");
}

async function applicationChoice(d: Device): Promise<void> {
  await presentCard(d);
  await d.insert("two-applications");
  await d.until("application");
}

async function managerPinTwoDigits(d: Device): Promise<void> {
  await d.press("MENU", menu("REFUND"));
  await d.type("97");
}

async function cashAfterBasketLine(d: Device): Promise<void> {
  await d.press("F1");
  await d.type("1");
  await d.press("ENTER");
  await d.type("800");
  await d.press("ENTER", "ENTER");
}

async function voidConfirmation(d: Device): Promise<void> {
  await d.press("MENU", menu("VOID"));
  await d.press("ENTER");
}

/** A sale's steps up to the one cancelled; CANCEL there must leave nothing sent and nothing moved. */
const CANCEL_STEPS: { step: string; state: TerminalState; to(d: Device): Promise<unknown> }[] = [
  { step: "amount entry", state: "amount", to: (d) => d.type("1500") },
  {
    step: "present card",
    state: "present-card",
    to: presentCard,
  },
  {
    step: "PIN entry",
    state: "pin",
    to: pinEntry,
  },
  {
    step: "application choice",
    state: "application",
    to: applicationChoice,
  },
];

for (const c of CANCEL_STEPS) {
  test.serial(`CANCEL at ${c.step}: CANCELLED, nothing sent to the emulator, no money moved, idle again`, async (t) => {
    const d = await device();
    try {
      await c.to(d);
      t.is(d.terminal.state, c.state);
      await d.press("CANCEL");
      await d.until("result", "remove-card", "idle");
      t.true(d.shown.some((m) => m.id === "CANCELLED"), d.shown.map((m) => m.id).join(" "));
      await d.until("remove-card", "idle");
      t.deepEqual(financial(d), [], "no authorization request left");
      t.is(d.acquirer.ledger.entries.size, 0);
      t.deepEqual(d.terminal.journal.transactions(), []);
    } finally {
      await d.close();
    }
  });
}

/** What the emulator's ledger says moved: per entry, its kind, amount, and whether it was reversed or voided. */
const booked = (d: Device) => [...d.acquirer.ledger.entries.values()].map((e) => `${e.kind} ${e.amountMinor}${e.reversed ? " reversed" : ""}${e.voided ? " voided" : ""}`);

/** A completed sale of 15.00 by the stripe, before the step of a void is reached. */
async function saleFirst(d: Device): Promise<void> {
  await d.type("1500");
  await d.press("ENTER");
  await d.swipe(SWIPE);
  await d.until("idle");
}

/** The entry states of the menu, the manager PIN, the basket, the cash, the original's trace and a void's confirmation: CANCEL ends them with nothing sent. */
const CANCEL_ENTRY: { step: string; state: TerminalState; managerPin?: string; setup?(d: Device): Promise<void>; to(d: Device): Promise<unknown> }[] = [
  { step: "the menu", state: "menu", to: (d) => d.press("MENU") },
  {
    step: "the manager PIN (two digits keyed)",
    state: "manager-pin",
    managerPin: "9753",
    to: managerPinTwoDigits,
  },
  {
    step: "basket entry (one line keyed)",
    state: "basket",
    to: async (d) => {
      await d.press("F1");
      await d.type("2");
      await d.press("ENTER");
      await d.type("500");
      await d.press("ENTER");
    },
  },
  {
    step: "cash tendered",
    state: "cash",
    to: async (d) => {
      await cashAfterBasketLine(d);
      await d.type("300");
    },
  },
  { step: "the original's trace of a void", state: "original", setup: saleFirst, to: (d) => d.press("MENU", menu("VOID")) },
  {
    step: "the confirmation of a void",
    state: "confirm",
    setup: saleFirst,
    to: voidConfirmation,
  },
  {
    step: "the confirmation of a pre-authorization's completion",
    state: "confirm",
    setup: (d) => swiped(d, "6000", "PREAUTH"),
    to: async (d) => {
      await d.press("MENU", menu("PREAUTH_COMPLETION"));
      await d.press("ENTER");
      await d.type("4500");
      await d.press("ENTER");
    },
  },
];

for (const c of CANCEL_ENTRY) {
  test.serial(`CANCEL at ${c.step}: CANCELLED, nothing more sent to the emulator, its ledger unchanged, the journal at rest, idle again`, async (t) => {
    const d = await device(c.managerPin ? { managerPin: c.managerPin } : {});
    try {
      await c.setup?.(d);
      const requests = sent(d).length;
      const ledger = booked(d);
      const held = d.acquirer.ledger.held(VISA);
      const journal = d.terminal.journal.transactions();
      await c.to(d);
      t.is(d.terminal.state, c.state);
      await d.press("CANCEL");
      t.like(d.shown.at(-1), { id: "CANCELLED" });
      await d.until("idle");
      t.is(sent(d).length, requests, "nothing sent after the step was reached");
      t.deepEqual(booked(d), ledger, "no money moved at the emulator");
      t.is(d.acquirer.ledger.held(VISA), held);
      t.deepEqual(d.terminal.journal.transactions(), journal, "nothing written to the journal's transactions");
      t.deepEqual(journalAtRest(d), []);
    } finally {
      await d.close();
    }
  });
}

test.serial("CANCEL while the chip is read (processing): the kernel runs to its first outcome, nothing goes to the emulator, CANCELLED, the journal untouched", async (t) => {
  const d = await device();
  try {
    await d.type("15000");
    await d.press("ENTER");
    const card = await d.insert("signature");
    t.is(d.terminal.state, "processing");
    // the key straight from the keypad's driver event: the card's exchange runs on the same virtual clock as the keypad's scan
    d.terminal.onKey({ key: "CANCEL", repeat: false, at: d.clock.now() });
    await d.until("result", "remove-card", "idle");
    t.true(d.log.lines.includes("terminal: cancel asked at processing; the transaction ends when the card or the host answers"));
    t.true(d.shown.some((m) => m.id === "CANCELLED"), d.shown.map((m) => m.id).join(" "));
    card.pull();
    await d.until("idle");
    t.deepEqual(financial(d), [], "no authorization request left");
    t.deepEqual(booked(d), []);
    t.deepEqual(d.terminal.journal.transactions(), []);
  } finally {
    await d.close();
  }
});

test.serial("CANCEL once the request left (online) is not taken at once: the log says the transaction ends with the host's answer, PROCESSING stays; the approval that comes is reversed exactly once, CANCELLED, no money moved", async (t) => {
  const d = await device({ responseTimeoutMs: 600_000 });
  try {
    d.acquirer.inject({ on: "0200", kind: "delay", delayMs: LATE_MS });
    await d.type("1500");
    await d.press("ENTER");
    await d.swipe(SWIPE);
    await d.until("online");
    await cancelWhileOnline(t, d);
    t.deepEqual(booked(d), ["sale 1500 reversed"]);
    t.is(sent(d).filter((m) => m === "0400").length, 1, "one reversal sent");
    t.is(d.acquirer.ledger.net(VISA), 0);
    t.like(d.terminal.journal.transactions()[0], { state: "reversed" });
    t.deepEqual(journalAtRest(d), []);
  } finally {
    await d.close();
  }
});

test.serial("CANCEL while a copy prints is not taken (logged), both copies print; CANCEL at the virtual printer's paper out gives the job up: no customer copy, both copies recorded skipped, the sale stands, the journal at rest; paper loaded, the menu's reprint prints the customer copy marked REPRINT", async (t) => {
  const d = await device();
  try {
    // the copy prints within the swipe's own run of the clock: CANCEL goes in as the merchant copy starts
    let cancelledAt: string | undefined;
    const push = d.shown.push.bind(d.shown);
    d.shown.push = (...list) => {
      const n = push(...list);
      if (cancelledAt === undefined && list[0]?.id === "PRINTING") {
        queueMicrotask(() => {
          cancelledAt = d.terminal.state;
          d.terminal.onKey({ key: "CANCEL", repeat: false, at: d.clock.now() });
        });
      }
      return n;
    };
    await d.type("1250");
    await d.press("ENTER");
    await d.swipe(SWIPE);
    await d.until("idle");
    t.is(cancelledAt, "receipt");
    t.true(d.log.lines.includes("terminal: cancel while a copy prints: the copy ends first"));
    const paper = d.paper().join("\n");
    t.is(count(paper, "MERCHANT COPY"), 1);
    t.is(count(paper, "CUSTOMER COPY"), 1);
    d.printer.paperOutAt = d.printer.printed.length + 200;
    await d.type("700");
    await d.press("ENTER");
    await d.swipe(SWIPE);
    await d.until("receipt");
    for (let i = 0; i < 20_000 && d.shown.at(-1)?.id !== "PRINTER_PROBLEM"; i++) {
      await new Promise((r) => setImmediate(r));
      d.clock.advance(5);
    }
    t.like(d.shown.at(-1), { id: "PRINTER_PROBLEM" });
    await d.press("CANCEL");
    await d.until("idle");
    t.true(d.log.lines.includes("terminal: print job given up, the rest of it not printed"));
    t.is(d.acquirer.ledger.net(VISA), 1950, "both sales stand");
    const second = d.terminal.journal.transactions()[1];
    t.like(d.terminal.journal.printJobOf(second.stan), { merchant: "skipped", customer: "skipped" });
    t.deepEqual(d.terminal.journal.pendingPrints(), []);
    t.deepEqual(journalAtRest(d), []);
    const before = d.paper().join("\n");
    t.is(count(before, "CUSTOMER COPY"), 1, "the second sale's customer copy is not printed");
    d.printer.loadPaper();
    await d.press("MENU", menu("REPRINT"));
    await d.until("idle");
    const after = d.paper().join("\n");
    t.is(count(after, "CUSTOMER COPY"), 2, "the reprint prints the customer copy");
    t.is(count(after, "REPRINT"), count(before, "REPRINT") + 2, "marked REPRINT (the mark heads and ends a copy)");
    t.true(after.slice(after.lastIndexOf("CUSTOMER COPY")).includes("7.00"), "of the second sale");
  } finally {
    await d.close();
  }
});

const TIMEOUT_STEPS: { step: string; state: TerminalState; managerPin?: string; to(d: Device): Promise<unknown> }[] = [
  { step: "the menu", state: "menu", to: (d) => d.press("MENU") },
  {
    step: "the manager PIN",
    state: "manager-pin",
    managerPin: "9753",
    to: managerPinTwoDigits,
  },
  { step: "amount entry", state: "amount", to: (d) => d.type("1500") },
  {
    step: "basket entry",
    state: "basket",
    to: (d) => d.press("F1"),
  },
  {
    step: "cash tendered",
    state: "cash",
    to: cashAfterBasketLine,
  },
  {
    step: "the original's trace (void)",
    state: "original",
    to: (d) => d.press("MENU", menu("VOID")),
  },
  {
    step: "the confirmation of a void",
    state: "confirm",
    to: async (d) => {
      await saleFirst(d);
      await voidConfirmation(d);
    },
  },
  {
    step: "present card",
    state: "present-card",
    to: presentCard,
  },
  {
    step: "application choice",
    state: "application",
    // the kernel's question is answered "timeout" and the kernel ends the transaction timed out
    to: applicationChoice,
  },
];

for (const c of TIMEOUT_STEPS) {
  test.serial(`time-out at ${c.step}: the state ends on its own with TIMEOUT and no CANCELLED, nothing sent, idle again`, async (t) => {
    const d = await device({ timeouts: SHORT, ...(c.managerPin ? { managerPin: c.managerPin } : {}) });
    try {
      await c.to(d);
      t.is(d.terminal.state, c.state);
      const requests = financial(d).length;
      const booked = d.acquirer.ledger.entries.size;
      const shown = d.shown.length;
      await d.until("idle", "remove-card");
      const ended = d.shown.slice(shown).map((m) => m.id);
      t.true(ended.includes("TIMEOUT"), ended.join(" "));
      t.false(ended.includes("CANCELLED"), ended.join(" "));
      t.is(financial(d).length, requests, "nothing sent after the state was entered");
      t.is(d.acquirer.ledger.entries.size, booked);
    } finally {
      await d.close();
    }
  });
}

test.serial("time-out at PIN entry: the PIN session's own time-out ends it, TIMEOUT, nothing sent", async (t) => {
  const d = await device({ timeouts: SHORT });
  try {
    await d.type("1500");
    await d.press("ENTER");
    await d.swipe(DEBIT_SWIPE);
    t.is(d.terminal.state, "pin");
    // the PIN session waits 30 s for the first digit (modules/pin)
    await d.until("idle");
    t.true(d.shown.some((m) => m.id === "TIMEOUT"), d.shown.map((m) => m.id).join(" "));
    t.deepEqual(financial(d), []);
  } finally {
    await d.close();
  }
});

test.serial("time-out at remove-card after a chip sale: idle again without the card taken out; the sale stands", async (t) => {
  const d = await device({ timeouts: SHORT });
  try {
    await d.type("15000");
    await d.press("ENTER");
    await d.insert("signature");
    await d.until("remove-card");
    t.is(d.terminal.state, "remove-card");
    await d.until("idle");
    t.is(d.terminal.state, "idle");
    t.is(d.acquirer.ledger.net(CHIP), 15000);
  } finally {
    await d.close();
  }
});

test.serial("time-out while online (the emulator answers after the busy time-out): TIMEOUT at once, the late approval is reversed at the emulator", async (t) => {
  // the terminal's busy state ends after 2 virtual seconds; the client waits 10 virtual minutes for the answer, which
  // comes LATE_MS real ms late
  const d = await device({ timeouts: SHORT, responseTimeoutMs: 600_000 });
  try {
    d.acquirer.inject({ on: "0200", kind: "delay", delayMs: LATE_MS });
    await d.type("1500");
    await d.press("ENTER");
    await d.swipe(SWIPE);
    await d.until("result");
    t.like(d.shown.at(-1), { id: "TIMEOUT" });
    t.like(d.terminal.journal.transactions()[0], { state: "intended" }, "the answer has not come yet (the intent is the only record before it)");
    await waitReal(d, () => d.terminal.state === "idle");
    t.deepEqual(d.terminal.journal.pending(), [], "the reversal went at once");
    const sale = [...d.acquirer.ledger.entries.values()].find((e) => e.kind === "sale");
    t.like(sale, { responseCode: "00", reversed: true }, "the approval that came after the time-out is reversed");
    t.is(d.acquirer.ledger.net(VISA), 0);
    t.like(d.terminal.journal.transactions()[0], { state: "reversed" });
  } finally {
    await d.close();
  }
});

test.serial("time-out at a printer problem: the job is given up, both copies recorded skipped, the sale stands", async (t) => {
  const d = await device({ timeouts: SHORT });
  try {
    d.printer.paperOutAt = 200;
    await d.type("1250");
    await d.press("ENTER");
    await d.swipe(SWIPE);
    await d.until("idle");
    t.true(d.shown.some((m) => m.id === "PRINTER_PROBLEM"));
    t.is(d.acquirer.ledger.net(VISA), 1250);
    t.deepEqual(d.terminal.journal.pendingPrints(), [], "no copy left to print: the ones that could not print were skipped");
    t.like(d.terminal.journal.printJobOf(d.terminal.journal.transactions()[0].stan), { merchant: "skipped", customer: "skipped" });
    t.true(d.log.lines.includes("terminal: print job given up, the rest of it not printed"));
  } finally {
    await d.close();
  }
});

test.serial("time-out at settlement (the emulator answers after the busy time-out): TIMEOUT at once; the host's acceptance still closes the batch, in one record", async (t) => {
  const d = await device({ timeouts: SHORT, responseTimeoutMs: 600_000 });
  try {
    await d.type("1500");
    await d.press("ENTER");
    await d.swipe(SWIPE);
    await d.until("idle");
    d.acquirer.inject({ on: "0500", kind: "delay", delayMs: LATE_MS });
    const shown = d.shown.length;
    await d.press("MENU", menu("SETTLEMENT"));
    await d.until("result");
    t.like(d.shown.at(-1), { id: "TIMEOUT" });
    t.is(d.terminal.journal.batchNumber, 1, "the answer has not come yet");
    await waitReal(d, () => d.terminal.state === "idle");
    t.is(d.terminal.journal.batchNumber, 2);
    t.true(d.shown.slice(shown).some((m) => m.id === "SETTLEMENT_TOTALS"), "the totals are shown once the host accepted");
    t.true([...d.acquirer.ledger.entries.values()].every((e) => e.settled));
  } finally {
    await d.close();
  }
});

test.serial("time-out at sign-on (the emulator answers after the busy time-out): TIMEOUT at once; the late answer's key is taken, and the next sale goes through under it", async (t) => {
  const d = await device({ timeouts: SHORT, responseTimeoutMs: 600_000 });
  try {
    d.acquirer.inject({ on: "0800", kind: "delay", delayMs: LATE_MS });
    await d.press("MENU", menu("SIGN_ON"));
    await d.until("result");
    t.like(d.shown.at(-1), { id: "TIMEOUT" });
    await waitReal(d, () => d.terminal.state === "idle");
    await d.type("1500");
    await d.press("ENTER");
    await d.swipe(SWIPE);
    await d.until("idle");
    t.is(d.acquirer.ledger.net(VISA), 1500);
    t.deepEqual(sent(d), ["0800", "0800", "0200"]);
  } finally {
    await d.close();
  }
});
