/**
 * The transaction records byte by byte, against the layouts drawn in
 * modules/journal/README.md (the expected bytes are written out from
 * those tables by hand), their round trips, and the refusals.
 */
import test from "ava";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import {
  TX_TYPE,
  decodeTransactionRecord,
  encodeAnswer,
  encodeCounters,
  encodeIntent,
  encodeSettled,
  encodeStep,
  encodeVoided,
  truncatePan,
  type IntentRecord,
} from "../../../modules/journal/transaction-records.ts";

const INTENT: IntentRecord = {
  kind: "sale",
  stan: 123,
  invoice: 7,
  batch: 2,
  amountMinor: 1250,
  currency: 978,
  utcSeconds: 1_795_000_000,
  offsetMinutes: 60,
  entry: "swipe",
  scheme: "visa",
  truncatedPan: "411111******1111",
  originalStan: 0,
  completeOnPowerLoss: false,
};

test("an intent: kind, flags, STAN, invoice, batch, amount, currency, time, offset, entry, scheme, truncated PAN, original STAN", (t) => {
  const bytes = encodeIntent(INTENT);
  // README.md, intent (type 10): 01 kind sale | 00 flags | 7B0000 STAN 123 | 070000 invoice 7 | 020000 batch 2 |
  // E20400000000 amount 1250 | D203 currency 978 | C086FD6A 1795000000 s | 04 +60 min in quarter hours |
  // 01 swipe | 01 visa | 10 PAN of 16 digits | 411111 first six | 1111 last four | 000000 no original
  t.is(toHex(bytes), "0100" + "7B0000" + "070000" + "020000" + "E20400000000" + "D203" + "C086FD6A" + "04" + "01" + "01" + "10" + "411111" + "1111" + "000000");
  t.deepEqual(decodeTransactionRecord(TX_TYPE.intent, bytes), { type: "intent", ...INTENT });
});

test("an intent with sealed card data and recovery's completion rule sets flags 03 and carries the sealed bytes after byte 35", (t) => {
  const sealed = fromHex("00112233445566778899AABBCCDDEEFF" + "FFEEDDCCBBAA99887766554433221100");
  const bytes = encodeIntent({ ...INTENT, completeOnPowerLoss: true, sealed });
  t.is(bytes.length, 35 + 32);
  t.is(bytes[1], 0x03);
  t.deepEqual(bytes.subarray(35), sealed);
  t.deepEqual(decodeTransactionRecord(TX_TYPE.intent, bytes), { type: "intent", ...INTENT, completeOnPowerLoss: true, sealed });
});

test("a void intent: no card (entry 00, PAN length 00, PAN bytes erased), the original's STAN, a negative offset", (t) => {
  const v: IntentRecord = { ...INTENT, kind: "void", entry: undefined, truncatedPan: "", originalStan: 999_999, offsetMinutes: -300 };
  delete (v as Partial<IntentRecord>).entry;
  const bytes = encodeIntent(v);
  t.is(bytes[0], 0x03);
  t.is(bytes[23], 0xec, "-300 min is -20 quarter hours");
  t.is(toHex(bytes.subarray(24, 35)), "00" + "01" + "00" + "FFFFFFFFFF" + "3F420F");
  t.deepEqual(decodeTransactionRecord(TX_TYPE.intent, bytes), { type: "intent", ...v });
});

test("a short PAN keeps its first six digits only", (t) => {
  t.is(truncatePan("4111111111111111"), "411111******1111");
  t.is(truncatePan("4111111111111"), "411111***1111");
  t.is(truncatePan("411111111111"), "411111******");
  const bytes = encodeIntent({ ...INTENT, truncatedPan: "411111******" });
  t.is(toHex(bytes.subarray(26, 32)), "0C" + "411111" + "FFFF");
  t.like(decodeTransactionRecord(TX_TYPE.intent, bytes), { truncatedPan: "411111******" });
  t.throws(() => truncatePan("41111"), { code: "TX_INPUT" });
  t.throws(() => encodeIntent({ ...INTENT, truncatedPan: "4111111111111111" }), { code: "TX_INPUT" }, "a full PAN is never an intent's");
});

