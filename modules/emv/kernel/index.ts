/*
 * The EMV contact kernel: what the terminal application and the tests use.
 */
export { EmvKernel, type EmvKernelOptions } from "./kernel.ts";
export type { HostAnswer } from "./online-processing.ts";
export type {
  ApprovedOutcome,
  CancelledOutcome,
  CardData,
  CardRemovedOutcome,
  CryptogramType,
  DecisionPath,
  DeclinedOutcome,
  EndApplicationOutcome,
  KernelOutcome,
  KernelStep,
  OdaMethodUsed,
  OnlineOutcome,
  StatusAtEnd,
  TerminateReason,
  TransactionResult,
} from "./outcome.ts";
export type { ApduExchange, ApduTrace, ApplicationCandidate, ApplicationChoice, CardholderPort, PinEntry, PinRequest } from "./ports.ts";
export { MAX_AMOUNT, TRANSACTION_TYPE_CODES, type EmvTransaction, type TransactionType } from "./transaction.ts";
export { DE55_TAGS } from "./de55.ts";
export { TSI, TVR, hasBit, type StatusBit } from "./status-bits.ts";
