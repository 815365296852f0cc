import test from "ava";
import fc from "fast-check";
import { isXsposError } from "../../../modules/core/error.ts";
import { seededRandom } from "../../../modules/core/seeded-random.ts";
import { crc32 } from "../../../modules/journal/crc32.ts";
import { Journal, type JournalRecord } from "../../../modules/journal/journal.ts";
import { MemoryFlash } from "../../../modules/journal/memory-flash.ts";
import { HEADER_SIZE, KIND_CHECKPOINT, checkpointPayload, encodeRecord, padded } from "../../../modules/journal/record.ts";

const BLOCKS = 4;
const BLOCK = 128;
const RUNS = 200;

const u32 = (b: Uint8Array, at: number) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;

/**
 * True when the flash image holds this record whole, at a record
 * boundary: header fields, header CRC, payload and the record CRC after
 * it (over header fields, payload and padding).
 */
function genuine(image: Uint8Array, r: JournalRecord): boolean {
  for (let block = 0; block < BLOCKS; block++) {
    for (let at = block * BLOCK; at + HEADER_SIZE + padded(r.payload.length) + 4 <= (block + 1) * BLOCK; at += 4) {
      if (image[at] !== 0x4a || image[at + 1] !== 0x52 || image[at + 2] !== 2) continue;
      if (image[at + 3] !== 1 && image[at + 3] !== 2) continue;
      if (image[at + 4] !== r.type || (image[at + 6] | (image[at + 7] << 8)) !== r.payload.length || u32(image, at + 8) !== r.sequence) continue;
      if (u32(image, at + 12) !== crc32(image, at, at + 12)) continue;
      const body = image.subarray(at + HEADER_SIZE, at + HEADER_SIZE + r.payload.length);
      if (!body.every((b, i) => b === r.payload[i])) continue;
      const crcAt = at + HEADER_SIZE + padded(r.payload.length);
      if (u32(image, crcAt) === crc32(image, at + HEADER_SIZE, crcAt, crc32(image, at, at + 12))) return true;
    }
  }
  return false;
}

/** Opens, lists, reopens and appends; returns why the journal misbehaved, or undefined. */
function misbehaviour(image: Uint8Array): string | undefined {
  let journal: Journal;
  let records: JournalRecord[];
  const flash = new MemoryFlash({ blocks: BLOCKS, blockSize: BLOCK, contents: image });
  try {
    journal = Journal.open(flash);
    records = [...journal.records()];
  } catch (e) {
    return `open or records threw ${isXsposError(e) ? e.code : String(e)}`;
  }
  for (const r of records) if (!genuine(image, r)) return `record ${r.sequence} is not a whole record of the flash`;
  for (let i = 1; i < records.length; i++) if (records[i].sequence <= records[i - 1].sequence) return "sequence numbers do not increase";
  const again = [...Journal.open(flash.reboot()).records()];
  if (JSON.stringify(again.map((r) => [r.sequence, Array.from(r.payload)])) !== JSON.stringify(records.map((r) => [r.sequence, Array.from(r.payload)]))) {
    return "a second open found other records";
  }
  try {
    const sequence = journal.append(1, Uint8Array.of(1, 2, 3));
    if (records.length && sequence <= records[records.length - 1].sequence) return `append reused sequence ${sequence}`;
  } catch (e) {
    if (!isXsposError(e, "JOURNAL_FULL") && !isXsposError(e, "JOURNAL_SEQUENCE")) return `append threw ${String(e)}`;
  }
  return undefined;
}

test("on random flash contents open and records never throw, and return only whole records in increasing order", (t) => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: BLOCKS * BLOCK, maxLength: BLOCKS * BLOCK }), (image) => misbehaviour(image) === undefined),
    { numRuns: RUNS, seed: 4190 },
  );
  t.pass();
});

/** A piece of a block: a real record (maybe torn or damaged), erased bytes or noise. */
const segment = fc.oneof(
  fc.record({
    kind: fc.constantFrom(1, 2, 3),
    type: fc.integer({ min: 0, max: 255 }),
    sequence: fc.oneof(fc.integer({ min: 1, max: 24 }), fc.constant(0xffffffff)),
    payload: fc.uint8Array({ maxLength: 40 }),
    first: fc.integer({ min: 0, max: 24 }),
    torn: fc.option(fc.nat(), { freq: 2 }),
    flip: fc.option(fc.nat(), { freq: 4 }),
  }).map(({ kind, type, sequence, payload, first, torn, flip }) => {
    const body = kind === KIND_CHECKPOINT ? checkpointPayload(first) : payload;
    const out = encodeRecord(kind, type, sequence, body);
    // a write cut short: a prefix of the record, the rest erased
    if (torn !== null) out.fill(0xff, torn % out.length);
    if (flip !== null) out[flip % out.length] ^= 1 << (flip & 7);
    return out;
  }),
  fc.integer({ min: 1, max: 16 }).map((n) => new Uint8Array(n * 4).fill(0xff)),
  fc.uint8Array({ minLength: 1, maxLength: 24 }),
);

