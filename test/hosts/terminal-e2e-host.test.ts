/**
 * The terminal application end to end against a failing host: the
 * acquirer emulator over real sockets fails once (hosts/acquirer/faults.ts:
 * no answer, an answer after the time-out, garbage, a wrong MAC, the
 * connection closed) at each step where the terminal waits for it, and
 * the emulator's ledger shows the outcome: what the terminal could not
 * trust is reversed exactly once, before the next transaction; a batch
 * whose settlement got no answer settles the next time; a chip sale's TC
 * upload or script results, or a batch upload, that got no answer goes
 * once more and is recorded once. Then the host
 * asking for a sign-on (its session key for the terminal lost): the
 * terminal signs on before its next transaction.
 */
import test, { type ExecutionContext } from "ava";
import { screenOf } from "../../modules/display/render.ts";
import type { Message } from "../../modules/display/message.ts";
import { unpack } from "../../modules/iso8583/codec.ts";
import { ISO87A } from "../../modules/iso8583/dialect.ts";
import type { Acquirer } from "../../hosts/acquirer/acquirer.ts";
import type { FaultKind } from "../../hosts/acquirer/faults.ts";
import type { LedgerEntry } from "../../hosts/acquirer/ledger.ts";
import { CHIP, CHIP_PIN, VISA, crypto, device, menu, scriptingAcquirer, swiped, type Device } from "./terminal-device.ts";
import { chipSale, keyCompletion, keyHoldCancel, keyVoid, scriptedSale, sent, swipedBalance, thenIdle } from "./terminal-e2e-support.ts";

const SWIPE = `${VISA}=30121011234567890`;
const FAULTS: FaultKind[] = ["drop", "delay", "garbage", "wrong-mac", "disconnect"];

const entries = (d: Device, kind: LedgerEntry["kind"]) => [...d.acquirer.ledger.entries.values()].filter((e) => e.kind === kind);

/** An online-approved chip sale of 150.00 on the signature card: its TC completes it and queues the TC upload (0320 with DE55). */
const onlineChipSale = (d: Device) => chipSale(d, "15000");

const advices = (d: Device, kind: "tcUpload" | "scriptResult") => [...d.acquirer.ledger.chipAdvices.values()].filter((a) => a.advice === kind);
/** Messages of an MTI the terminal sent. */
const sentAs = (d: Device, mti: string) => d.uplink.filter((f) => unpack(ISO87A, f.subarray(2)).mti === mti).length;
const uploads = (d: Device, withChipData: boolean) => d.uplink.map((f) => unpack(ISO87A, f.subarray(2))).filter((m) => m.mti === "0320" && m.fields.has(55) === withChipData).length;

interface Step {
  name: string;
  /** the emulator the device meets (default: the device's own) */
  acquirer?(): Promise<Acquirer>;
  /** the MTI the fault falls on */
  mti: string;
  setup?(d: Device): Promise<void>;
  act(d: Device): Promise<void>;
  /** what comes next (default: a sale of 7.00, which sends what is pending first) */
  next?(d: Device): Promise<void>;
  /** the ledger and the journal once the next transaction is done; returns what is wrong */
  check(d: Device): string[];
  /** what the test title says follows */
  outcome: string;
  /** what the screen shows once the fault fell (default: HOST_ERROR for a wrong MAC, an answer refused; NO_RESPONSE for the others) */
  shows?: "NO_RESPONSE" | "APPROVED" | "NOT_SIGNED_ON";
}

const is = (what: string, actual: unknown, expected: unknown): string[] => (JSON.stringify(actual) === JSON.stringify(expected) ? [] : [`${what}: ${JSON.stringify(actual)}, not ${JSON.stringify(expected)}`]);

