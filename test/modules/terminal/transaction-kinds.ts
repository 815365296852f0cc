/**
 * Every kind of transaction the terminal runs, each driven through its
 * keypad, card and printer as a cardholder and a merchant would, and
 * the flash writes (journal) and store writes (DUKPT registers) it
 * costs, counted on the rig's memory flash and store. Shared by the
 * write-count test and the bench.
 */
import { fromHex } from "../../../modules/core/hex.ts";
import { bytes } from "../../../modules/iso8583/message.ts";
import { MemoryStore } from "../../../modules/core/memory-store.ts";
import type { KeypadKey } from "../../../modules/core/keys.ts";
import { tdesIpek } from "../../../modules/pin/dukpt/tdes-dukpt.ts";
import { TdesDukptTerminal } from "../../../modules/pin/dukpt/tdes-terminal.ts";
import { MENU_ITEMS } from "../../../modules/terminal/terminal.ts";
import { testCard } from "../emv/kernel/test-cards.ts";
import { tlv } from "../../support/emv-card.ts";
import { aidEntry, kernelConfig } from "../../support/emv-config.ts";
import { crypto, rig, swipeSale, STRIPE_NO_PIN, STRIPE_PIN, type Rig, type RigOptions } from "./terminal-harness.ts";

/** ANSI X9.24-1:2009 annex A test BDK and initial KSN */
const BDK = fromHex("0123456789ABCDEFFEDCBA9876543210");
const KSN = fromHex("FFFF9876543210E00000");

/** A {@link MemoryStore} that counts its writes. */
export class CountingStore extends MemoryStore {
  writes = 0;
  override write(key: string, value: Uint8Array): void {
    this.writes++;
    super.write(key, value);
  }
}

const item = (op: string) => String((MENU_ITEMS.indexOf(op as never) + 1) % 10) as KeypadKey;

/** the menu entry `op` */
function menu(r: Rig, op: string): void {
  r.press("MENU", item(op));
}

/** A chip card inserted for the amount keyed, taken out when the terminal asks for it; `pin` typed when the card's CVM asks for one. */
async function chip(r: Rig, card = testCard(), pin?: string): Promise<void> {
  r.insert(card);
  if (pin !== undefined) {
    await r.until("pin");
    r.type(pin);
    r.press("ENTER");
  }
  await r.until("remove-card");
  card.remove();
  r.terminal.handle({ type: "card-removed" });
  await r.idle();
}

/** The terminal's configuration for an offline chip approval: TAC online and default of zeros. */
function offlineConfig() {
  return kernelConfig([aidEntry("A0000000041010", { tacOnline: fromHex("0000000000"), tacDefault: fromHex("0000000000") })]);
}

/** A swiped sale, no PIN. */
export async function swipedSale(r: Rig): Promise<void> {
  swipeSale(r, "1250", STRIPE_NO_PIN);
  await r.idle();
}

/** A swiped sale whose service code asks for a PIN: a DUKPT PIN block goes with it. */
export async function pinSale(r: Rig): Promise<void> {
  swipeSale(r, "2000", STRIPE_PIN);
  r.type("2580");
  r.press("ENTER");
  await r.idle();
}

/** A pre-authorization of 60.00, swiped. */
async function preauth(r: Rig): Promise<void> {
  menu(r, "PREAUTH");
  r.type("6000");
  r.press("ENTER");
  r.terminal.handle({ type: "swipe", tracks: STRIPE_NO_PIN });
  await r.idle();
}

/** One kind of transaction: what is done before it (not counted), the transaction, and how it must end. */
export interface TransactionKind {
  /** the kind's name in the figures */
  name: string;
  options?: RigOptions;
  before?: (r: Rig) => Promise<void>;
  run: (r: Rig) => Promise<void>;
  /** what the transaction must have left: its journal state and receipts printed */
  ended: (r: Rig) => boolean;
}

const last = (r: Rig) => r.terminal.journal.transactions().at(-1);

/**
 * The kinds. A chip sale online is counted with its TC upload's delivery:
 * the upload goes before the next financial message, whose intent carries
 * its delivery mark, so the measure runs the chip sale and a swiped sale
 * and the caller takes a swiped sale's writes off (`withNextSwipe`).
 */
