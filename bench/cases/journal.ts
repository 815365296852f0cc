import type { BenchCase } from "../case.ts";
import { benchEnv } from "../env.ts";
import { fromHex, toHex } from "../../modules/core/hex.ts";
import { MemoryKeyStore } from "../../modules/core/key-store.ts";
import { VirtualClock } from "../../modules/core/virtual-clock.ts";
import type { Crypto } from "../../modules/crypto/port.ts";
import { pack, unpack } from "../../modules/iso8583/codec.ts";
import { ISO87A } from "../../modules/iso8583/dialect.ts";
import { responseMti, text } from "../../modules/iso8583/message.ts";
import { TransactionJournal, sealedReserve } from "../../modules/journal/transaction-journal.ts";
import { AcquirerClient } from "../../modules/uplink/acquirer-client.ts";
import { LoopbackLink } from "../../modules/uplink/loopback-link.ts";
import { packWithMac } from "../../modules/uplink/message-mac.ts";
import { Journal } from "../../modules/journal/journal.ts";
import { MemoryFlash } from "../../modules/journal/memory-flash.ts";
import { recordSize } from "../../modules/journal/record.ts";
import { recover } from "../../modules/journal/recover.ts";
import type { KeypadKey } from "../../modules/core/keys.ts";
import { MENU_ITEMS } from "../../modules/terminal/terminal.ts";
import { rig, swipeSale, STRIPE_NO_PIN, type Rig } from "../../test/modules/terminal/terminal-harness.ts";
import { KINDS, costOfKind, countingRig, pinSale } from "../../test/modules/terminal/transaction-kinds.ts";
import type { PreferencePort } from "../../hosts/esp32/preference-port.ts";
import { PreferenceStore } from "../../hosts/esp32/preference-store.ts";

/** The device's journal partition: 16 erase blocks of 4 KB. */
const GEOMETRY = { blocks: 16, blockSize: 4096 };
/** About what a sale's record holds: amount, masked PAN, STAN, RRN, auth code, time, result. */
const PAYLOAD = Uint8Array.from({ length: 80 }, (_, i) => (i * 37) & 0xff);
const SNAPSHOT = new Uint8Array(32).fill(0x5a);
const RECORDS = 500;

/** The terminal's append: compact (keeping a snapshot) when the journal refuses, then append. */
function appendOne(journal: Journal): number {
  if (!journal.canAppend(PAYLOAD.length)) journal.compact([{ type: 2, payload: SNAPSHOT }]);
  return journal.append(1, PAYLOAD);
}

/** Appends counted for the figures: enough to go round the ring several times. */
const RING_RECORDS = 2000;

/** What appends cost the flash, compactions included, counted on the memory flash. */
function appendFigures() {
  const flash = new MemoryFlash(GEOMETRY);
  const journal = Journal.open(flash);
  for (let i = 0; i < RING_RECORDS; i++) appendOne(journal);
  const per = (n: number, scale = 1) => Math.round((n / RING_RECORDS) * scale * 100) / 100;
  return {
    payloadBytes: PAYLOAD.length,
    recordBytes: recordSize(PAYLOAD.length),
    records: RING_RECORDS,
    bytesWrittenPerRecord: per(flash.bytesWritten),
    writesPerRecord: per(flash.writes),
    erasesPer1000Records: per(flash.erases, 1000),
  };
}

/** 500 records and a torn 501st in the middle of the head block (so that opening writes nothing). */
function fiveHundred(): MemoryFlash {
  const flash = new MemoryFlash(GEOMETRY);
  const journal = Journal.open(flash);
  for (let i = 0; i < RECORDS; i++) journal.append(1, PAYLOAD);
  flash.cutPowerAt(flash.operations + 1);
  try {
    journal.append(1, PAYLOAD);
  } catch {
    // the power cut this benchmark stages
  }
  return flash.reboot();
}

export const journalAppend: BenchCase = {
  name: "journal.append",
  unit: "append of one 80-byte record (one flash write: header, payload, CRC) to a 64 KB memory flash of 4 KB blocks; when the journal refuses, a compaction keeping a 32-byte snapshot, and its erases, amortized",
  setup() {
    const journal = Journal.open(new MemoryFlash(GEOMETRY));
    return () => appendOne(journal);
  },
  figures: appendFigures,
};