const STEPS: Step[] = [
  {
    name: "a sale's 0200",
    outcome: "the sale is reversed at the emulator before the next sale",
    mti: "0200",
    act: (d) => swiped(d, "1500"),
    check: (d) => [
      ...is("the sale of 15.00 at the host", entries(d, "sale").find((e) => e.amountMinor === 1500)?.reversed, true),
      ...is("money moved", d.acquirer.ledger.net(VISA), 700),
      ...is("the sale at the terminal", d.terminal.journal.transactions()[0].state, "reversed"),
    ],
  },
  {
    name: "a chip sale's 0200",
    mti: "0200",
    outcome: "the chip sale is reversed at the emulator before the next sale",
    act: onlineChipSale,
    check: (d) => [
      ...is("the chip sale at the host", entries(d, "sale").find((e) => e.pan === CHIP)?.reversed, true),
      ...is("money moved on the chip card", d.acquirer.ledger.net(CHIP), 0),
      ...is("money moved", d.acquirer.ledger.net(VISA), 700),
      ...is("the chip sale at the terminal", d.terminal.journal.transactions()[0].state, "reversed"),
    ],
  },
  {
    name: "a balance inquiry's 0200",
    mti: "0200",
    outcome: "nothing to reverse: a balance inquiry moves no money",
    act: (d) => swipedBalance(d, SWIPE),
    check: (d) => [
      ...is("reversals sent", sent(d).filter((m) => m === "0400").length, 0),
      ...is("reversals at the host", d.acquirer.ledger.reversals, 0),
      ...is("money moved", d.acquirer.ledger.net(VISA), 700),
    ],
  },
  {
    name: "a refund's 0200",
    outcome: "the refund is reversed at the emulator before the next sale",
    mti: "0200",
    act: (d) => swiped(d, "500", "REFUND", SWIPE),
    check: (d) => [
      ...is("the refund at the host", entries(d, "refund")[0]?.reversed, true),
      ...is("money moved", d.acquirer.ledger.net(VISA), 700),
    ],
  },
  {
    name: "a pre-authorization's 0100",
    outcome: "the hold is reversed at the emulator before the next sale",
    mti: "0100",
    act: (d) => swiped(d, "6000", "PREAUTH"),
    check: (d) => [
      ...is("the hold at the host", entries(d, "preauth")[0]?.reversed, true),
      ...is("held", d.acquirer.ledger.held(VISA), 0),
      ...is("holds open at the terminal", d.terminal.journal.openHolds().length, 0),
    ],
  },
  {
    name: "a completion's 0200",
    outcome: "the completion is reversed at the emulator before the next sale and the hold is open again",
    mti: "0200",
    setup: (d) => swiped(d, "6000", "PREAUTH"),
    act: thenIdle(keyCompletion),
    check: (d) => [
      ...is("the completion at the host", entries(d, "preauthCompletion")[0]?.reversed, true),
      ...is("held again", d.acquirer.ledger.held(VISA), 6000),
      ...is("the hold open again at the terminal", d.terminal.journal.openHolds().map((h) => h.amountMinor), [6000]),
      ...is("money moved", d.acquirer.ledger.net(VISA), 700),
    ],
  },
  {
    name: "a cancellation's 0100",
    outcome: "the cancellation is reversed at the emulator before the next sale and the hold is open again",
    mti: "0100",
    setup: (d) => swiped(d, "6000", "PREAUTH"),
    act: thenIdle(keyHoldCancel),
    check: (d) => [
      ...is("the cancellation at the host", entries(d, "preauthCancel")[0]?.reversed, true),
      ...is("held again", d.acquirer.ledger.held(VISA), 6000),
      ...is("the hold open again at the terminal", d.terminal.journal.openHolds().map((h) => h.amountMinor), [6000]),
    ],
  },
  {
    name: "a void's 0200",
    outcome: "the void is reversed at the emulator before the next sale and the sale stands",
    mti: "0200",
    setup: (d) => swiped(d, "1200"),
    act: thenIdle(keyVoid),
    check: (d) => [
      ...is("the void at the host", entries(d, "void")[0]?.reversed, true),
      ...is("the sale stands at the host", entries(d, "sale").find((e) => e.amountMinor === 1200)?.voided, false),
      ...is("money moved", d.acquirer.ledger.net(VISA), 1900),
      ...is("the sale at the terminal", d.terminal.journal.transactions()[0].state, "completed"),
    ],
  },
  {
    name: "a completion's void 0200",
    outcome: "the void is reversed at the emulator before the next sale: the completion stands and its hold stays captured",
    mti: "0200",
    setup: async (d) => {
      await swiped(d, "6000", "PREAUTH");
      await thenIdle(keyCompletion)(d);
    },
    act: thenIdle(keyVoid),
    check: (d) => [
      ...is("the void at the host", entries(d, "void")[0]?.reversed, true),
      ...is("the completion stands at the host", entries(d, "preauthCompletion")[0]?.voided, false),
      ...is("the hold at the host", entries(d, "preauth")[0]?.closed, "captured"),
      ...is("held", d.acquirer.ledger.held(VISA), 0),
      ...is("money moved", d.acquirer.ledger.net(VISA), 5200),
      ...is("the completion at the terminal", d.terminal.journal.transactions().find((x) => x.kind === "preauthCompletion")?.state, "completed"),
      ...is("holds open at the terminal", d.terminal.journal.openHolds().length, 0),
    ],
  },
  {
    name: "a reversal's 0400",
    // the failing exchange is a message queued before the sale (REVERSAL_PENDING): the sale itself never left; a wrong MAC
    // on the reversal's answer is an answer refused (HOST_ERROR) all the same
    outcome: "the reversal goes again before the next sale, which is sent only after it; the first sale is reversed once",
    mti: "0400",
    // a sale with no answer leaves a reversal to send; the fault falls on that reversal when the next sale sends it
    setup: async (d) => {
      d.acquirer.inject({ on: "0200", kind: "drop" });
      await swiped(d, "1500");
    },
    act: (d) => swiped(d, "900"),
    check: (d) => [
      ...is("the sale of 15.00 at the host", entries(d, "sale").find((e) => e.amountMinor === 1500)?.reversed, true),
      ...is("the sale of 9.00 never left: the reversal goes first", entries(d, "sale").some((e) => e.amountMinor === 900), false),
      ...is("money moved", d.acquirer.ledger.net(VISA), 700),
    ],
  },
  {
    name: "a settlement's 0500",
    outcome: "the batch stays open at the terminal and settles the next time, each sale settled once",
    mti: "0500",
    setup: (d) => swiped(d, "1000"),
    act: async (d) => {
      await d.press("MENU", menu("SETTLEMENT"));
      await d.until("idle");
    },
    next: async (d) => {
      if (d.terminal.journal.batchNumber !== 1) throw new Error("the batch closed without an answer");
      await d.press("MENU", menu("SETTLEMENT"));
      await d.until("idle");
    },
    check: (d) => [
      ...is("the batch at the terminal", d.terminal.journal.batchNumber, 2),
      ...is("the sale settled at the host", entries(d, "sale").map((e) => e.settled), [true]),
      ...is("the settled totals", d.terminal.journal.lastSettlement && { debits: d.terminal.journal.lastSettlement.debits, debitsMinor: d.terminal.journal.lastSettlement.debitsMinor }, { debits: 1, debitsMinor: 1000 }),
    ],
  },
  {
    name: "an offline chip sale's advice 0220",
    mti: "0220",
    outcome: "the sale stands and its advice goes again before the next sale, booked once",
    shows: "APPROVED",
    // the signature card approves offline (TC) up to 50.00 under the floor limit of 100.00 (test/emv/cards/signature.json)
    act: (d) => chipSale(d, "2000"),
    check: (d) => [
      ...is("offline sales booked", entries(d, "sale").filter((e) => e.offline).map((e) => e.amountMinor), [2000]),
      ...is("money moved on the chip card", d.acquirer.ledger.net(CHIP), 2000),
      ...is("advices sent", sent(d).filter((m) => m === "0220").length >= 2, true),
      ...is("the sale at the terminal", d.terminal.journal.transactions()[0].state, "advised"),
    ],
  },
  {
    name: "a chip sale's TC upload (0320 with DE55) before the next sale",
    // the failing exchange is a message queued before the sale (REVERSAL_PENDING): the sale itself never left
    mti: "0320",
    outcome: "the next sale is refused before it leaves; the TC upload goes once more, as a repeat (0321), before the sale after, recorded once, and the chip sale stands",
    setup: onlineChipSale,
    act: (d) => swiped(d, "1500"),
    check: (d) => [
      ...is("TC uploads sent, then repeated (0321)", [uploads(d, true), sentAs(d, "0321")], [1, 1]),
      ...is("TC uploads recorded by the emulator", advices(d, "tcUpload").length, 1),
      ...is("the chip sale stands", d.acquirer.ledger.net(CHIP), 15000),
      ...is("the sale of 15.00 never left", entries(d, "sale").some((e) => e.amountMinor === 1500), false),
      ...is("money moved", d.acquirer.ledger.net(VISA), 700),
      ...is("the chip sale at the terminal", d.terminal.journal.transactions()[0].state, "completed"),
    ],
  },
  {
    name: "a chip sale's issuer script results (0620) before the next sale",
    // the failing exchange is a message queued before the sale (REVERSAL_PENDING): the sale itself never left
    mti: "0620",
    acquirer: scriptingAcquirer,
    outcome: "the next sale is refused before it leaves; the script results go once more, as a repeat (0621; the TC upload not again), before the sale after, recorded once",
    setup: scriptedSale,
    act: (d) => swiped(d, "1500"),
    check: (d) => [
      ...is("script results sent, then repeated (0621)", [sentAs(d, "0620"), sentAs(d, "0621")], [1, 1]),
      ...is("TC uploads sent", uploads(d, true), 1),
      ...is("script results recorded by the emulator", advices(d, "scriptResult").length, 1),
      ...is("TC uploads recorded by the emulator", advices(d, "tcUpload").length, 1),
      ...is("the chip sale stands", d.acquirer.ledger.net(CHIP_PIN), 5000),
      ...is("the sale of 15.00 never left", entries(d, "sale").some((e) => e.amountMinor === 1500), false),
      ...is("money moved", d.acquirer.ledger.net(VISA), 700),
    ],
  },
  {
    name: "a settlement's batch upload (0320 without DE55)",
    mti: "0320",
    outcome: "the batch stays open; the next settlement uploads it once more and closes it, each sale settled once, no money moved by the uploads",
    // the host's totals differ (95), so the terminal uploads its batch
    setup: async (d) => {
      await swiped(d, "1000");
      d.acquirer.inject({ on: "0500", kind: "reconcile" });
    },
    act: async (d) => {
      await d.press("MENU", menu("SETTLEMENT"));
      await d.until("idle");
    },
    next: async (d) => {
      if (d.terminal.journal.batchNumber !== 1) throw new Error("the batch closed without its upload answered");
      d.acquirer.inject({ on: "0500", kind: "reconcile" });
      await d.press("MENU", menu("SETTLEMENT"));
      await d.until("idle");
    },
    check: (d) => [
      ...is("batch uploads sent", uploads(d, false), 2),
      ...is("the batch at the terminal", d.terminal.journal.batchNumber, 2),
      ...is("uploaded at the closing settlement", d.terminal.journal.lastSettlement?.uploaded, 1),
      ...is("the ledger", [...d.acquirer.ledger.entries.values()].map((e) => [e.kind, e.amountMinor, e.settled]), [["sale", 1000, true]]),
      ...is("money moved", d.acquirer.ledger.net(VISA), 1000),
    ],
  },
  {
    name: "a sign-on's 0800",
    mti: "0800",
    outcome: "the emulator holds a new key the terminal lacks: the next sale is answered A0, the terminal signs on by itself and the sale after goes through",
    shows: "NOT_SIGNED_ON",
    act: async (d) => {
      await d.press("MENU", menu("SIGN_ON"));
      await d.until("idle");
    },
    next: async (d) => {
      await swiped(d, "1500");
      await swiped(d, "700");
    },
    check: (d) => [
      ...is("sales booked", entries(d, "sale").map((e) => e.amountMinor), [700]),
      ...is("the refused sale's reversal reached the emulator", d.acquirer.ledger.reversals, 1),
      ...is("messages after the failed sign-on", sent(d).slice(2), ["0200", "0800", "0400", "0200"]),
    ],
  },
];

