import test from "ava";
import { isXsposError } from "../../../modules/core/error.ts";
import { seededRandom } from "../../../modules/core/seeded-random.ts";
import { Journal, type JournalRecord } from "../../../modules/journal/journal.ts";
import { MemoryFlash } from "../../../modules/journal/memory-flash.ts";
import { crc32 } from "../../../modules/journal/crc32.ts";
import { recordSize } from "../../../modules/journal/record.ts";
import { runStep, terminalScript } from "./terminal-script.ts";

// 5 blocks of 256 bytes, one of them the compaction reserve: the script wraps the ring many times.
const GEOMETRY = { blocks: 5, blockSize: 256 };
const STEPS = terminalScript(419, 130, 56);
const AFTER = terminalScript(7, 4, 56, 2);

/** The log as it stands once a journal operation has returned, and the flash operation that committed it. */
interface Commit {
  op: number;
  model: JournalRecord[];
}

function cleanRun() {
  const flash = new MemoryFlash(GEOMETRY);
  const journal = Journal.open(flash);
  const commits: Commit[] = [{ op: 0, model: [] }];
  let model: JournalRecord[] = [];
  STEPS.forEach((step, i) => {
    model = runStep(journal, model, step, i, (m) => commits.push({ op: flash.lastWrite, model: m }));
  });
  return { flash, commits };
}

/** Runs the script until the flash loses power; returns what the journal threw. */
function runUntilCut(flash: MemoryFlash): unknown {
  const journal = Journal.open(flash);
  let model: JournalRecord[] = [];
  try {
    STEPS.forEach((step, i) => (model = runStep(journal, model, step, i)));
  } catch (e) {
    return e;
  }
  return undefined;
}

const plain = (records: JournalRecord[]) => records.map((r) => ({ sequence: r.sequence, type: r.type, payload: Array.from(r.payload) }));
const highest = (commits: Commit[]) => Math.max(0, ...commits.flatMap((c) => c.model.map((r) => r.sequence)));

/**
 * After the reboot: the log is exactly the last committed state, its
 * sequence numbers increase, the next ones are above every number handed
 * out before the cut, and the journal goes on working across a compaction
 * and another reboot.
 */
function checkRecovered(flash: MemoryFlash, expected: JournalRecord[], handedOut: number): string | undefined {
  const journal = Journal.open(flash);
  const records = [...journal.records()];
  if (JSON.stringify(plain(records)) !== JSON.stringify(plain(expected))) {
    return `recovered ${JSON.stringify(records.map((r) => r.sequence))}, expected ${JSON.stringify(expected.map((r) => r.sequence))}`;
  }
  for (let i = 1; i < records.length; i++) if (records[i].sequence <= records[i - 1].sequence) return "sequence numbers do not increase";
  let model = records;
  let first = 0;
  AFTER.forEach((step, i) => {
    model = runStep(journal, model, step, 1000 + i, (m) => (first ||= m[m.length - 1].sequence));
  });
  if (first <= handedOut) return `sequence ${first} after the reboot repeats one handed out before (up to ${handedOut})`;
  const again = [...Journal.open(flash.reboot()).records()];
  if (JSON.stringify(plain(again)) !== JSON.stringify(plain(model))) return "records appended after the reboot did not survive the next one";
  return undefined;
}

