/**
 * Recovery as a pure function of the records, checked against a model
 * written from the rules alone (README.md, "Recovery"), for every prefix
 * of every path each kind of transaction can take (what a power cut after
 * any record leaves), alone, in pairs, and across a settlement.
 */
import test from "ava";
import { recover, type Recovered, type RecordLike } from "../../../modules/journal/recover.ts";
import { TX_TYPE, encodeStep } from "../../../modules/journal/transaction-records.ts";
import { PATHS, counters, prefixes, records, settled, type Step, type TestTransaction } from "./transaction-steps.ts";

/** What the rules say one transaction leaves after a boot. */
interface Expected {
  reversal?: string;
  advice?: boolean;
  completion?: boolean;
  /** where it counts in the open batch */
  counts?: "debit" | "credit" | "void" | "balance" | "offline";
}

function expected(tx: TestTransaction, steps: readonly Step[]): Expected {
  const has = (s: Step) => steps.includes(s);
  if (steps.length === 0) return {};
  if (tx.kind === "balance") return has("A+") ? { counts: "balance" } : {};
  if (tx.kind === "offline") return has("AQ") ? { counts: "offline", advice: !has("AD") } : {};
  const counts = tx.kind === "sale" ? "debit" : tx.kind === "refund" ? "credit" : "void";
  // a reversal answered ends it; one queued must still go, with the reason it was queued for
  if (has("RA")) return {};
  const queued = steps.find((s) => s.startsWith("RQ"));
  if (queued) return { reversal: queued.slice(2) };
  if (has("A-")) return {};
  if (has("C") || has("A+C")) return { counts };
  // approved, never completed: the intent's rule decides
  if (has("A+")) return tx.completeOnPowerLoss ? { completion: true, counts } : { reversal: "06" };
  // the request may have left, no definite answer came: reverse it
  return { reversal: "68" };
}

interface Summary {
  reversals: [number, string][];
  advices: number[];
  completions: number[];
  debits: number;
  debitsMinor: number;
  credits: number;
  creditsMinor: number;
  voids: number;
  balance: number;
  offline: number;
}

function summary(r: Recovered): Summary {
  return {
    reversals: r.pendingReversals.map((v) => [v.stan, v.reversalReason ?? ""]),
    advices: r.pendingAdvices.map((v) => v.stan),
    completions: r.pendingCompletions.map((v) => v.stan),
    debits: r.totals.debits,
    debitsMinor: r.totals.debitsMinor,
    credits: r.totals.credits,
    creditsMinor: r.totals.creditsMinor,
    voids: r.totals.byType.void.count,
    balance: r.totals.byType.balance.count,
    offline: r.totals.byType.offline.count,
  };
}

function emptySummary(): Summary {
  return { reversals: [], advices: [], completions: [], debits: 0, debitsMinor: 0, credits: 0, creditsMinor: 0, voids: 0, balance: 0, offline: 0 };
}

/** Adds what the model expects of `tx` to `s` (in the open batch when `open`). */
function addExpected(s: Summary, tx: TestTransaction, e: Expected, open = true): void {
  if (e.reversal) s.reversals.push([tx.stan, e.reversal]);
  if (e.advice) s.advices.push(tx.stan);
  if (e.completion) s.completions.push(tx.stan);
  if (!open) return;
  if (e.counts === "debit" || e.counts === "offline") {
    s.debits++;
    s.debitsMinor += tx.amountMinor;
  }
  if (e.counts === "offline") s.offline++;
  if (e.counts === "credit") {
    s.credits++;
    s.creditsMinor += tx.amountMinor;
  }
  if (e.counts === "void") s.voids++;
  if (e.counts === "balance") s.balance++;
}

const SALE: TestTransaction = { kind: "sale", stan: 1, amountMinor: 1000 };
const kinds: { name: string; tx: TestTransaction; paths: Step[][] }[] = [
  { name: "sale", tx: SALE, paths: PATHS.money },
  { name: "sale completed by recovery", tx: { ...SALE, completeOnPowerLoss: true }, paths: PATHS.money },
  { name: "refund", tx: { kind: "refund", stan: 1, amountMinor: 300 }, paths: PATHS.money },
  { name: "balance inquiry", tx: { kind: "balance", stan: 1, amountMinor: 0 }, paths: PATHS.balance },
  { name: "offline sale", tx: { kind: "offline", stan: 1, amountMinor: 1000 }, paths: PATHS.offline },
];

for (const { name, tx, paths } of kinds) {
  test(`${name}: after every prefix of every path, the pending reversal, advice or completion and the totals the rules give`, (t) => {
    let checked = 0;
    for (const steps of prefixes(paths)) {
      const want = emptySummary();
      addExpected(want, tx, expected(tx, steps));
      t.deepEqual(summary(recover(records(tx, steps))), want, steps.join(" "));
      checked++;
    }
    t.log(`${checked} prefixes`);
  });
}