for (const step of STEPS) {
  for (const kind of FAULTS) {
    const wanted = step.shows ?? (kind === "wrong-mac" ? "HOST_ERROR" : "NO_RESPONSE");
    test.serial(`${kind} on ${step.name}: ${wanted}, then ${step.outcome}`, async (t) => {
      const d = await device(step.acquirer ? { acquirer: await step.acquirer() } : {});
      try {
        await step.setup?.(d);
        const shown = d.shown.length;
        // delay: the answer comes 10 real s late, far past the client's 3 virtual s (the virtual clock runs while Node turns its event loop); closing the emulator drops it
        d.acquirer.inject({ on: step.mti, kind, ...(kind === "delay" ? { delayMs: 10_000 } : {}) });
        await step.act(d);
        t.true(d.shown.slice(shown).some((m) => m.id === wanted), `${wanted} in ${d.shown.slice(shown).map((m) => m.id).join(" ")}`);
        await (step.next ?? ((x: Device) => swiped(x, "700")))(d);
        t.deepEqual(d.terminal.journal.pending(), [], "nothing left to send");
        t.deepEqual(step.check(d), []);
        const reversals = sent(d).filter((m) => m === "0400").length;
        t.true(d.acquirer.ledger.reversals <= reversals, "the emulator counted no reversal the terminal did not send");
      } finally {
        await d.close();
      }
    });
  }
}

