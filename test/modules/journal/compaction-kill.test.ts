/**
 * A process killed (or the power cut) between a compaction's kept record
 * and its checkpoint, found by the file-flash kill test: the head left in
 * the reserve block must take no more appends, or the next compaction has
 * no block to go to and the journal stays full.
 */
import test from "ava";
import { Journal } from "../../../modules/journal/journal.ts";
import { MemoryFlash } from "../../../modules/journal/memory-flash.ts";

test("a compaction cut after its kept record went into the reserve, before its checkpoint: appends after the reboot are refused (free 0) and the next compaction fits", (t) => {
  // a cut write applies a prefix of random() * length bytes: with 0 and no torn byte the checkpoint's write leaves
  // nothing on the flash, as a process killed between two whole writes leaves it
  const flash = new MemoryFlash({ blocks: 4, blockSize: 256, random: () => 0 });
  const journal = Journal.open(flash);
  // 60-byte records, four to a block: three blocks full, 16 bytes left in the head, the fourth block the reserve
  while (journal.canAppend(40)) journal.append(1, new Uint8Array(40).fill(1));
  const keep = [{ type: 9, payload: new Uint8Array(24).fill(9) }];
  // the kept record (44 bytes) does not fit in the head's 16 bytes: it starts the reserve block; the checkpoint's write is cut
  flash.cutPowerAt(flash.operations + 2, { tornByte: false });
  t.throws(() => journal.compact(keep), { code: "FLASH_POWER_CUT" });
  const rebooted = flash.reboot();
  t.true(rebooted.image().subarray(3 * 256 + 44).every((b) => b === 0xff), "the reserve block is erased after the kept record");
  const reopened = Journal.open(rebooted);
  const freeAtOpen = reopened.free();
  // what a terminal does: append while it may, then compact (the reserve's 212 free bytes would take three records)
  let appended = 0;
  while (reopened.canAppend(40)) {
    reopened.append(1, new Uint8Array(40).fill(1));
    appended++;
  }
  t.is(reopened.compact(keep).sequences.length, 1);
  t.is(appended, 0, "no record goes into the reserve block");
  t.is(freeAtOpen, 0);
  t.deepEqual(
    [...Journal.open(rebooted.reboot()).records()].map((r) => r.type),
    [9],
  );
  t.true(reopened.canAppend(40));
});