for (const completeOnPowerLoss of [false, true]) {
  test(`void${completeOnPowerLoss ? " completed by recovery" : ""}: after every prefix of every path, its sale counts unless the void does`, (t) => {
    const sale: TestTransaction = { kind: "sale", stan: 1, amountMinor: 700 };
    const voidTx: TestTransaction = { kind: "void", stan: 2, amountMinor: 700, originalStan: 1, completeOnPowerLoss };
    for (const steps of prefixes(PATHS.money)) {
      const e = expected(voidTx, steps);
      const want = emptySummary();
      addExpected(want, voidTx, e);
      if (e.counts !== "void") addExpected(want, sale, { counts: "debit" });
      t.deepEqual(summary(recover([...records(sale, ["I", "S", "A+", "C"]), ...records(voidTx, steps)])), want, steps.join(" "));
    }
  });
}

test("two transactions, every prefix of each (the first cut short, the terminal restarted, the second run): each recovers as it would alone", (t) => {
  const a: TestTransaction = { kind: "sale", stan: 1, amountMinor: 1000 };
  const b: TestTransaction = { kind: "refund", stan: 2, amountMinor: 300 };
  let pairs = 0;
  for (const first of prefixes(PATHS.money)) {
    for (const second of prefixes(PATHS.money)) {
      const want = emptySummary();
      addExpected(want, a, expected(a, first));
      addExpected(want, b, expected(b, second));
      const got = recover([...records(a, first), ...records(b, second)]);
      t.deepEqual(summary(got), want, `${first.join(" ")} | ${second.join(" ")}`);
      t.is(got.counters.stan, second.length ? 2 : first.length ? 1 : 0);
      pairs++;
    }
  }
  t.log(`${pairs} pairs`);
});

test("across a settlement: what is pending stays pending, only the open batch counts, the batch number moves on", (t) => {
  const old: TestTransaction = { kind: "sale", stan: 1, amountMinor: 1000 };
  const next: TestTransaction = { kind: "sale", stan: 2, amountMinor: 400, batch: 2 };
  for (const first of prefixes(PATHS.money)) {
    const want = emptySummary();
    addExpected(want, old, expected(old, first), false);
    addExpected(want, next, { counts: "debit" });
    const got = recover([...records(old, first), settled(1), ...records(next, ["I", "S", "A+", "C"])]);
    t.deepEqual(summary(got), want, first.join(" "));
    t.is(got.counters.batch, 2);
    t.false(got.compactable, "intents follow the settlement");
  }
});

test("a log whose last settlement has records before it and none of the open batch after is compactable", (t) => {
  const sale: TestTransaction = { kind: "sale", stan: 1, amountMinor: 1000 };
  t.true(recover([...records(sale, ["I", "S", "A+", "C"]), settled(1, 1, 1000)]).compactable);
  t.false(recover([settled(1, 1, 1000), counters(1, 1, 2)]).compactable, "a compacted log starts with the settlement");
  t.false(recover(records(sale, ["I", "S", "A+", "C"])).compactable);
  const got = recover([...records(sale, ["I", "S", "A+", "C"]), settled(1, 1, 1000)]);
  t.like(got.lastSettlement, { batch: 1, debits: 1, debitsMinor: 1000 });
  t.is(got.totals.debits, 0);
});

test("counters resume after the later of every value read, across the wrap at 999999", (t) => {
  const r1 = recover([counters(999_990, 10, 3), ...records({ kind: "sale", stan: 999_999, amountMinor: 5, invoice: 11, batch: 3 }, ["I"])]);
  t.deepEqual(r1.counters, { stan: 999_999, invoice: 11, batch: 3 });
  const r2 = recover([...records({ kind: "sale", stan: 999_999, amountMinor: 5, invoice: 999_999, batch: 7 }, ["I"]), counters(16, 999_999, 7)]);
  t.deepEqual(r2.counters, { stan: 16, invoice: 999_999, batch: 7 }, "a reservation past the wrap is later");
  const r3 = recover([counters(40, 3, 1), ...records({ kind: "sale", stan: 25, amountMinor: 5, invoice: 4 }, ["I"])]);
  t.is(r3.counters.stan, 40, "an intent inside a reserved block does not move the counter back");
  t.is(recover([settled(999_999)]).counters.batch, 1);
});

test("records of other types are passed over; damaged ones and steps for unknown STANs are counted as skipped", (t) => {
  const sale: TestTransaction = { kind: "sale", stan: 1, amountMinor: 1000 };
  const stream: RecordLike[] = [
    { type: 0x01, payload: Uint8Array.of(1, 2, 3) },
    ...records(sale, ["I", "S", "A+"]),
    { type: TX_TYPE.completed, payload: Uint8Array.of(1, 0) },
    { type: TX_TYPE.completed, payload: encodeStep(77) },
    { type: TX_TYPE.intent, payload: new Uint8Array(35) },
    ...records(sale, ["C", "C"]),
  ];
  const got = recover(stream);
  t.is(got.records, 9);
  t.is(got.skipped, 4, "a short payload, an unknown STAN, an intent of kind 0, a second completion");
  t.like(got.totals, { debits: 1, debitsMinor: 1000 });
});