const structured = fc.array(fc.array(segment, { maxLength: 5 }), { minLength: BLOCKS, maxLength: BLOCKS }).map((blocks) => {
  const image = new Uint8Array(BLOCKS * BLOCK).fill(0xff);
  blocks.forEach((segments, b) => {
    let at = b * BLOCK;
    for (const s of segments) {
      const room = (b + 1) * BLOCK - at;
      image.set(s.subarray(0, Math.max(0, room)), at);
      at += s.length;
      if (at >= (b + 1) * BLOCK) break;
    }
  });
  return image;
});

test("on flash made of real, damaged and torn records, checkpoints, erased runs and noise, open never throws and returns only whole records in increasing order", (t) => {
  fc.assert(
    fc.property(structured, (image) => misbehaviour(image) === undefined),
    { numRuns: RUNS * 2, seed: 4191 },
  );
  t.pass();
});

type Op = { op: "append"; type: number; length: number } | { op: "compact"; keep: number[] } | { op: "reboot" } | { op: "cut"; after: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ op: fc.constant("append" as const), type: fc.integer({ min: 0, max: 255 }), length: fc.integer({ min: 0, max: BLOCK - 24 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("compact" as const), keep: fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.constant({ op: "reboot" as const }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("cut" as const), after: fc.integer({ min: 1, max: 6 }) }) },
);

/** What `append` throws, or undefined. */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

test("random appends, compactions, reboots and power cuts: after every reboot the log is exactly what had committed", (t) => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 60 }), fc.integer(), (ops, seed) => {
      const random = seededRandom(seed);
      let flash = new MemoryFlash({ blocks: BLOCKS, blockSize: BLOCK, random });
      let journal = Journal.open(flash);
      let model: JournalRecord[] = [];
      let highest = 0;
      const plain = (records: JournalRecord[]) => JSON.stringify(records.map((r) => [r.sequence, r.type, Array.from(r.payload)]));
      const rebootMatches = () => {
        flash = flash.reboot();
        journal = Journal.open(flash);
        const records = [...journal.records()];
        return plain(records) === plain(model);
      };
      for (const o of ops) {
        if (o.op === "reboot") {
          if (!rebootMatches()) return false;
        } else if (o.op === "cut") {
          flash.cutPowerAt(flash.operations + o.after);
        } else if (o.op === "append") {
          const payload = Uint8Array.from({ length: o.length }, () => Math.floor(random() * 256));
          const fits = journal.canAppend(o.length);
          let sequence = 0;
          const error = thrownBy(() => (sequence = journal.append(o.type, payload)));
          if (error === undefined) {
            if (!fits || sequence <= highest) return false;
            highest = sequence;
            model = [...model, { sequence, type: o.type, payload }];
          } else if (isXsposError(error, "FLASH_POWER_CUT")) {
            if (!rebootMatches()) return false;
          } else if (fits || !isXsposError(error, "JOURNAL_FULL")) return false;
        } else {
          const keep = o.keep.map((n, i) => ({ type: i, payload: new Uint8Array(n).fill(n) }));
          const first = journal.lastSequence + 1;
          const after = keep.map((e, i) => ({ sequence: first + i, ...e }));
          const writesBefore = flash.writes;
          let sequences: number[] = [];
          const error = thrownBy(() => (sequences = journal.compact(keep).sequences));
          if (error === undefined) {
            if (sequences.join() !== after.map((r) => r.sequence).join() || (sequences.length && sequences[0] <= highest)) return false;
            highest = first + keep.length;
            model = after;
          } else if (isXsposError(error, "FLASH_POWER_CUT")) {
            // every write done (records and checkpoint): the cut fell on an erase after the checkpoint
            if (flash.writes - writesBefore === keep.length + 1) model = after;
            if (!rebootMatches()) return false;
          } else if (!isXsposError(error, "JOURNAL_FULL")) return false;
        }
      }
      return rebootMatches();
    }),
    { numRuns: RUNS, seed: 4192 },
  );
  t.pass();
});