export const journalOpen: BenchCase = {
  name: "journal.open500",
  unit: "open (recovery scan of all 16 blocks, torn last record dropped) of a journal holding 500 records of 80 bytes, then every record read back",
  setup() {
    const flash = fiveHundred();
    return () => {
      let n = 0;
      for (const _ of Journal.open(flash).records()) n++;
      if (n !== RECORDS) throw new Error(`read ${n} records back, not ${RECORDS}`);
      return n;
    };
  },
  figures() {
    const flash = fiveHundred();
    Journal.open(flash);
    return { records: RECORDS, flashBytesScanned: GEOMETRY.blocks * GEOMETRY.blockSize, writesAtOpen: flash.writes, erasesAtOpen: flash.erases };
  },
};


/** A loopback acquirer for the client's cases: it signs on with a fixed MAC key and approves everything. */
function loopbackAcquirer(crypto: Crypto): LoopbackLink {
  const tak = fromHex("0123456789ABCDEFFEDCBA9876543210");
  const tmk = fromHex("1C1C1C1C1C1C1C1C0D0D0D0D0D0D0D0D");
  let rrn = 0;
  return new LoopbackLink((raw) => {
    const request = unpack(ISO87A, raw);
    const fields = new Map<number, string>([
      [11, text(request, 11)!],
      [41, text(request, 41)!],
      [39, "00"],
    ]);
    if (request.mti === "0800") {
      const kcv = toHex(crypto.blockEncrypt("TDES", "ECB", tak, new Uint8Array(8)).subarray(0, 3));
      fields.set(48, toHex(crypto.blockEncrypt("TDES", "ECB", tmk, tak)) + kcv);
      return [pack(ISO87A, { mti: "0810", fields })];
    }
    if (request.mti === "0200") {
      rrn++;
      fields.set(37, String(rrn).padStart(12, "0"));
      fields.set(38, String(rrn % 1000000).padStart(6, "0"));
    }
    return [packWithMac(crypto, ISO87A, { mti: responseMti(request.mti), fields }, tak)];
  });
}

/** A signed-on client with its journal on a memory flash of the device's geometry. */
async function saleClient(crypto: Crypto) {
  const flash = new MemoryFlash(GEOMETRY);
  const keys = new MemoryKeyStore();
  const client = new AcquirerClient({
    link: loopbackAcquirer(crypto),
    clock: new VirtualClock(),
    wallClock: { utcMs: () => Date.UTC(2026, 5, 1, 12, 0, 0), offsetMinutes: () => 120 },
    crypto,
    keys,
    journal: TransactionJournal.open(flash, { crypto, keys }),
    log: { write: () => {} },
    config: { host: "acquirer", port: 8583, dialect: ISO87A, terminalId: "TERM0001", merchantId: "MERCHANT0000001" },
  });
  client.loadMasterKey(fromHex("1C1C1C1C1C1C1C1C0D0D0D0D0D0D0D0D"));
  await client.signOn();
  return { client, flash };
}

const SALE = { kind: "sale" as const, amountMinor: 1250, currency: "978", pan: "4111111111111111", expiry: "3012", track2: "4111111111111111=30121010000000000", entry: "swipe" as const };

/** One sale; when the journal asks for a settlement first, the settlement (amortized over the batch). */
async function oneSale(client: AcquirerClient): Promise<void> {
  if (!client.journal.canStart()) await client.settle();
  const r = await client.authorize(SALE);
  if (r.status !== "approved") throw new Error(`sale ${r.status}`);
}

/** Sales counted for the figures: enough for several batches, each closed when the journal fills. */
const CLIENT_SALES = 1000;