/** The host's refusal as the merchant reads it, in English and in Chinese (modules/display catalogues). */
function refusalOnScreen(t: ExecutionContext, shown: Message[]): void {
  const refusal = shown.find((m) => m.id === "HOST_ERROR");
  if (!refusal) return void t.fail(`no HOST_ERROR in ${shown.map((m) => m.id).join(" ")}`);
  t.regex(JSON.stringify(screenOf(refusal, "en")), /HOST REPLY REJECTED/);
  t.regex(JSON.stringify(screenOf(refusal, "zh")), /主机应答无效/);
  t.false(shown.some((m) => m.id === "NO_RESPONSE"), "no NO_RESPONSE: the host answered");
}

test.serial("a queued reversal answered with a wrong MAC before a sale: HOST_ERROR (HOST REPLY REJECTED, 主机应答无效), the sale never leaves, the reversal goes again before the next one", async (t) => {
  const d = await device();
  try {
    d.acquirer.inject({ on: "0200", kind: "drop" });
    await swiped(d, "1500");
    d.acquirer.inject({ on: "0400", kind: "wrong-mac" });
    const shown = d.shown.length;
    await swiped(d, "900");
    refusalOnScreen(t, d.shown.slice(shown));
    t.like(d.terminal.journal.pending()[0], { state: "reversing" });
    t.true(d.log.lines.some((l) => /failed: REVERSAL_PENDING/.test(l)));
    await swiped(d, "700");
    t.deepEqual(d.terminal.journal.pending(), []);
    t.is(d.acquirer.ledger.net(VISA), 700);
  } finally {
    await d.close();
  }
});

