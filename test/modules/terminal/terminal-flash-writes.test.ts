/**
 * The journal's flash writes for one transaction of each kind, counted
 * on the terminal's memory flash, both receipt copies printed: at most 4
 * (intent, answer carrying the receipt's data, each copy's end), so that
 * a batch of 500 stays within the flash's wear budget. A PIN transaction
 * also saves its DUKPT registers once in the key store, outside the
 * journal (ANSI X9.24-1: the key used is erased before the next one).
 */
import test from "ava";
import { KINDS, costOfKind } from "./transaction-kinds.ts";

/** the journal's budget for one transaction with both its receipt copies */
const MAX_WRITES = 4;

for (const kind of KINDS) {
  test(`a ${kind.name} transaction with its receipts takes at most ${MAX_WRITES} journal writes on the flash`, async (t) => {
    const cost = await costOfKind(kind);
    t.true(cost.writes <= MAX_WRITES, `${cost.writes} writes`);
    t.is(cost.writes, cost.records, "one record a write");
  });
}

test("the kinds counted include a basket sale with a cash part and a chip sale with online PIN", (t) => {
  const names = KINDS.map((k) => k.name);
  t.true(names.includes("basketCash"));
  t.true(names.includes("chipOnlinePin"));
});

test("a swiped PIN sale saves the DUKPT registers once in the key store; a sale without PIN saves nothing there", async (t) => {
  const pin = await costOfKind(KINDS.find((k) => k.name === "pinSwipe")!);
  const swipe = await costOfKind(KINDS.find((k) => k.name === "swipe")!);
  t.is(pin.storeWrites, 1);
  t.is(swipe.storeWrites, 0);
});
