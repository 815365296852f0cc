/**
 * Appends records to a journal on a file flash until it is killed: the
 * other half of test/hosts/file-flash.test.ts. It goes on from the last
 * record it finds, compacts when the journal is full (keeping a snapshot
 * with the index of the last record), and prints a line when an operation
 * has returned: `A <index> <sequence>` for an append, `C <index>` for a
 * compaction whose snapshot names record <index>, and `c <index>` before
 * that compaction starts.
 */
import { writeSync } from "node:fs";
import { Journal } from "../../modules/journal/journal.ts";
import { FileFlash } from "../../hosts/node/file-flash.ts";
import { GEOMETRY, RECORD, SNAPSHOT, indexOf, recordFor } from "./file-flash-records.ts";

const journal = Journal.open(FileFlash.open(process.argv[2], GEOMETRY));
let index = 0;
// a record and a snapshot both begin with the index of the last record written
for (const r of journal.records()) index = indexOf(r.payload) + 1;
const say = (line: string) => writeSync(1, line + "\n");
say("R");
for (;;) {
  const payload = recordFor(index);
  if (!journal.canAppend(payload.length)) {
    // the snapshot names the last record before it
    say(`c ${index - 1}`);
    journal.compact([{ type: SNAPSHOT, payload: recordFor(index - 1).subarray(0, 4) }]);
    say(`C ${index - 1}`);
  }
  const sequence = journal.append(RECORD, payload);
  say(`A ${index} ${sequence}`);
  index++;
}
