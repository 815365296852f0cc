import { XsposError } from "../core/error.ts";

/** Codes of {@link TransactionError}. */
export type TransactionErrorCode =
  /** a transaction record whose payload does not have its type's layout */
  | "TX_RECORD"
  /** a transaction field out of range (amount, currency, STAN, PAN, codes) */
  | "TX_INPUT"
  /** a step for a STAN that has no transaction in the state the step needs */
  | "TX_STATE"
  /** sealed card data that does not open under the device data key */
  | "TX_SEALED";

/** A transaction record or step refused, with a stable {@link TransactionErrorCode}. */
export class TransactionError extends XsposError {
  declare readonly code: TransactionErrorCode;
  constructor(code: TransactionErrorCode, message: string) {
    super(code, message);
  }
}