export const clientSale: BenchCase = {
  name: "uplink.sale",
  unit: "one swiped sale through AcquirerClient (pack, X9.19 MACs both ways, loopback host) with its journal records (intent, answer: `figures.journalRecordsPerSale`) on a 64 KB memory flash of 4 KB blocks; when the journal is full, the settlement and compaction, amortized",
  setup(env) {
    let ready: Promise<AcquirerClient> | undefined;
    return async () => {
      ready ??= saleClient(env.crypto).then((r) => r.client);
      await oneSale(await ready);
    };
  },
  async figures() {
    const { client, flash } = await saleClient(benchEnv().crypto);
    const before = { writes: flash.writes, bytes: flash.bytesWritten, records: client.journal.storage.lastSequence };
    await oneSale(client);
    const one = { writes: flash.writes - before.writes, bytes: flash.bytesWritten - before.bytes, records: client.journal.storage.lastSequence - before.records };
    let batchSales = 1;
    while (client.journal.canStart()) {
      await oneSale(client);
      batchSales++;
    }
    const start = { writes: flash.writes, bytes: flash.bytesWritten, erases: flash.erases };
    for (let i = 0; i < CLIENT_SALES; i++) await oneSale(client);
    const per = (n: number, scale = 1) => Math.round((n / CLIENT_SALES) * scale * 100) / 100;
    return {
      journalRecordsPerSale: one.records,
      flashWritesPerSale: one.writes,
      flashBytesPerSale: one.bytes,
      salesPerBatchOn64KB: batchSales,
      sales: CLIENT_SALES,
      flashWritesPerSaleWithSettlements: per(flash.writes - start.writes),
      flashBytesPerSaleWithSettlements: per(flash.bytesWritten - start.bytes),
      erasesPer1000Sales: per(flash.erases - start.erases, 1000),
    };
  },
};

/** A swiped sale through the terminal application: amount, ENTER, the stripe (no PIN), the host's approval, both receipt copies. */
async function terminalSwipe(r: Rig): Promise<void> {
  if (!r.terminal.journal.canStart()) {
    r.press("MENU", String(MENU_ITEMS.indexOf("SETTLEMENT") + 1) as KeypadKey);
    await r.idle();
  }
  swipeSale(r, "1250", STRIPE_NO_PIN);
  await r.idle();
}

/** An NVS `preference` module in memory that counts the calls a write makes (hosts/esp32/preference-port.ts). */
class CountingPreference implements PreferencePort {
  readonly #values = new Map<string, string | boolean | number | ArrayBuffer>();
  sets = 0;
  deletes = 0;
  get(domain: string, key: string) {
    const v = this.#values.get(`${domain}/${key}`);
    return v instanceof ArrayBuffer ? v.slice(0) : v;
  }
  set(domain: string, key: string, value: string | boolean | number | ArrayBuffer): void {
    this.sets++;
    this.#values.set(`${domain}/${key}`, value instanceof ArrayBuffer ? value.slice(0) : value);
  }
  delete(domain: string, key: string): void {
    this.deletes++;
    this.#values.delete(`${domain}/${key}`);
  }
}

/** The NVS calls the board's key store (hosts/esp32/preference-store.ts) makes for one write of the DUKPT registers as the PIN sale saved them. */
async function nvsCallsPerStoreWrite(): Promise<{ sets: number; deletes: number }> {
  const r = await countingRig();
  await pinSale(r);
  const key = r.store.keys()[0];
  const preference = new CountingPreference();
  new PreferenceStore(preference).write(key, r.store.read(key)!);
  return { sets: preference.sets, deletes: preference.deletes };
}

/** The requirement: at most this many journal flash writes for one transaction with both its receipt copies. */
const MAX_WRITES_PER_TRANSACTION = 4;

