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
}