test("the step records: sent, answered (and completed with it), completed, reversal queued and answered, advice queued and delivered, voided", (t) => {
  t.is(toHex(encodeStep(123)), "7B0000");
  // answered: STAN | 01 approved | "00" | "123456" | "000000000042"
  t.is(toHex(encodeAnswer({ stan: 123, approved: true, responseCode: "00", authCode: "123456", rrn: "000000000042" })), "7B0000" + "01" + "3030" + "313233343536" + "303030303030303030303432");
  // a decline with no auth code nor RRN: spaces
  t.is(toHex(encodeAnswer({ stan: 1, approved: false, responseCode: "51", authCode: "", rrn: "" })), "010000" + "00" + "3531" + "20".repeat(6) + "20".repeat(12));
  t.is(toHex(encodeStep(123, "68")), "7B0000" + "3638");
  t.is(toHex(encodeStep(123, "Y1", 6)), "7B0000" + "593120202020");
  t.is(toHex(encodeVoided(124, 123)), "7C0000" + "7B0000");
  t.deepEqual(decodeTransactionRecord(TX_TYPE.reversalQueued, encodeStep(5, "E1")), { type: "reversalQueued", stan: 5, reason: "E1" });
  t.deepEqual(decodeTransactionRecord(TX_TYPE.adviceQueued, encodeStep(5, "Y1", 6)), { type: "adviceQueued", stan: 5, authCode: "Y1" });
  t.deepEqual(decodeTransactionRecord(TX_TYPE.voided, encodeVoided(124, 123)), { type: "voided", stan: 124, originalStan: 123 });
  // approved and completed in the same record: flags 03
  t.is(toHex(encodeAnswer({ stan: 123, approved: true, completed: true, responseCode: "00", authCode: "123456", rrn: "000000000042" }).subarray(3, 4)), "03");
  t.like(decodeTransactionRecord(TX_TYPE.answered, encodeAnswer({ stan: 123, approved: true, completed: true, responseCode: "00", authCode: "", rrn: "" })), { approved: true, completed: true });
  t.deepEqual(decodeTransactionRecord(TX_TYPE.answered, encodeAnswer({ stan: 1, approved: false, responseCode: "51", authCode: "", rrn: "" })), {
    type: "answered",
    stan: 1,
    approved: false,
    completed: false,
    responseCode: "51",
    authCode: "",
    rrn: "",
  });
});

test("settled and counters records", (t) => {
  const s = { batch: 2, balanced: false, uploaded: 3, debits: 2, debitsMinor: 123_456_789_012, credits: 1, creditsMinor: 1250, utcSeconds: 1_795_000_000 };
  // batch | 00 not balanced | uploaded | debit count | debit amount | credit count | credit amount | time
  t.is(toHex(encodeSettled(s)), "020000" + "00" + "030000" + "020000" + "141A99BE1C00" + "010000" + "E20400000000" + "C086FD6A");
  t.deepEqual(decodeTransactionRecord(TX_TYPE.settled, encodeSettled(s)), { type: "settled", ...s });
  t.is(toHex(encodeCounters({ stan: 999_999, invoice: 0, batch: 1 })), "3F420F" + "000000" + "010000");
  t.deepEqual(decodeTransactionRecord(TX_TYPE.counters, encodeCounters({ stan: 16, invoice: 3, batch: 2 })), { type: "counters", stan: 16, invoice: 3, batch: 2 });
});

test("fields out of range are refused with TX_INPUT", (t) => {
  const bad: [string, Partial<IntentRecord>][] = [
    ["STAN 0", { stan: 0 }],
    ["STAN over 999999", { stan: 1_000_000 }],
    ["amount over 12 digits", { amountMinor: 1e12 }],
    ["negative amount", { amountMinor: -1 }],
    ["fractional amount", { amountMinor: 1.5 }],
    ["currency over 999", { currency: 1000 }],
    ["offset over 16 h", { offsetMinutes: 1000 }],
    ["unknown kind", { kind: "cashback" as never }],
    ["unknown entry", { entry: "tap" as never }],
    ["sealed data not whole blocks", { sealed: new Uint8Array(20) }],
  ];
  for (const [what, change] of bad) t.throws(() => encodeIntent({ ...INTENT, ...change }), { code: "TX_INPUT" }, what);
  t.throws(() => encodeAnswer({ stan: 1, approved: true, responseCode: "000", authCode: "", rrn: "" }), { code: "TX_INPUT" });
  t.throws(() => encodeAnswer({ stan: 1, approved: true, responseCode: "00", authCode: "1234567", rrn: "" }), { code: "TX_INPUT" });
  t.throws(() => encodeStep(1, "6\n"), { code: "TX_INPUT" });
  t.throws(() => encodeAnswer({ stan: 1, approved: false, completed: true, responseCode: "05", authCode: "", rrn: "" }), { code: "TX_INPUT" }, "a decline is never completed");
});

test("payloads that do not have their type's layout are refused with TX_RECORD; other types are not this module's", (t) => {
  const intent = encodeIntent(INTENT);
  const cases: [string, number, Uint8Array][] = [
    ["a short intent", TX_TYPE.intent, intent.subarray(0, 34)],
    ["kind 0", TX_TYPE.intent, Uint8Array.of(0, ...intent.subarray(1))],
    ["sealed flag with no sealed data", TX_TYPE.intent, Uint8Array.of(1, 1, ...intent.subarray(2))],
    ["trailing bytes without the sealed flag", TX_TYPE.intent, Uint8Array.of(...intent, 0)],
    ["a PAN of 25 digits", TX_TYPE.intent, Uint8Array.of(...intent.subarray(0, 26), 25, ...intent.subarray(27))],
    ["a PAN that is not BCD", TX_TYPE.intent, Uint8Array.of(...intent.subarray(0, 27), 0xab, ...intent.subarray(28))],
    ["STAN 0 in a step", TX_TYPE.sent, Uint8Array.of(0, 0, 0)],
    ["a step of 4 bytes", TX_TYPE.completed, Uint8Array.of(1, 0, 0, 0)],
    ["a control character in a code", TX_TYPE.reversalQueued, Uint8Array.of(1, 0, 0, 0x36, 0x0a)],
  ];
  for (const [what, type, payload] of cases) t.throws(() => decodeTransactionRecord(type, payload), { code: "TX_RECORD" }, what);
  t.is(decodeTransactionRecord(0x01, Uint8Array.of(1)), undefined);
});