export const terminalSale: BenchCase = {
  name: "terminal.sale",
  unit: "one swiped sale through createTerminal (keypad, stripe, AcquirerClient on a loopback host with MACs, both receipt copies to a recording printer) on a 64 KB memory flash of 4 KB blocks; when the journal is full, the settlement, amortized. Figures: for each kind of transaction (test/modules/terminal/transaction-kinds.ts: swipe, pinSwipe, chipOnline, chipOnlinePin, basketCash, chipOffline, refund, preauth, completion, cancellation, void, balance), <kind>FlashWrites, <kind>FlashBytes and <kind>JournalRecords, its receipts included, counted on the journal's memory flash; chipOnline counts every write the chip sale causes, its TC upload's delivery included (sent before the next sale, its mark carried by that sale's intent: the next sale's writes less a swiped sale's), chipOnlinePin likewise with the PIN typed for the card's online-PIN CVM, basketCash a two-line basket part paid in cash and the rest by a swiped card, chipOffline its advice delivered at once. pinSwipeKeyStoreWrites: writes of the DUKPT registers to the key store (outside the journal) for one swiped PIN sale, and nvsSetsPerKeyStoreWrite and nvsDeletesPerKeyStoreWrite the `preference` calls one such write makes on the board (hosts/esp32/nvs-blobs.ts). maxFlashWritesPerTransaction is the target, and flashWritesPerTransactionMeetTarget whether every kind keeps to it (those the batch counts or changes, and the pre-authorization and balance inquiry as well)",
  setup() {
    let ready: Promise<Rig> | undefined;
    return async () => {
      ready ??= rig();
      await terminalSwipe(await ready);
    };
  },
  async figures() {
    const figures: Record<string, number> = {};
    let meet = true;
    for (const kind of KINDS) {
      const cost = await costOfKind(kind);
      figures[`${kind.name}FlashWrites`] = cost.writes;
      figures[`${kind.name}FlashBytes`] = cost.bytes;
      figures[`${kind.name}JournalRecords`] = cost.records;
      if (cost.writes > MAX_WRITES_PER_TRANSACTION) meet = false;
      if (kind.name === "pinSwipe") figures.pinSwipeKeyStoreWrites = cost.storeWrites;
    }
    const nvs = await nvsCallsPerStoreWrite();
    figures.nvsSetsPerKeyStoreWrite = nvs.sets;
    figures.nvsDeletesPerKeyStoreWrite = nvs.deletes;
    figures.maxFlashWritesPerTransaction = MAX_WRITES_PER_TRANSACTION;
    figures.flashWritesPerTransactionMeetTarget = Number(meet);
    return figures;
  },
};

/** The device's journal partition (hosts/esp32/partitions.csv): 64 erase blocks of 4 KB, 256 KB; a batch of 500 sales with their receipts fits with room to spare. */
const GEOMETRY_500 = { blocks: 64, blockSize: 4096 };
const BATCH = 500;
/** Chip data of about the size the kernel's DE55 has for a TC upload (9F26, 9F27, 9F36, 9F10, 95, 9B, 9A, 9C, 9F02, 5F2A, 82, 9F1A, 9F33, 9F34, 9F35, 9F1E, 84, 9F09, 9F41): opaque to the journal. */
const ICC_DATA = Uint8Array.from({ length: 150 }, (_, i) => (i * 53 + 7) & 0xff);

/**
 * A journal holding a batch of 500 sales as the terminal writes them
 * with both receipt copies, one in two by chip: a swiped sale is its
 * intent, its answer completed with the receipt's data, and one
 * print-job record per copy; a chip sale's answer also queues its TC
 * upload with the chip data, and the upload's delivery mark rides in the
 * next sale's intent (the last sale is swiped, so none is left waiting).
 */
function fullBatch(crypto: Crypto, seal = false): { flash: MemoryFlash; keys: MemoryKeyStore } {
  const flash = new MemoryFlash(GEOMETRY_500);
  const keys = new MemoryKeyStore();
  const journal = TransactionJournal.open(flash, { crypto, keys });
  for (let i = 0; i < BATCH; i++) {
    const chip = i % 2 === 0;
    if (!journal.canStart(seal ? sealedReserve() : 0, chip)) throw new Error(`the journal is full after ${i} sales`);
    const entry = chip ? "chip" : "swipe";
    const { stan } = journal.begin({ kind: "sale", amountMinor: 100 + i, currency: "978", utcMs: Date.UTC(2026, 5, 1, 12, 0, i % 60), offsetMinutes: 120, entry, pan: i % 4 < 2 ? "4111111111111111" : "5555555555554444", seal });
    const receipt = chip
      ? { cvm: "pin" as const, chip: { aid: "A0000000031010", label: "VISA CREDIT", tvr: "0000008000", tsi: "E800", cryptogram: "1A2B3C4D5E6F7081", cryptogramType: "TC" as const } }
      : { cvm: "signature" as const };
    journal.answered({
      stan, approved: true, completed: true, responseCode: "00", authCode: String(i).padStart(6, "0"), rrn: String(600000000000 + i), receipt,
      ...(chip ? { chipAdvice: { tcUpload: true, scriptResult: false, iccData: ICC_DATA } } : {}),
    });
    journal.printJob({ stan, merchant: "done", customer: "queued" });
    journal.printJob({ stan, merchant: "done", customer: "done" });
    if (chip) journal.chipAdviceDelivered(stan, "tcUpload");
  }
  return { flash, keys };
}

