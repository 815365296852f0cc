import type { Crypto } from "../modules/crypto/port.ts";

/** What the runner hands every case: the same software crypto backend on both engines. */
export interface BenchEnv {
  crypto: Crypto;
}

/** One benchmarked operation, portable: it runs unchanged on Node and on XS. */
export interface BenchCase {
  /** stable name, the key in the JSON report */
  name: string;
  /** what one operation is, for the reader of the report */
  unit: string;
  /** the budget for one operation's wall time on XS on the development machine, µs */
  xsTargetUs?: number;
  /** builds the inputs once; returns the operation to repeat */
  setup(env: BenchEnv): () => unknown;
  /** also time the case on Node with the OpenSSL crypto backend (hosts/node/node-crypto.ts) */
  nodeBackend?: boolean;
  /** counts that do not depend on the engine (e.g. flash bytes written per record), computed once on Node (awaited when a promise) */
  figures?(): Record<string, number> | Promise<Record<string, number>>;
  /** also count the XS heap of one operation in a fresh worker (bench/xs-heap.ts): xsnap's slot counts, not the device's */
  xsHeap?: boolean;
  /** one of `figures`, a duration in µs (e.g. the card-line time of the same exchange), that each engine's mean is reported as a percentage of, against `targetPercent` */
  reference?: { figure: string; targetPercent?: number; /** what the figure is (measured or modelled), for the reader of the report */ note?: string };
}
