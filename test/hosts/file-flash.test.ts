import test from "ava";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { FileFlash } from "../../hosts/node/file-flash.ts";
import { Journal } from "../../modules/journal/journal.ts";
import { GEOMETRY, RECORD, SNAPSHOT, indexOf, recordFor } from "./file-flash-records.ts";
import { scratchPath } from "../support/scratch.ts";

function scratch(t: { teardown(fn: () => void): void }): string {
  return scratchPath(t, "xspos-flash-", "journal.bin");
}

test("a new file flash is erased; writes AND, erases set FF, and both survive closing and reopening", (t) => {
  const path = scratch(t);
  const flash = FileFlash.open(path, { blocks: 3, blockSize: 64 });
  t.true(flash.read(0, 192).every((b) => b === 0xff));
  flash.write(70, Uint8Array.of(0xf0, 0x0f));
  flash.write(70, Uint8Array.of(0x3c, 0x3c));
  flash.write(130, Uint8Array.of(0));
  flash.eraseBlock(2);
  flash.close();
  t.throws(() => flash.read(0, 1), { code: "FLASH_CLOSED" });
  const again = FileFlash.open(path, { blocks: 3, blockSize: 64 });
  t.deepEqual(again.read(70, 2), Uint8Array.of(0x30, 0x0c));
  t.is(again.read(130, 1)[0], 0xff);
  again.close();
});

test("a file of another size is FLASH_GEOMETRY and accesses outside it FLASH_RANGE", (t) => {
  const path = scratch(t);
  writeFileSync(path, new Uint8Array(100));
  t.throws(() => FileFlash.open(path, { blocks: 3, blockSize: 64 }), { code: "FLASH_GEOMETRY" });
  const flash = FileFlash.open(path + "2", { blocks: 3, blockSize: 64 });
  t.throws(() => flash.read(190, 3), { code: "FLASH_RANGE" });
  t.throws(() => flash.write(-1, Uint8Array.of(0)), { code: "FLASH_RANGE" });
  t.throws(() => flash.eraseBlock(3), { code: "FLASH_RANGE" });
  flash.close();
});

/** Runs the appending child for `ms` milliseconds after it is ready, kills it, and returns the lines it printed. */
function appendUntilKilled(path: string, ms: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", new URL("./file-flash-child.ts", import.meta.url).pathname, path], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => {
      const ready = out.length === 0;
      out += d.toString("latin1");
      if (ready) setTimeout(() => child.kill("SIGKILL"), ms);
    });
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (_code, signal) => {
      if (signal !== "SIGKILL") return reject(new Error(`the child stopped by itself: ${err}`));
      // a line cut by the kill was not reported whole: it does not count
      resolve(out.split("\n").slice(0, -1));
    });
  });
}

test("a child killed with SIGKILL in the middle of appends loses no record it reported written, and nothing torn comes back", async (t) => {
  const path = scratch(t);
  // every append reported, across kills: index to sequence number
  const reported = new Map<number, number>();
  let lastReported = -1;
  // the snapshot indices of the last compaction that returned and of the last one started (-1: none)
  let completed = -1;
  let started = -1;
  let compactions = 0;
  const delays = [150, 230, 370, 610, 90 + Math.floor(Math.random() * 500)];
  t.log(`kills ${delays.join(", ")} ms after the child is ready`);
  for (const ms of delays) {
    const lines = await appendUntilKilled(path, ms);
    t.is(lines[0], "R");
    for (const line of lines.slice(1)) {
      const [what, index, sequence] = line.split(" ");
      if (what === "c") started = Number(index);
      else if (what === "C") {
        completed = Number(index);
        compactions++;
      } else {
        reported.set(Number(index), Number(sequence));
        lastReported = Number(index);
      }
    }
    const flash = FileFlash.open(path, GEOMETRY);
    const records = [...Journal.open(flash).records()];
    flash.close();
    // the log starts at the snapshot of a compaction that had returned, or of the one under way at the kill
    const snapshot = records[0]?.type === SNAPSHOT ? indexOf(records[0].payload) : -1;
    t.true(snapshot >= completed && snapshot <= started, `the log starts after record ${snapshot}; compactions returned up to ${completed}, started up to ${started}`);
    const bySequence = new Map(records.map((r) => [r.sequence, r]));
    for (const [index, sequence] of reported) {
      if (index <= snapshot) continue;
      const r = bySequence.get(sequence);
      t.truthy(r, `record ${index} (sequence ${sequence}) reported before the kill is missing`);
      t.deepEqual(r?.payload, recordFor(index), `record ${index}`);
    }
    // everything that comes back is whole, in order, with indices that follow each other
    let previous = snapshot;
    for (const r of records.slice(snapshot >= 0 ? 1 : 0)) {
      t.is(r.type, RECORD);
      const index = indexOf(r.payload);
      t.deepEqual(r.payload, recordFor(index), `record ${index} came back damaged`);
      t.is(index, previous + 1, "records follow each other");
      previous = index;
    }
    t.true(previous <= lastReported + 1, `record ${previous} was never started`);
  }
  t.log(`${delays.length} kills, ${lastReported + 1} records reported, ${compactions} compactions`);
  t.true(lastReported > 100, "the child wrote enough to make the test mean something");
});