test("a power cut at every write and every erase of the script, and at every erase of the recovery that follows, loses no committed record and returns no partial one", (t) => {
  const clean = cleanRun();
  const total = clean.flash.operations;
  t.true(clean.flash.writes > 150, `the script makes ${clean.flash.writes} writes`);
  t.true(clean.flash.erases > 10, `the script makes ${clean.flash.erases} erases`);
  let cuts = 0;
  let recoveryCuts = 0;
  const failures: string[] = [];
  for (let k = 1; k <= total; k++) {
    for (const tornByte of [false, true]) {
      const flash = new MemoryFlash({ ...GEOMETRY, random: seededRandom(k * 2 + Number(tornByte)) });
      flash.cutPowerAt(k, { tornByte });
      const thrown = runUntilCut(flash);
      if (!isXsposError(thrown, "FLASH_POWER_CUT")) {
        failures.push(`cut ${k}: the script ended with ${String(thrown)} instead of the power cut`);
        continue;
      }
      cuts++;
      const before = clean.commits.filter((c) => c.op < k);
      const expected = before[before.length - 1].model;
      const why = checkRecovered(flash.reboot(), expected, highest(before));
      if (why) failures.push(`cut at operation ${k} (torn byte ${tornByte}): ${why}`);
      // the recovery's own erases, cut in turn
      const probe = flash.reboot();
      Journal.open(probe);
      for (let e = 1; e <= probe.operations; e++) {
        const again = flash.reboot(seededRandom(e));
        again.cutPowerAt(e);
        try {
          Journal.open(again);
          failures.push(`cut ${k}, recovery cut ${e}: open did not reach its erase`);
        } catch (error) {
          if (!isXsposError(error, "FLASH_POWER_CUT")) throw error;
        }
        recoveryCuts++;
        const whyAgain = checkRecovered(again.reboot(), expected, highest(before));
        if (whyAgain) failures.push(`cut ${k}, recovery cut at erase ${e}: ${whyAgain}`);
      }
    }
  }
  t.log(`${total} operations (${clean.flash.writes} writes, ${clean.flash.erases} erases), ${cuts} cut runs, ${recoveryCuts} cuts during recovery`);
  t.deepEqual(failures, []);
  t.is(cuts, total * 2);
  t.true(recoveryCuts > 0, "some recoveries erase blocks, and were cut too");
});

test("after a cut the journal that lost power refuses every call until it is opened again", (t) => {
  const flash = new MemoryFlash(GEOMETRY);
  const journal = Journal.open(flash);
  journal.append(1, Uint8Array.of(1));
  flash.cutPowerAt(flash.operations + 1);
  t.throws(() => journal.append(1, Uint8Array.of(2)), { code: "FLASH_POWER_CUT" });
  t.throws(() => journal.append(1, Uint8Array.of(3)), { code: "JOURNAL_FAILED" });
  t.throws(() => [...journal.records()], { code: "JOURNAL_FAILED" });
  t.false(journal.canAppend(1));
  t.deepEqual(
    [...Journal.open(flash.reboot()).records()].map((r) => Array.from(r.payload)),
    [[1]],
  );
});

/** A source for the memory flash's cut: the first draw picks the prefix applied, the next the torn byte's bits. */
function cutAfter(prefix: number, length: number, tornBits: number): () => number {
  const draws = [(prefix + 0.5) / length, (tornBits + 0.5) / 256];
  return () => draws.shift() ?? 0.5;
}

const BLOCK_SIZE = 256;

/**
 * A 37-byte payload that, as record 4 (type 2), would end in an FF byte
 * without the adjust byte: the record CRC (README: CRC-32 of header bytes
 * 0-11, then payload and padding) computed here with byte 5 at 00.
 */
function payloadEndingInFF(): Uint8Array {
  const header = Uint8Array.of(0x4a, 0x52, 2, 1, 2, 0, 37, 0, 4, 0, 0, 0);
  for (let v = 0; v < 65536; v++) {
    const payload = new Uint8Array(40).fill(0xff);
    payload.fill(v & 0xff, 0, 37);
    payload[0] = v >> 8;
    if (crc32(payload, 0, 40, crc32(header)) >>> 24 === 0xff) return payload.subarray(0, 37);
  }
  throw new Error("no payload found");
}

test("a record whose CRC would end in an erased byte is written so that it does not: a cut just before its last byte never leaves it whole", (t) => {
  const payload = payloadEndingInFF();
  const flash = new MemoryFlash({ blocks: 4, blockSize: BLOCK_SIZE, random: cutAfter(recordSize(37) - 1, recordSize(37), 0) });
  const journal = Journal.open(flash);
  for (let i = 0; i < 3; i++) journal.append(1, new Uint8Array(30));
  const at = 3 * recordSize(30);
  flash.cutPowerAt(flash.operations + 1, { tornByte: false });
  t.throws(() => journal.append(2, payload), { code: "FLASH_POWER_CUT" });
  // the cut applied every byte but the last, which stays erased
  t.is(flash.image()[at + recordSize(37) - 1], 0xff);
  t.deepEqual([...Journal.open(flash.reboot()).records()].map((r) => r.sequence), [1, 2, 3]);
});

