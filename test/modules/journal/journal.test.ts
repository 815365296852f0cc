import test from "ava";
import { Journal } from "../../../modules/journal/journal.ts";
import { MemoryFlash } from "../../../modules/journal/memory-flash.ts";
import { crc32 } from "../../../modules/journal/crc32.ts";
import { KIND_ENTRY, RECORD_OVERHEAD, encodeRecord, recordSize } from "../../../modules/journal/record.ts";

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const text = (b: Uint8Array) => String.fromCharCode(...b);
const small = () => new MemoryFlash({ blocks: 4, blockSize: 256 });
const listed = (journal: Journal) => [...journal.records()].map((r) => `${r.sequence}/${r.type}/${text(r.payload)}`);

test("records come back in order with their sequence numbers, types and payloads, after a reopen too", (t) => {
  const flash = small();
  const journal = Journal.open(flash);
  t.is(journal.lastSequence, 0);
  t.is(journal.append(3, ascii("sale 1250")), 1);
  t.is(journal.append(4, ascii("")), 2);
  t.is(journal.append(255, ascii("void")), 3);
  const expected = ["1/3/sale 1250", "2/4/", "3/255/void"];
  t.deepEqual(listed(journal), expected);
  const reopened = Journal.open(flash.reboot());
  t.deepEqual(listed(reopened), expected);
  t.is(reopened.lastSequence, 3);
  t.is(reopened.append(0, ascii("next")), 4);
});

test("each record is one flash write of its whole size, header, payload, padding and CRC; a compaction writes each kept record and its checkpoint once", (t) => {
  const flash = small();
  const journal = Journal.open(flash);
  for (const length of [0, 1, 3, 4, 37]) {
    const before = { writes: flash.writes, bytes: flash.bytesWritten };
    journal.append(1, new Uint8Array(length).fill(length));
    t.is(flash.writes - before.writes, 1, `payload of ${length}`);
    t.is(flash.bytesWritten - before.bytes, recordSize(length), `payload of ${length}`);
  }
  const writes = flash.writes;
  journal.compact([{ type: 2, payload: ascii("one") }, { type: 2, payload: ascii("two") }]);
  t.is(flash.writes - writes, 3);
});

test("a payload read back is a copy: changing it changes neither the flash nor the next read", (t) => {
  const journal = Journal.open(small());
  journal.append(1, ascii("abc"));
  const [first] = journal.records();
  first.payload.fill(0);
  t.deepEqual(listed(journal), ["1/1/abc"]);
});

test("opening an erased flash writes and erases nothing", (t) => {
  const flash = small();
  Journal.open(flash);
  t.is(flash.operations, 0);
});

test("bad input gets JOURNAL_TYPE and JOURNAL_PAYLOAD and writes nothing", (t) => {
  const flash = small();
  const journal = Journal.open(flash);
  t.throws(() => journal.append(-1, ascii("x")), { code: "JOURNAL_TYPE" });
  t.throws(() => journal.append(256, ascii("x")), { code: "JOURNAL_TYPE" });
  t.throws(() => journal.append(1.5, ascii("x")), { code: "JOURNAL_TYPE" });
  t.throws(() => journal.append(1, [1, 2] as unknown as Uint8Array), { code: "JOURNAL_PAYLOAD" });
  t.throws(() => journal.append(1, new Uint8Array(journal.maxPayload + 1)), { code: "JOURNAL_PAYLOAD" });
  t.throws(() => journal.compact([{ type: 1, payload: ascii("ok") }, { type: 300, payload: ascii("bad") }]), { code: "JOURNAL_TYPE" });
  t.is(flash.operations, 0);
  t.false(journal.canAppend(journal.maxPayload + 1));
  t.false(journal.canAppend(-1));
});

test("a flash too small for a journal is a JOURNAL_GEOMETRY error", (t) => {
  t.throws(() => Journal.open(new MemoryFlash({ blocks: 2, blockSize: 256 })), { code: "JOURNAL_GEOMETRY" });
  t.throws(() => Journal.open(new MemoryFlash({ blocks: 3, blockSize: 256 }), { reserveBlocks: 2 }), { code: "JOURNAL_GEOMETRY" });
  t.throws(() => Journal.open(new MemoryFlash({ blocks: 4, blockSize: 60 })), { code: "JOURNAL_GEOMETRY" });
  t.throws(() => Journal.open(new MemoryFlash({ blocks: 4, blockSize: 258 })), { code: "JOURNAL_GEOMETRY" });
  t.throws(() => Journal.open(small(), { reserveBlocks: -1 }), { code: "JOURNAL_GEOMETRY" });
  t.notThrows(() => Journal.open(new MemoryFlash({ blocks: 2, blockSize: 64 }), { reserveBlocks: 0 }));
});

