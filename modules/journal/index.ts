export { Journal, type JournalOptions, type JournalEntry, type JournalRecord, type CompactResult, type RecordVisitor } from "./journal.ts";
export { JournalError, type JournalErrorCode } from "./error.ts";
export { type Flash, ERASED, checkFlashRange, checkBlockIndex } from "./flash.ts";
export { MemoryFlash, type MemoryFlashOptions, type PowerCutOptions } from "./memory-flash.ts";
export { crc32, crc32Words, LITTLE_ENDIAN } from "./crc32.ts";
export { recordSize, RECORD_OVERHEAD } from "./record.ts";
export { TransactionJournal, sealedReserve, type TransactionJournalOptions, type NewTransaction } from "./transaction-journal.ts";
export { recover, applyRecord, initialState, settleInterrupted, chipAdvicePending, chipAdviceRows, REASON_NO_ANSWER, REASON_NOT_COMPLETED, type Recovered, type RecordLike, type RecoveryState } from "./recover.ts";
export { TransactionTable, STATES, CHIP_BITS, TABLE_ROW_BYTES, type TransactionState, type TransactionView } from "./transaction-table.ts";
export {
  TX_TYPE,
  KINDS,
  ENTRY_MODES,
  SCHEMES,
  COUNTER_MODULUS,
  INTENT_SIZE,
  RECORD_LENGTHS,
  truncatePan,
  encodeIntent,
  encodeAnswer,
  encodeStep,
  encodeVoided,
  encodeSettled,
  encodeCounters,
  encodePrint,
  encodeReportJob,
  answerParts,
  ANSWER_CHIP,
  ANSWER_RECEIPT,
  intentSealedAt,
  INTENT_ADVICE,
  INTENT_RECEIPT,
  INTENT_SEALED,
  REPORTS,
  type ReportJobRecord,
  decodeTransactionRecord,
  decodeIntent,
  decodeSettled,
  decodeCounters,
  decodeReportJob,
  checkIntentParts,
  PRINT_STATES,
  type PrintState,
  type PrintRecord,
  type TransactionKind,
  type EntryMode,
  type IntentRecord,
  type AnswerRecord,
  type SettledRecord,
  type CountersRecord,
  encodeChipAdvice,
  encodeChipAdviceDelivered,
  checkChipAdvice,
  CHIP_ADVICE_KINDS,
  CHIP_ADVICE_MAX_DATA,
  CHIP_ADVICE_HEADER,
  type ChipAdviceRecord,
  type ChipAdviceKind,
  encodeDelivered,
  deliveredInnerAt,
  deliveredOverhead,
  MAX_DELIVERY_MARKS,
  type DeliveryMark,
  type TransactionRecord,
} from "./transaction-records.ts";
export { localDay, dayTotalsOf, carryDay, encodeDayTotals, decodeDayTotals, DAY_TOTALS_LENGTH, type DayTotals } from "./day-totals.ts";
export { totalsOf, type BatchTotals, type SettlementTotals, type Tally } from "./totals.ts";
export { nextCounter, advanceCounter, laterCounter, type Counters } from "./counters.ts";
export { sealCardData, unsealCardData, withoutTrackData, DATA_KEY_NAME, type CardSecrets } from "./sealed-card-data.ts";
export { TransactionError, type TransactionErrorCode } from "./transaction-error.ts";
export { encodeReceipt, decodeReceipt, type ReceiptRecord } from "./receipt-record.ts";
export { utf8Bytes, utf8Text } from "../core/utf8.ts";