test.serial("a queued reversal answered with a wrong MAC at settlement: HOST_ERROR in both languages, the batch stays open and settles the next time", async (t) => {
  const d = await device();
  try {
    await swiped(d, "1000");
    d.acquirer.inject({ on: "0200", kind: "drop" });
    await swiped(d, "1500");
    d.acquirer.inject({ on: "0400", kind: "wrong-mac" });
    const shown = d.shown.length;
    await d.press("MENU", menu("SETTLEMENT"));
    await d.until("idle");
    refusalOnScreen(t, d.shown.slice(shown));
    t.is(d.terminal.journal.batchNumber, 1, "the batch stays open");
    t.false(sent(d).includes("0500"), "no settlement sent while the reversal is refused");
    await d.press("MENU", menu("SETTLEMENT"));
    await d.until("idle");
    t.is(d.terminal.journal.batchNumber, 2);
    t.deepEqual(d.terminal.journal.pending(), []);
    t.is(d.acquirer.ledger.net(VISA), 1000);
  } finally {
    await d.close();
  }
});

test.serial("the emulator loses the terminal's session key: the sale is answered A0 without a MAC; the terminal queues its reversal, signs on before anything else, and the next sale goes under the new key", async (t) => {
  const d = await device();
  try {
    d.acquirer.inject({ on: "0200", kind: "sign-on" });
    const shown = d.shown.length;
    await d.type("1500");
    await d.press("ENTER");
    await d.swipe(SWIPE);
    await d.until("idle");
    const ids = d.shown.slice(shown).map((m) => m.id);
    // the A0 answer came without a MAC: an answer refused, not a silent host
    t.true(ids.indexOf("HOST_ERROR") >= 0 && ids.indexOf("SIGNED_ON") > ids.indexOf("HOST_ERROR"), `the sale's answer is refused, then the terminal signs on by itself: ${ids.join(" ")}`);
    t.deepEqual(sent(d), ["0800", "0200", "0800"], "the sign-on follows the refused sale before any other message");
    t.like(d.terminal.journal.pending()[0], { state: "reversing", reversalReason: "A0" });
    t.is(d.acquirer.ledger.entries.size, 0, "a request whose MAC the host cannot check moves no money");
    await d.type("700");
    await d.press("ENTER");
    await d.swipe(SWIPE);
    await d.until("idle");
    t.deepEqual(sent(d), ["0800", "0200", "0800", "0400", "0200"]);
    t.is(d.acquirer.ledger.reversals, 1, "the reversal of the refused sale reached the emulator under the new key");
    t.is(d.acquirer.ledger.net(VISA), 700);
    t.deepEqual(d.terminal.journal.pending(), []);
  } finally {
    await d.close();
  }
});