test("a payload of maxPayload bytes fills an erase block exactly; records never span blocks", (t) => {
  const flash = small();
  const journal = Journal.open(flash);
  t.is(journal.maxPayload, 256 - RECORD_OVERHEAD);
  journal.append(1, ascii("a"));
  journal.append(2, new Uint8Array(journal.maxPayload).fill(7));
  const image = flash.image();
  // the big record starts the second block and its CRC (header fields, then payload) ends it
  t.deepEqual(image.subarray(256, 258), ascii("JR"));
  const crc = crc32(image, 256 + 16, 512 - 4, crc32(image, 256, 256 + 12));
  t.deepEqual(image.subarray(512 - 4, 512), Uint8Array.of(crc & 0xff, (crc >>> 8) & 0xff, (crc >>> 16) & 0xff, crc >>> 24));
  t.deepEqual([...journal.records()].map((r) => r.payload.length), [1, journal.maxPayload]);
});

test("appends stop with JOURNAL_FULL when only the reserve is left, canAppend and free say so beforehand, and a compaction in the reserve makes room", (t) => {
  const flash = small();
  const journal = Journal.open(flash);
  const payload = new Uint8Array(40).fill(0x5a);
  let appended = 0;
  while (journal.canAppend(payload.length)) {
    const before = journal.free();
    journal.append(1, payload);
    appended++;
    t.true(journal.free() < before);
  }
  // 60-byte records, 4 to a 256-byte block, 3 blocks outside the reserve
  t.is(appended, 12);
  t.true(journal.free() < recordSize(payload.length));
  t.throws(() => journal.append(1, payload), { code: "JOURNAL_FULL" });
  t.false(journal.canAppend(0));
  const { sequences, freedBlocks } = journal.compact([{ type: 9, payload: ascii("totals") }]);
  t.deepEqual(sequences, [13]);
  t.is(freedBlocks, 3);
  t.true(journal.canAppend(payload.length, payload.length, payload.length));
  t.is(journal.append(1, payload), 15);
  t.deepEqual(
    [...journal.records()].map((r) => r.sequence),
    [13, 15],
  );
});

test("canAppend plans several records together, each starting a new block when the last does not fit", (t) => {
  const journal = Journal.open(small());
  const most = journal.maxPayload;
  t.true(journal.canAppend(most, most, most));
  t.false(journal.canAppend(most, most, most, most));
  t.true(journal.canAppend(most, most, 100, 100));
});

test("a compaction erases every block before the first kept record and keeps the blocks from it on", (t) => {
  const flash = small();
  const journal = Journal.open(flash);
  for (let i = 0; i < 9; i++) journal.append(1, new Uint8Array(40).fill(i));
  const erasesBefore = flash.erases;
  const { freedBlocks } = journal.compact([{ type: 7, payload: ascii("kept") }]);
  t.is(freedBlocks, 2);
  t.is(flash.erases - erasesBefore, 2);
  const image = flash.image();
  t.true(image.subarray(0, 512).every((b) => b === 0xff));
  t.deepEqual(listed(journal), ["10/7/kept"]);
  t.deepEqual(listed(Journal.open(flash.reboot())), ["10/7/kept"]);
});

test("a compaction with nothing to keep leaves an empty log whose sequence numbers go on", (t) => {
  const flash = small();
  const journal = Journal.open(flash);
  journal.append(1, ascii("a"));
  journal.append(1, ascii("b"));
  t.deepEqual(journal.compact([]).sequences, []);
  t.deepEqual(listed(journal), []);
  const reopened = Journal.open(flash.reboot());
  t.deepEqual(listed(reopened), []);
  t.is(reopened.append(1, ascii("c")), 4);
});

test("the ring wraps: hundreds of records through four blocks, compacting whenever appends are refused", (t) => {
  let flash = small();
  let journal = Journal.open(flash);
  let last = 0;
  for (let i = 0; i < 300; i++) {
    if (!journal.canAppend(30)) journal.compact([{ type: 2, payload: ascii(`after ${i}`) }]);
    const sequence = journal.append(1, ascii(`record ${i}`.padEnd(30, ".")));
    t.true(sequence > last);
    last = sequence;
    if (i % 50 === 0) journal = Journal.open((flash = flash.reboot()));
  }
  const records = [...Journal.open(flash.reboot()).records()];
  t.is(text(records[records.length - 1].payload), "record 299".padEnd(30, "."));
  t.is(records[0].type, 2);
});

test("a torn record in the head block seals it: the next record starts the next block", (t) => {
  const flash = small();
  const journal = Journal.open(flash);
  journal.append(1, ascii("one"));
  journal.append(1, ascii("two"));
  flash.cutPowerAt(flash.operations + 1, { tornByte: false });
  t.throws(() => journal.append(1, ascii("three, torn")), { code: "FLASH_POWER_CUT" });
  const rebooted = flash.reboot();
  const reopened = Journal.open(rebooted);
  t.deepEqual(listed(reopened), ["1/1/one", "2/1/two"]);
  t.is(reopened.append(1, ascii("four")), 3);
  t.deepEqual(rebooted.image().subarray(256, 258), ascii("JR"));
  t.deepEqual(listed(Journal.open(rebooted.reboot())), ["1/1/one", "2/1/two", "3/1/four"]);
});

