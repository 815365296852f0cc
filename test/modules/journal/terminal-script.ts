/**
 * A scripted use of the journal as a terminal would make it, with a model
 * of what the log must hold after each step: appends of records of varied
 * types and lengths, and compactions (when `canAppend` refuses, and every
 * few records) that keep a snapshot and the last record.
 */
import { seededRandom } from "../../../modules/core/seeded-random.ts";
import type { Journal, JournalEntry, JournalRecord } from "../../../modules/journal/journal.ts";

export type Step = { op: "append"; entry: JournalEntry } | { op: "compact" };

/** The steps: `appends` appends, a voluntary compaction every `every` of them. */
export function terminalScript(seed: number, appends: number, maxPayload: number, every = 17): Step[] {
  const next = seededRandom(seed);
  const steps: Step[] = [];
  for (let i = 0; i < appends; i++) {
    const length = Math.floor(next() * (maxPayload + 1));
    const payload = Uint8Array.from({ length }, () => Math.floor(next() * 256));
    steps.push({ op: "append", entry: { type: 1 + Math.floor(next() * 5), payload } });
    if ((i + 1) % every === 0) steps.push({ op: "compact" });
  }
  return steps;
}

const SNAPSHOT = 200;

/** What the terminal keeps across a compaction: a snapshot of its counters and the last record. */
function keepFor(model: JournalRecord[], steps: number): JournalEntry[] {
  const snapshot = Uint8Array.of(steps & 0xff, (steps >>> 8) & 0xff, model.length & 0xff);
  const keep: JournalEntry[] = [{ type: SNAPSHOT, payload: snapshot }];
  const last = model[model.length - 1];
  if (last && last.type !== SNAPSHOT) keep.push({ type: last.type, payload: last.payload });
  return keep;
}

/**
 * Runs one step on the journal, calling `committed` with the model after
 * each journal operation that returns (an append that finds no room
 * compacts first, as the terminal does before a sale, so it may call it
 * twice). Returns the model after the step.
 */
export function runStep(journal: Journal, model: JournalRecord[], step: Step, index: number, committed: (model: JournalRecord[]) => void = () => {}): JournalRecord[] {
  const compact = (current: JournalRecord[]) => {
    const keep = keepFor(current, index);
    const { sequences } = journal.compact(keep);
    const after = keep.map((e, i) => ({ sequence: sequences[i], type: e.type, payload: e.payload }));
    committed(after);
    return after;
  };
  if (step.op === "compact") return compact(model);
  let current = model;
  if (!journal.canAppend(step.entry.payload.length)) current = compact(current);
  const sequence = journal.append(step.entry.type, step.entry.payload);
  const after = [...current, { sequence, ...step.entry }];
  committed(after);
  return after;
}