test.serial("the emulator loses the key while the terminal is idle: the next transaction's answer asks for the sign-on, the one after goes through; nothing is booked twice", async (t) => {
  const d = await device();
  try {
    await d.press("MENU", menu("BALANCE"));
    d.acquirer.inject({ on: "0200", kind: "sign-on" });
    await d.swipe(SWIPE);
    await d.until("idle");
    t.deepEqual(sent(d), ["0800", "0200", "0800"]);
    t.true(d.shown.some((m) => m.id === "SIGNED_ON"));
    await d.press("MENU", menu("BALANCE"));
    await d.swipe(SWIPE);
    await d.until("idle");
    t.true(d.shown.some((m) => m.id === "BALANCE"), "the balance inquiry after the sign-on is answered");
    t.is(d.acquirer.ledger.net(VISA), 0);
  } finally {
    await d.close();
  }
});

test.serial("the emulator lost the terminal's key while it was off: the boot's recovery sends a pending reversal, gets A0, signs on once, and the reversal goes under the new key before the next sale", async (t) => {
  const d = await device();
  d.acquirer.inject({ on: "0200", kind: "drop" });
  await swiped(d, "1500");
  t.is(d.terminal.journal.pending().length, 1, "a reversal waits");
  await d.close(true);
  d.acquirer.inject({ on: "0400", kind: "sign-on" });
  const again = await device({ flash: d.flash.reboot(), keys: d.keys, store: d.store, acquirer: d.acquirer });
  try {
    t.is(again.terminal.state, "idle");
    t.deepEqual(sent(again), ["0400", "0800"], "recovery's reversal is refused A0, then one sign-on");
    t.true(again.terminal.acquirer.signedOn);
    await swiped(again, "700");
    t.deepEqual(sent(again), ["0400", "0800", "0400", "0200"]);
    t.like(entries(again, "sale").find((e) => e.amountMinor === 1500), { reversed: true });
    t.is(again.acquirer.ledger.net(VISA), 700);
    t.deepEqual(again.terminal.journal.pending(), []);
  } finally {
    await again.close();
  }
});
