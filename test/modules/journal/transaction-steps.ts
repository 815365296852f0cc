/**
 * Transaction records for the recovery tests, written with the record
 * encoders: a short vocabulary of steps ("I" intent, "S" sent, "A+" and
 * "A-" answered, "A+C" answered and completed in one record, "C"
 * completed (a void: voided), "RQ68"/"RQE1" reversal
 * queued with its reason, "RA" reversal answered, "AQ"/"AD" advice queued
 * and delivered) turned into the records the terminal would write.
 */
import {
  TX_TYPE,
  encodeAnswer,
  encodeCounters,
  encodeIntent,
  encodeSettled,
  encodeStep,
  encodeVoided,
  type TransactionKind,
} from "../../../modules/journal/transaction-records.ts";
import type { RecordLike } from "../../../modules/journal/recover.ts";

export type Step = "I" | "S" | "A+" | "A+C" | "A-" | "C" | "RQ68" | "RQE1" | "RA" | "AQ" | "AD";

/** One transaction of a test stream. */
export interface TestTransaction {
  kind: TransactionKind;
  stan: number;
  amountMinor: number;
  pan?: string;
  originalStan?: number;
  completeOnPowerLoss?: boolean;
  batch?: number;
  invoice?: number;
}

const SCHEME_OF_PAN: Record<string, "visa" | "mastercard"> = { "411111******1111": "visa", "555555******4444": "mastercard" };

/** The record of one step of `tx`. */
export function stepRecord(tx: TestTransaction, step: Step): RecordLike {
  switch (step) {
    case "I": {
      const truncatedPan = tx.kind === "void" ? "" : tx.pan ?? "411111******1111";
      return {
        type: TX_TYPE.intent,
        payload: encodeIntent({
          kind: tx.kind,
          stan: tx.stan,
          invoice: tx.invoice ?? tx.stan,
          batch: tx.batch ?? 1,
          amountMinor: tx.amountMinor,
          currency: 978,
          utcSeconds: 1_795_000_000 + tx.stan,
          offsetMinutes: 60,
          ...(tx.kind === "void" ? {} : { entry: "swipe" as const }),
          scheme: SCHEME_OF_PAN[truncatedPan] ?? "visa",
          truncatedPan,
          originalStan: tx.originalStan ?? 0,
          completeOnPowerLoss: tx.completeOnPowerLoss ?? false,
        }),
      };
    }
    case "S":
      return { type: TX_TYPE.sent, payload: encodeStep(tx.stan) };
    case "A+":
    case "A+C":
    case "A-": {
      const approved = step !== "A-";
      return {
        type: TX_TYPE.answered,
        payload: encodeAnswer({ stan: tx.stan, approved, completed: step === "A+C", responseCode: approved ? "00" : "05", authCode: approved ? "123456" : "", rrn: approved ? "000000000042" : "" }),
      };
    }
    case "C":
      return tx.kind === "void" ? { type: TX_TYPE.voided, payload: encodeVoided(tx.stan, tx.originalStan!) } : { type: TX_TYPE.completed, payload: encodeStep(tx.stan) };
    case "RQ68":
      return { type: TX_TYPE.reversalQueued, payload: encodeStep(tx.stan, "68") };
    case "RQE1":
      return { type: TX_TYPE.reversalQueued, payload: encodeStep(tx.stan, "E1") };
    case "RA":
      return { type: TX_TYPE.reversalAnswered, payload: encodeStep(tx.stan, "00") };
    case "AQ":
      return { type: TX_TYPE.adviceQueued, payload: encodeStep(tx.stan, "Y1", 6) };
    case "AD":
      return { type: TX_TYPE.adviceDelivered, payload: encodeStep(tx.stan) };
  }
}

export function records(tx: TestTransaction, steps: readonly Step[]): RecordLike[] {
  return steps.map((s) => stepRecord(tx, s));
}

export function settled(batch: number, debits = 0, debitsMinor = 0): RecordLike {
  return { type: TX_TYPE.settled, payload: encodeSettled({ batch, balanced: true, uploaded: 0, debits, debitsMinor, credits: 0, creditsMinor: 0, utcSeconds: 1_795_100_000 }) };
}

export function counters(stan: number, invoice: number, batch: number): RecordLike {
  return { type: TX_TYPE.counters, payload: encodeCounters({ stan, invoice, batch }) };
}

/** Every complete path of steps a transaction of each kind can take, as the client writes them. */
export const PATHS: Record<"money" | "balance" | "offline", Step[][]> = {
  money: [
    ["I", "S", "A+C"],
    ["I", "S", "A+C", "RQE1", "RA"],
    ["I", "S", "A+", "C"],
    ["I", "S", "A+", "C", "RQE1", "RA"],
    ["I", "S", "A-"],
    ["I", "S", "RQ68", "RA"],
    ["I", "RQ68", "RA"],
    ["I", "S", "A+", "RQE1", "RA"],
    ["I", "RA"],
    ["I", "S", "RA"],
    ["I", "S", "A+", "RA"],
  ],
  balance: [
    ["I", "A+"],
    ["I", "A-"],
    ["I", "S", "A+"],
  ],
  offline: [["I", "AQ", "AD"]],
};

/** Every prefix of every path (what a power cut after any record leaves), the empty one included, without repeats. */
export function prefixes(paths: Step[][]): Step[][] {
  const seen = new Set<string>();
  const out: Step[][] = [];
  for (const path of paths) {
    for (let n = 0; n <= path.length; n++) {
      const p = path.slice(0, n);
      const key = p.join(",");
      if (!seen.has(key)) {
        seen.add(key);
        out.push(p);
      }
    }
  }
  return out;
}