test("a block whose only record is torn is erased at open and used again", (t) => {
  const flash = small();
  const journal = Journal.open(flash);
  journal.append(1, new Uint8Array(journal.maxPayload));
  flash.cutPowerAt(flash.operations + 1);
  t.throws(() => journal.append(1, ascii("torn in block 1")), { code: "FLASH_POWER_CUT" });
  const rebooted = flash.reboot();
  t.false(rebooted.image().subarray(256, 512).every((b) => b === 0xff));
  const reopened = Journal.open(rebooted);
  t.is(rebooted.erases, 1);
  t.true(rebooted.image().subarray(256, 512).every((b) => b === 0xff));
  t.is(reopened.append(1, ascii("again")), 2);
  t.deepEqual(rebooted.image().subarray(256, 258), ascii("JR"));
});

test("records kept by a compaction cut before its checkpoint stay hidden, and the old log stays whole", (t) => {
  const flash = small();
  const journal = Journal.open(flash);
  journal.append(1, ascii("a"));
  journal.append(1, ascii("b"));
  // the kept record's write, then the checkpoint's is cut
  flash.cutPowerAt(flash.operations + 2);
  t.throws(() => journal.compact([{ type: 9, payload: ascii("kept") }]), { code: "FLASH_POWER_CUT" });
  const reopened = Journal.open(flash.reboot());
  t.deepEqual(listed(reopened), ["1/1/a", "2/1/b"]);
  t.true(reopened.append(1, ascii("c")) > 3);
  t.deepEqual(listed(reopened).map((s) => s.slice(s.indexOf("/"))), ["/1/a", "/1/b", "/1/c"]);
});

test("a compaction cut after its kept records filled the reserve does not leave a journal that can never compact again", (t) => {
  const flash = small();
  const journal = Journal.open(flash);
  while (journal.canAppend(40)) journal.append(1, new Uint8Array(40).fill(1));
  const keep = [{ type: 9, payload: new Uint8Array(200).fill(9) }];
  // the kept record into the reserve block, then the checkpoint's write is cut
  flash.cutPowerAt(flash.operations + 2);
  t.throws(() => journal.compact(keep), { code: "FLASH_POWER_CUT" });
  let rebooted = flash.reboot();
  let reopened = Journal.open(rebooted);
  t.is([...reopened.records()].length, 12);
  t.is(reopened.free(), 0);
  t.deepEqual(reopened.compact(keep).sequences.length, 1);
  t.deepEqual(
    [...reopened.records()].map((r) => r.type),
    [9],
  );
  rebooted = rebooted.reboot();
  reopened = Journal.open(rebooted);
  t.deepEqual(
    [...reopened.records()].map((r) => r.payload.length),
    [200],
  );
  t.true(reopened.canAppend(40));
});

test("a journal whose sequence numbers are used up refuses appends with JOURNAL_SEQUENCE", (t) => {
  const contents = new Uint8Array(1024).fill(0xff);
  const payload = ascii("last");
  contents.set(encodeRecord(KIND_ENTRY, 1, 0xffffffff, payload), 0);
  const journal = Journal.open(new MemoryFlash({ blocks: 4, blockSize: 256, contents }));
  t.deepEqual(listed(journal), [`${0xffffffff}/1/last`]);
  t.is(journal.lastSequence, 0xffffffff);
  t.false(journal.canAppend(1));
  t.throws(() => journal.append(1, payload), { code: "JOURNAL_SEQUENCE" });
  t.throws(() => journal.compact([]), { code: "JOURNAL_SEQUENCE" });
});

test("readRecord reads back the one record at an address forEachRecord or lastAddress gave, CRC checked; nothing at an address inside a record, after a compaction dropped it, or once damaged", (t) => {
  const flash = small();
  const journal = Journal.open(flash);
  journal.append(3, ascii("sale 1250"));
  const second = journal.append(4, ascii("receipt of sale 1250"));
  const written = journal.lastAddress;
  const seen: [number, number][] = [];
  Journal.open(flash).forEachRecord((type, _payload, sequence, address) => void seen.push([sequence, address]));
  t.deepEqual(seen, [[1, 0], [second, recordSize(9)]], "records start at 0 and after the first one's whole size");
  t.is(written, recordSize(9));
  const back = journal.readRecord(written);
  t.like(back, { sequence: second, type: 4 });
  t.is(text(back!.payload), "receipt of sale 1250");
  t.is(journal.readRecord(written + 16), undefined, "the payload is no record");
  t.is(journal.readRecord(written + 2), undefined, "not on a record boundary");
  t.is(journal.readRecord(4 * 256), undefined, "past the partition");
  // bits cleared in its payload's first byte ("r" becomes 02): the record CRC fails
  flash.write(written + 16, Uint8Array.of(0x0f));
  t.is(journal.readRecord(written), undefined);
  journal.compact([]);
  t.is(journal.readRecord(0), undefined, "dropped by the compaction");
});
