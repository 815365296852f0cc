/**
 * Host declines end to end of the operations that name an earlier
 * transaction and read no card: a void, a pre-authorization completion and
 * a pre-authorization cancellation (the real drivers over virtual devices,
 * the acquirer emulator over real sockets). The emulator answers 25
 * (original not found, ISO 8583:1987 DE39) when it no longer holds what
 * the terminal names: a sale it has reversed on its side, a hold it has
 * released, a hold under another authorization code. DECLINED 25 on
 * screen through the terminal's keys; the journal's request declined and
 * at rest, the original as it was; nothing counted in the batch; no
 * receipt, no reversal.
 */
import test from "ava";
import { unpack } from "../../modules/iso8583/codec.ts";
import { ISO87A } from "../../modules/iso8583/dialect.ts";
import type { LedgerEntry } from "../../hosts/acquirer/ledger.ts";
import { VISA_SWIPE, device, swiped, type Device } from "./terminal-device.ts";
import { booked, journalAtRest, journalOf, keyCompletion, keyHoldCancel, keyVoid, reversalsSent, shownSince, startOperation } from "./terminal-e2e-support.ts";

interface LinkedDecline {
  name: string;
  /** the original, then changed on the emulator's side so that it answers 25 */
  setup(d: Device): Promise<void>;
  /** from idle to the confirmation's ENTER */
  key(d: Device): Promise<void>;
  /** MTI and processing code (DE3's first two digits) of the request sent */
  request: [string, string];
  journal: string[];
  ledger: string[];
  /** the batch's debits after the decline: the original sale's only */
  debits: number;
  openHolds: number;
}

/** `original`, then the emulator's entry of it (the terminal's first transaction) changed by `change`. */
const changedOnHost = (original: (d: Device) => Promise<void>, change: Partial<LedgerEntry>) => async (d: Device): Promise<void> => {
  await original(d);
  Object.assign([...d.acquirer.ledger.entries.values()][0], change);
};

/** A swiped pre-authorization of 60.00 on the PIN-less Visa test card. */
async function hold(d: Device): Promise<void> {
  await startOperation(d, { item: "PREAUTH", amount: 6000 });
  await d.swipe(VISA_SWIPE);
  await d.until("idle");
}

const CASES: LinkedDecline[] = [
  {
    name: "a void of a sale the host has reversed on its side",
    setup: changedOnHost((d) => swiped(d, "1000"), { reversed: true }),
    key: keyVoid,
    request: ["0200", "02"],
    journal: ["sale 1000 completed", "void 1000 declined"],
    ledger: ["sale 1000 00 reversed", "void 1000 25"],
    debits: 1,
    openHolds: 0,
  },
  {
    name: "a pre-authorization completion of a hold the host has released",
    setup: changedOnHost(hold, { closed: "released" }),
    key: (d) => keyCompletion(d, "4500"),
    request: ["0200", "00"],
    journal: ["preauth 6000 completed", "preauthCompletion 4500 declined"],
    ledger: ["preauth 6000 00", "preauthCompletion 4500 25"],
    debits: 0,
    openHolds: 1,
  },
  {
    name: "a pre-authorization cancellation of a hold the host holds under another authorization code",
    setup: changedOnHost(hold, { authCode: "ZZZZZZ" }),
    key: keyHoldCancel,
    request: ["0100", "20"],
    journal: ["preauth 6000 completed", "preauthCancel 6000 declined"],
    ledger: ["preauth 6000 00", "preauthCancel 6000 25"],
    debits: 0,
    openHolds: 1,
  },
];

for (const c of CASES) {
  test.serial(`${c.name}: DECLINED 25 on screen, ${c.request[0]} processing ${c.request[1]} sent once, the journal ${JSON.stringify(c.journal)} at rest, ${c.debits} debit(s) and ${c.openHolds} open hold(s), no receipt, no reversal`, async (t) => {
    const d = await device();
    try {
      await c.setup(d);
      const paper = d.paper().length;
      const uplink = d.uplink.length;
      const from = d.shown.length;
      await c.key(d);
      await d.until("idle");
      t.like(d.shown.slice(from).find((m) => m.id === "DECLINED"), { id: "DECLINED", responseCode: "25" }, shownSince(d, from).join(" "));
      t.false(shownSince(d, from).includes("APPROVED"));
      const requests = d.uplink.slice(uplink).map((f) => unpack(ISO87A, f.subarray(2))).filter((m) => m.mti === "0100" || m.mti === "0200");
      t.deepEqual(requests.map((m) => [m.mti, String(m.fields.get(3)).slice(0, 2)]), [c.request]);
      t.deepEqual(journalOf(d), c.journal);
      t.deepEqual(journalAtRest(d), []);
      t.like(d.terminal.journal.totals(), { debits: c.debits, credits: 0 });
      t.is(d.terminal.journal.openHolds().length, c.openHolds);
      t.deepEqual(booked(d), c.ledger);
      t.is(reversalsSent(d), 0);
      t.is(d.paper().length, paper, "no receipt printed");
    } finally {
      await d.close();
    }
  });
}