test("recover is pure: the same records give the same answer, and are left as they were", (t) => {
  const stream = [...records(SALE, ["I", "S"]), ...records({ kind: "offline", stan: 2, amountMinor: 10 }, ["I", "AQ"])];
  const copy = stream.map((r) => ({ type: r.type, payload: r.payload.slice() }));
  const a = summary(recover(stream));
  const b = summary(recover(stream));
  t.deepEqual(a, b);
  t.deepEqual(stream, copy);
  t.deepEqual(a.reversals, [[1, "68"]]);
  t.deepEqual(a.advices, [2]);
});

/** The state of the row with this STAN after recovery. */
function stateOf(r: Recovered, stan: number): string | undefined {
  const i = r.table.find(stan);
  return i < 0 ? undefined : r.table.view(i).state;
}

test("pre-authorization: after every prefix of every path, a hold is open exactly when a sale would count, never in the debits, reversed as a sale would be", (t) => {
  const hold: TestTransaction = { kind: "preauth", stan: 1, amountMinor: 5000 };
  for (const steps of prefixes(PATHS.money)) {
    const e = expected({ ...hold, kind: "sale" }, steps);
    const got = recover(records(hold, steps));
    const want = emptySummary();
    if (e.reversal) want.reversals.push([1, e.reversal]);
    t.deepEqual(summary(got), want, steps.join(" "));
    t.is(got.totals.byType.preauth.count, e.counts ? 1 : 0, steps.join(" "));
    if (steps.length) t.is(stateOf(got, 1) === "completed", e.counts === "debit", `${steps.join(" ")}: the hold is open`);
  }
});

for (const kind of ["preauthCompletion", "preauthCancel"] as const) {
  test(`${kind === "preauthCompletion" ? "completion" : "cancellation"} of a hold: after every prefix of every path, the hold is ${kind === "preauthCompletion" ? "captured and the completion a debit" : "released, nothing in the debits"} exactly when the step counts, open otherwise`, (t) => {
    const hold: TestTransaction = { kind: "preauth", stan: 1, amountMinor: 5000 };
    const linked: TestTransaction = { kind, stan: 2, amountMinor: kind === "preauthCompletion" ? 4200 : 5000, originalStan: 1 };
    for (const steps of prefixes(PATHS.money)) {
      const e = expected({ ...linked, kind: "sale" }, steps);
      const got = recover([...records(hold, ["I", "S", "A+C"]), ...records(linked, steps)]);
      const want = emptySummary();
      if (e.reversal) want.reversals.push([2, e.reversal]);
      if (e.counts && kind === "preauthCompletion") {
        want.debits = 1;
        want.debitsMinor = 4200;
      }
      t.deepEqual(summary(got), want, steps.join(" "));
      t.is(stateOf(got, 1), e.counts ? (kind === "preauthCompletion" ? "captured" : "released") : "completed", steps.join(" "));
    }
  });
}

test("a completion of a hold that is not open (unknown, declined, released) does not capture anything", (t) => {
  const completion: TestTransaction = { kind: "preauthCompletion", stan: 3, amountMinor: 100, originalStan: 1 };
  const declined = recover([...records({ kind: "preauth", stan: 1, amountMinor: 500 }, ["I", "S", "A-"]), ...records(completion, ["I", "S", "A+C"])]);
  t.is(stateOf(declined, 1), "declined");
  const released = recover([
    ...records({ kind: "preauth", stan: 1, amountMinor: 500 }, ["I", "S", "A+C"]),
    ...records({ kind: "preauthCancel", stan: 2, amountMinor: 500, originalStan: 1 }, ["I", "S", "A+C"]),
    ...records(completion, ["I", "S", "A+C"]),
  ]);
  t.is(stateOf(released, 1), "released", "a released hold stays released");
  t.is(released.totals.byType.preauthCancel.amountMinor, 500);
});

test("an offline completion: its advice queued captures the hold and counts as a debit; delivered, it still counts", (t) => {
  const hold: TestTransaction = { kind: "preauth", stan: 1, amountMinor: 5000 };
  const offline: TestTransaction = { kind: "preauthCompletion", stan: 2, amountMinor: 3000, originalStan: 1 };
  const queued = recover([...records(hold, ["I", "S", "A+C"]), ...records(offline, ["I", "AQ"])]);
  t.deepEqual(queued.pendingAdvices.map((v) => v.stan), [2]);
  t.is(stateOf(queued, 1), "captured");
  t.like(queued.totals, { debits: 1, debitsMinor: 3000 });
  const delivered = recover([...records(hold, ["I", "S", "A+C"]), ...records(offline, ["I", "AQ", "AD"])]);
  t.deepEqual(delivered.pendingAdvices, []);
  t.like(delivered.totals, { debits: 1, debitsMinor: 3000 });
  // cut before the advice was queued: the completion is reversed (nothing reached the host) and the hold stays open
  const cut = recover([...records(hold, ["I", "S", "A+C"]), ...records(offline, ["I"])]);
  t.deepEqual(cut.pendingReversals.map((v) => [v.stan, v.reversalReason]), [[2, "68"]]);
  t.is(stateOf(cut, 1), "completed");
  t.is(cut.totals.debits, 0);
});