export const recoverBatch: BenchCase = {
  name: "journal.recover500",
  unit: "boot recovery of a batch of 500 sales with their receipts as the terminal writes them, one in two by chip with its TC upload delivered, its mark in the next intent (`figures.records` records on a 256 KB memory flash of 4 KB blocks, the device's partition): the journal's scan, the fold over every record, the batch totals, the receipt jobs",
  xsTargetUs: 50_000,
  setup(env) {
    const { flash, keys } = fullBatch(env.crypto);
    return () => {
      const journal = TransactionJournal.open(flash, { crypto: env.crypto, keys });
      const totals = journal.totals();
      if (totals.debits !== BATCH || journal.pending().length !== 0 || journal.pendingPrints().length !== 0) throw new Error(`recovered ${totals.debits} sales`);
      return totals.debitsMinor;
    };
  },
  figures() {
    const { flash, keys } = fullBatch(benchEnv().crypto);
    const image = flash.image();
    let used = 0;
    for (let b = 0; b < GEOMETRY_500.blocks; b++) if (image[b * GEOMETRY_500.blockSize] !== 0xff) used++;
    // the records a boot finds, counted on the journal reopened rather than worked out from the batch's shape
    let records = 0;
    for (const _ of TransactionJournal.open(flash, { crypto: benchEnv().crypto, keys }).storage.records()) records++;
    return { sales: BATCH, records, bytesWritten: flash.bytesWritten, blocksUsed: used, partitionBytes: GEOMETRY_500.blocks * GEOMETRY_500.blockSize };
  },
};

/** The journal the held500 case opened last: kept alive, so that the heap figure counts what an open journal holds. */
let held: TransactionJournal | undefined;

export const heldBatch: BenchCase = {
  name: "journal.held500",
  unit: "open of a journal holding a batch of 500 sales as journal.recover500's, each with its PAN sealed (a link whose voids carry the PAN), the opened journal kept: xsHeapOfOneOperation.xsnapRetainedSlots less xsnapIdleSlotsWholeBundle is the slots the open journal holds while the terminal idles (xsnap counts no chunk bytes: figures.tableRowBytes adds the rows' byte arrays)",
  xsHeap: true,
  setup(env) {
    const { flash, keys } = fullBatch(env.crypto, true);
    // XS keeps the last journal opened reachable a while after its owner drops it: open an empty one last,
    // before the idle count and after the operation's, so that neither count holds the batch but by `held`
    const empty = new MemoryFlash({ blocks: 4, blockSize: 4096 });
    const openEmpty = () => TransactionJournal.open(empty, { crypto: env.crypto, keys });
    openEmpty();
    return () => {
      held = TransactionJournal.open(flash, { crypto: env.crypto, keys });
      if (held.totals().debits !== BATCH || !held.find(held.counters.stan)?.sealed) throw new Error("the batch did not recover sealed");
      openEmpty();
      return held.counters.stan;
    };
  },
  figures() {
    const { flash } = fullBatch(benchEnv().crypto, true);
    // the byte arrays of the rows, blocks of 32, as the table holds them once the batch is folded
    const { table } = recover(Journal.open(flash).records());
    return { sales: BATCH, sealed: BATCH, bytesWritten: flash.bytesWritten, tableRowBytes: table.bytes };
  },
};

export const JOURNAL_CASES = [journalAppend, journalOpen, clientSale, terminalSale, recoverBatch, heldBatch];
