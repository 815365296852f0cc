/**
 * Void of a chosen transaction end to end (the real drivers over virtual
 * devices, terminal-device.ts; the acquirer emulator over real sockets):
 * the merchant keys the trace number of an earlier sale, not the last
 * one; the 0200 processing 02 names that sale in DE90, the emulator voids
 * it and no other. A trace that names no voidable sale (unknown,
 * declined, already voided, or in a settled batch) is refused on the
 * terminal with nothing sent.
 */
import test from "ava";
import { unpack } from "../../modules/iso8583/codec.ts";
import { ISO87A } from "../../modules/iso8583/dialect.ts";
import { VISA, device, menu, swiped, type Device } from "./terminal-device.ts";
import { booked, journalAtRest, journalOf, sent } from "./terminal-e2e-support.ts";

/** The void's menu, the trace keyed, ENTER: the confirmation (or the refusal) on screen. */
async function chooseTrace(d: Device, trace: number): Promise<void> {
  await d.press("MENU", menu("VOID"));
  await d.type(String(trace));
  await d.press("ENTER");
}

test.serial("void of a chosen sale by its trace (the first of three): the confirmation shows that sale's amount and card; the 0200 processing 020000 names its STAN in DE90; the emulator voids it alone; the journal's sale voided, the others counted", async (t) => {
  const d = await device();
  try {
    await swiped(d, "1000");
    await swiped(d, "2000");
    await swiped(d, "3000");
    const [first] = d.terminal.journal.transactions();
    t.like(first, { kind: "sale", amountMinor: 1000 });
    await chooseTrace(d, first.stan);
    t.like(d.shown.at(-1), { id: "CONFIRM_TRANSACTION", operation: "VOID", amount: { minor: 1000 }, cardLast4: "1111" });
    await d.press("ENTER");
    await d.until("idle");
    const request = unpack(ISO87A, d.uplink.at(-1)!.subarray(2));
    t.is(request.mti, "0200");
    t.is(request.fields.get(3), "020000");
    // DE90: original MTI (4), original STAN (6), original transmission date and time (10), ...
    t.is(String(request.fields.get(90)).slice(0, 10), `0200${String(first.stan).padStart(6, "0")}`);
    t.deepEqual(booked(d), ["sale 1000 00 voided", "sale 2000 00", "sale 3000 00", "void 1000 00"]);
    const entries = [...d.acquirer.ledger.entries.values()];
    t.is(entries.find((e) => e.kind === "void")?.of, entries[0].key, "the emulator's void points at the first sale");
    t.is(d.acquirer.ledger.net(VISA), 5000);
    t.deepEqual(journalOf(d), ["sale 1000 voided", "sale 2000 completed", "sale 3000 completed", "void 1000 completed"]);
    t.like(d.terminal.journal.totals(), { debits: 2, debitsMinor: 5000 });
    t.deepEqual(journalAtRest(d), []);
    t.true(d.shown.some((m) => m.id === "APPROVED" && m.amount.minor === 1000));
  } finally {
    await d.close();
  }
});

/** Traces that name no sale the terminal can void, and how each comes about. */
const NOT_VOIDABLE: { name: string; setup(d: Device): Promise<number> }[] = [
  {
    name: "an unknown trace",
    setup: async (d) => {
      await swiped(d, "1000");
      return 77;
    },
  },
  {
    name: "a declined sale's trace",
    setup: async (d) => {
      d.acquirer.accounts.get(VISA)!.balanceMinor = 500;
      await swiped(d, "1000");
      d.acquirer.accounts.get(VISA)!.balanceMinor = 500_000;
      return d.terminal.journal.transactions()[0].stan;
    },
  },
  {
    name: "an already voided sale's trace",
    setup: async (d) => {
      await swiped(d, "1000");
      const stan = d.terminal.journal.transactions()[0].stan;
      await chooseTrace(d, stan);
      await d.press("ENTER");
      await d.until("idle");
      return stan;
    },
  },
  {
    name: "the trace of a sale in a settled batch",
    setup: async (d) => {
      await swiped(d, "1000");
      const stan = d.terminal.journal.transactions()[0].stan;
      await d.press("MENU", menu("SETTLEMENT"));
      await d.until("idle");
      if (d.terminal.journal.batchNumber !== 2) throw new Error("the batch did not settle");
      return stan;
    },
  },
];

for (const c of NOT_VOIDABLE) {
  test.serial(`void of ${c.name}: DECLINED 25 on the terminal at once, nothing sent, the emulator's ledger and the journal unchanged`, async (t) => {
    const d = await device();
    try {
      const trace = await c.setup(d);
      const frames = d.uplink.length;
      const ledger = booked(d);
      const journal = journalOf(d);
      await chooseTrace(d, trace);
      t.deepEqual(d.shown.at(-1), { id: "DECLINED", responseCode: "25" });
      await d.until("idle");
      t.deepEqual(sent(d).slice(frames), [], "nothing sent");
      t.deepEqual(booked(d), ledger);
      t.deepEqual(journalOf(d), journal);
    } finally {
      await d.close();
    }
  });
}