export const KINDS: readonly (TransactionKind & { withNextSwipe?: boolean })[] = [
  { name: "swipe", run: swipedSale, ended: (r) => last(r)?.state === "completed" && r.receipts.jobs.length === 2 },
  { name: "pinSwipe", run: pinSale, ended: (r) => last(r)?.state === "completed" && r.receipts.jobs.length === 2 },
  {
    name: "chipOnline",
   
    withNextSwipe: true,
    run: async (r) => {
      r.type("20000");
      r.press("ENTER");
      await chip(r);
      await swipedSale(r);
    },
    ended: (r) => r.terminal.journal.pending().length === 0 && r.terminal.journal.undeliveredMarks.length === 0 && r.receipts.jobs.length === 4,
  },
  {
    name: "chipOnlinePin",
    withNextSwipe: true,
    run: async (r) => {
      r.type("20000");
      r.press("ENTER");
      // CVM list (EMV Book 3 C3): no amounts, one rule 02 00 — enciphered PIN verified online, always
      await chip(r, testCard({ cvmList: "00000000000000000200" }), "2580");
      await swipedSale(r);
    },
    ended: (r) =>
      r.host.seen.some((m) => m.mti === "0200" && bytes(m, 52)?.length === 8) &&
      r.terminal.journal.transactions()[0]?.state === "completed" &&
      r.terminal.journal.pending().length === 0 &&
      r.terminal.journal.undeliveredMarks.length === 0 &&
      r.receipts.jobs.length === 4,
  },
  {
    name: "basketCash",
    run: async (r) => {
      r.press("F1");
      r.type("2"); r.press("ENTER"); r.type("350"); r.press("ENTER");
      r.type("1"); r.press("ENTER"); r.type("1200"); r.press("ENTER");
      r.press("ENTER");
      // 5.00 in cash, the card pays the other 14.00
      r.type("500"); r.press("ENTER");
      r.terminal.handle({ type: "swipe", tracks: STRIPE_NO_PIN });
      await r.idle();
    },
    ended: (r) => last(r)?.state === "completed" && last(r)?.amountMinor === 1400 && r.receipts.jobs.length === 2,
  },
  {
    name: "chipOffline",
   
    options: { config: offlineConfig() },
    run: async (r) => {
      r.type("5000");
      r.press("ENTER");
      // issuer action codes of zeros with the terminal's (EMV Book 3 10.7): no TVR bit asks for the host, 50.00 is under the floor limit
      await chip(r, testCard({ extra: [tlv("9F0D", "0000000000"), tlv("9F0E", "0000000000"), tlv("9F0F", "0000000000")] }));
    },
    ended: (r) => last(r)?.state === "advised" && r.receipts.jobs.length === 2,
  },
  {
    name: "refund",
   
    run: async (r) => {
      menu(r, "REFUND");
      r.type("700");
      r.press("ENTER");
      r.terminal.handle({ type: "swipe", tracks: STRIPE_NO_PIN });
      await r.idle();
    },
    ended: (r) => last(r)?.kind === "refund" && last(r)?.state === "completed" && r.receipts.jobs.length === 2,
  },
  { name: "preauth", run: preauth, ended: (r) => last(r)?.kind === "preauth" && last(r)?.state === "completed" && r.receipts.jobs.length === 2 },
  {
    name: "completion",
   
    before: preauth,
    run: async (r) => {
      menu(r, "PREAUTH_COMPLETION");
      r.type(String(r.terminal.journal.openHolds()[0].stan));
      r.press("ENTER");
      r.type("4500");
      r.press("ENTER", "ENTER");
      await r.idle();
    },
    ended: (r) => last(r)?.kind === "preauthCompletion" && last(r)?.state === "completed" && r.receipts.jobs.length === 2,
  },
  {
    name: "cancellation",
   
    before: preauth,
    run: async (r) => {
      menu(r, "PREAUTH_CANCEL");
      r.type(String(r.terminal.journal.openHolds()[0].stan));
      r.press("ENTER", "ENTER");
      await r.idle();
    },
    ended: (r) => last(r)?.kind === "preauthCancel" && last(r)?.state === "completed" && r.receipts.jobs.length === 2,
  },
  {
    name: "void",
   
    before: swipedSale,
    run: async (r) => {
      menu(r, "VOID");
      r.type(String(r.terminal.journal.transactions()[0].stan));
      r.press("ENTER", "ENTER");
      await r.idle();
    },
    ended: (r) => last(r)?.kind === "void" && last(r)?.state === "completed" && r.receipts.jobs.length === 2,
  },
  {
    name: "balance",
   
    run: async (r) => {
      menu(r, "BALANCE");
      r.terminal.handle({ type: "swipe", tracks: STRIPE_PIN });
      r.type("2580");
      r.press("ENTER");
      await r.idle();
    },
    ended: (r) => last(r)?.kind === "balance" && last(r)?.state === "completed" && r.receipts.jobs.length === 0,
  },
];

/** What one transaction cost: journal flash writes, bytes and records, and store writes (the DUKPT registers). */
export interface Cost {
  writes: number;
  bytes: number;
  records: number;
  storeWrites: number;
}

/** A started, signed-on rig on a store that counts its writes, the DUKPT initial key loaded in it. */
export async function countingRig(options: RigOptions = {}): Promise<Rig & { store: CountingStore }> {
  const store = new CountingStore();
  new TdesDukptTerminal(crypto, store).loadInitialKey(tdesIpek(crypto, BDK, KSN), KSN);
  return (await rig({ ...options, store })) as Rig & { store: CountingStore };
}

/** What `run` costs on `r` from now. */
export async function costOf(r: Rig & { store: CountingStore }, run: (r: Rig) => Promise<void>): Promise<Cost> {
  const before = { writes: r.flash.writes, bytes: r.flash.bytesWritten, records: r.terminal.journal.storage.lastSequence, storeWrites: r.store.writes };
  await run(r);
  return {
    writes: r.flash.writes - before.writes,
    bytes: r.flash.bytesWritten - before.bytes,
    records: r.terminal.journal.storage.lastSequence - before.records,
    storeWrites: r.store.writes - before.storeWrites,
  };
}

/**
 * What one transaction of `kind` costs on a fresh terminal, its setup
 * not counted; a chip sale online with its TC upload's delivery, the
 * next sale's own writes taken off.
 * @throws Error when the transaction did not end as `kind.ended` says
 */
export async function costOfKind(kind: TransactionKind & { withNextSwipe?: boolean }): Promise<Cost> {
  const r = await countingRig(kind.options);
  if (kind.before) await kind.before(r);
  r.receipts.jobs.length = 0;
  const cost = await costOf(r, kind.run);
  if (!kind.ended(r)) throw new Error(`the ${kind.name} did not end as its count assumes`);
  if (!kind.withNextSwipe) return cost;
  const swipe = await costOfKind(KINDS[0]);
  return { writes: cost.writes - swipe.writes, bytes: cost.bytes - swipe.bytes, records: cost.records - swipe.records, storeWrites: cost.storeWrites - swipe.storeWrites };
}
