import test from "ava";
import { PartitionFlash } from "../../hosts/esp32/flash-log.ts";
import { Journal, type JournalRecord } from "../../modules/journal/journal.ts";
import { runStep, terminalScript } from "../modules/journal/terminal-script.ts";
import { FakeFlashStorage } from "../support/moddable-flash.ts";

// 5 erase blocks of 256 bytes, as test/modules/journal/power-cut.test.ts: the script wraps the ring and compacts
const BLOCK = 256;
const STEPS = terminalScript(419, 130, 56);

function storage(blocks = 5): FakeFlashStorage {
  return new FakeFlashStorage({ journal: blocks * BLOCK, nvs: 4 * BLOCK }, BLOCK);
}

const plain = (records: JournalRecord[]) => records.map((r) => ({ sequence: r.sequence, type: r.type, payload: Array.from(r.payload) }));

test("the geometry is the partition's status(): blocks of blockLength bytes", (t) => {
  const flash = new PartitionFlash(storage(7).open({ path: "journal", mode: "r+" }));
  t.is(flash.blockSize, BLOCK);
  t.is(flash.blocks, 7);
});

test("a fresh partition reads erased; writes AND over what is there; an erase sets its block to FF and no other", (t) => {
  const s = storage();
  const flash = new PartitionFlash(s.open({ path: "journal", mode: "r+" }));
  t.true(flash.read(0, 5 * BLOCK).every((b) => b === 0xff));
  flash.write(BLOCK + 6, Uint8Array.of(0xf0, 0x0f, 0xaa));
  flash.write(BLOCK + 6, Uint8Array.of(0x3c, 0x3c, 0xff));
  flash.write(2 * BLOCK, Uint8Array.of(0x00));
  t.deepEqual(flash.read(BLOCK + 6, 3), Uint8Array.of(0x30, 0x0c, 0xaa));
  flash.eraseBlock(2);
  t.is(flash.read(2 * BLOCK, 1)[0], 0xff);
  t.deepEqual(flash.read(BLOCK + 6, 3), Uint8Array.of(0x30, 0x0c, 0xaa), "block 1 kept its bytes");
  flash.close();
  // the bytes are the partition's: a partition opened again reads them
  t.deepEqual(new PartitionFlash(s.open({ path: "journal" })).read(BLOCK + 6, 3), Uint8Array.of(0x30, 0x0c, 0xaa));
});

test("a write of a view into a larger buffer programs the view's bytes only", (t) => {
  const s = storage();
  const flash = new PartitionFlash(s.open({ path: "journal", mode: "r+" }));
  const whole = Uint8Array.of(0x11, 0x22, 0x33, 0x44);
  flash.write(8, whole.subarray(1, 3));
  t.deepEqual(s.image("journal").subarray(7, 11), Uint8Array.of(0xff, 0x22, 0x33, 0xff));
});

test("a read answers a copy the caller owns: changing it changes neither the partition nor the next read", (t) => {
  const flash = new PartitionFlash(storage().open({ path: "journal", mode: "r+" }));
  flash.write(0, Uint8Array.of(1, 2, 3));
  const first = flash.read(0, 3);
  first.fill(0);
  t.deepEqual(flash.read(0, 3), Uint8Array.of(1, 2, 3));
});

test("reads, writes and erases outside the partition are FLASH_RANGE before the partition is touched", (t) => {
  const s = storage();
  const partition = s.open({ path: "journal", mode: "r+" });
  const flash = new PartitionFlash(partition);
  t.throws(() => flash.read(5 * BLOCK - 2, 3), { code: "FLASH_RANGE" });
  t.throws(() => flash.read(-1, 1), { code: "FLASH_RANGE" });
  t.throws(() => flash.write(5 * BLOCK - 1, Uint8Array.of(1, 2)), { code: "FLASH_RANGE" });
  t.throws(() => flash.eraseBlock(5), { code: "FLASH_RANGE" });
  t.throws(() => flash.eraseBlock(1.5), { code: "FLASH_RANGE" });
  t.deepEqual(partition.calls, { read: 0, write: 0, erase: 0 });
  t.true(s.image("journal").every((b) => b === 0xff));
});

test("the journal's records survive closing the partition and opening it again, across wraps and compactions", (t) => {
  const s = storage();
  const flash = new PartitionFlash(s.open({ path: "journal", mode: "r+" }));
  const journal = Journal.open(flash);
  let model: JournalRecord[] = [];
  STEPS.forEach((step, i) => (model = runStep(journal, model, step, i)));
  flash.close();
  t.true(model.length > 0);
  const again = Journal.open(new PartitionFlash(s.open({ path: "journal", mode: "r+" })));
  t.deepEqual(plain([...again.records()]), plain(model));
});

test("a power cut in the middle of each write and each erase of the script: opened again, the journal holds exactly what had committed", (t) => {
  // the clean run: the log after each journal operation, and the partition operation (writes and erases counted) that committed it
  const clean = storage();
  const cleanPartition = clean.open({ path: "journal", mode: "r+" });
  const cleanJournal = Journal.open(new PartitionFlash(cleanPartition));
  const ops = () => cleanPartition.calls.write + cleanPartition.calls.erase;
  const commits: { op: number; model: JournalRecord[] }[] = [{ op: 0, model: [] }];
  let model: JournalRecord[] = [];
  STEPS.forEach((step, i) => {
    model = runStep(cleanJournal, model, step, i, (m) => commits.push({ op: cleanPartition.lastWrite, model: m }));
  });
  const total = ops();
  t.true(cleanPartition.calls.erase > 10, `the script erases ${cleanPartition.calls.erase} times`);
  const failures: string[] = [];
  for (let k = 1; k <= total; k++) {
    const s = storage();
    const partition = s.open({ path: "journal", mode: "r+" });
    partition.cutPowerAt(k);
    let cut = false;
    try {
      const journal = Journal.open(new PartitionFlash(partition));
      let m: JournalRecord[] = [];
      STEPS.forEach((step, i) => (m = runStep(journal, m, step, i)));
    } catch (e) {
      cut = (e as Error).message === "power cut";
      if (!cut) failures.push(`cut ${k}: ${String(e)}`);
    }
    if (!cut) {
      failures.push(`cut ${k}: the script ran to its end`);
      continue;
    }
    const before = commits.filter((c) => c.op < k);
    const expected = before[before.length - 1].model;
    const recovered = [...Journal.open(new PartitionFlash(s.open({ path: "journal", mode: "r+" }))).records()];
    if (JSON.stringify(plain(recovered)) !== JSON.stringify(plain(expected))) {
      failures.push(`cut at operation ${k}: recovered ${JSON.stringify(recovered.map((r) => r.sequence))}, expected ${JSON.stringify(expected.map((r) => r.sequence))}`);
    }
  }
  t.log(`${total} writes and erases, each cut in turn`);
  t.deepEqual(failures, []);
});

test("a partition opened read-only refuses the journal's writes with the SDK's error", (t) => {
  const flash = new PartitionFlash(storage().open({ path: "journal", mode: "r" }));
  t.throws(() => flash.write(0, Uint8Array.of(0)), { message: "read-only" });
  t.throws(() => flash.eraseBlock(0), { message: "read-only" });
});