test("a record's single write cut after every prefix, bare or with a partly programmed byte, in the header, the payload or the CRC: the record never comes back, the block takes it as torn or free, and appends go on", (t) => {
  // the record cut: mid-block after three records; starting block 1 after a record that fills block 0; ending exactly at the end of block 0; one whose CRC would end in FF
  const layouts = [
    { name: "mid-block", first: [30, 30, 30], payload: new Uint8Array(37).fill(0xa5), at: 156 },
    { name: "new block", first: [BLOCK_SIZE - 20 - 40], payload: new Uint8Array(37).fill(0xa5), at: 256 },
    { name: "block end", first: [100], payload: new Uint8Array(BLOCK_SIZE - recordSize(100) - 20).fill(0xa5), at: 120 },
    { name: "CRC ending in FF", first: [30, 30, 30], payload: payloadEndingInFF(), at: 156 },
  ];
  const failures: string[] = [];
  let cuts = 0;
  for (const layout of layouts) {
    const size = recordSize(layout.payload.length);
    for (let prefix = 0; prefix < size; prefix++) {
      for (const torn of [undefined, 0x00, 0x5a, 0xff]) {
        const flash = new MemoryFlash({ blocks: 4, blockSize: BLOCK_SIZE, random: cutAfter(prefix, size, torn ?? 0) });
        const journal = Journal.open(flash);
        const kept = layout.first.map((n, i) => ({ sequence: journal.append(1, new Uint8Array(n).fill(i + 1)), payload: n }));
        flash.cutPowerAt(flash.operations + 1, { tornByte: torn !== undefined });
        const thrown = thrownBy(() => journal.append(2, layout.payload));
        cuts++;
        const where = `${layout.name}, prefix ${prefix}, torn byte ${torn ?? "none"}`;
        if (!isXsposError(thrown, "FLASH_POWER_CUT")) {
          failures.push(`${where}: the append ended with ${String(thrown)}`);
          continue;
        }
        const rebooted = flash.reboot();
        const left = rebooted.image().subarray(layout.at, layout.at + size);
        const reopened = Journal.open(rebooted);
        const found = [...reopened.records()].map((r) => `${r.sequence}:${r.payload.length}`);
        const expected = kept.map((k) => `${k.sequence}:${k.payload}`);
        if (found.join() !== expected.join()) {
          failures.push(`${where}: recovered ${found.join()}, expected ${expected.join()}`);
          continue;
        }
        const next = reopened.append(3, Uint8Array.of(3));
        if (next <= kept[kept.length - 1].sequence) failures.push(`${where}: the next append took sequence ${next}`);
        // nothing programmed: free space, used at once; a torn record first in its block: that block is erased at open; otherwise its block is sealed
        const image = rebooted.image();
        const firstInBlock = layout.at % BLOCK_SIZE === 0;
        if (firstInBlock && !image.subarray(layout.at, layout.at + BLOCK_SIZE).every((b) => b === 0xff)) failures.push(`${where}: the block of the torn record was not erased`);
        const keptEnd = layout.first.reduce((n, p) => n + recordSize(p), 0);
        const nextAt = firstInBlock || left.every((b) => b === 0xff) ? keptEnd : (Math.floor(layout.at / BLOCK_SIZE) + 1) * BLOCK_SIZE;
        if (image[nextAt] !== 0x4a || image[nextAt + 1] !== 0x52 || image[nextAt + 8] !== next) failures.push(`${where}: the next record is not at ${nextAt}`);
        const again = [...Journal.open(rebooted.reboot()).records()].map((r) => `${r.sequence}:${r.payload.length}`);
        if (again.join() !== [...expected, `${next}:1`].join()) failures.push(`${where}: after the next append and a reboot, ${again.join()}`);
      }
    }
  }
  t.log(`${cuts} cut writes`);
  t.deepEqual(failures, []);
  t.true(cuts > 4 * 4 * 50);
});

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}
