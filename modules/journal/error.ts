import { XsposError } from "../core/error.ts";

/** Codes of {@link JournalError}. */
export type JournalErrorCode =
  /** an append (or a compaction) would not fit in the flash left to it */
  | "JOURNAL_FULL"
  /** a record type that is not an integer 0-255 */
  | "JOURNAL_TYPE"
  /** a payload that is not bytes, or too long for one erase block */
  | "JOURNAL_PAYLOAD"
  /** a flash too small or oddly shaped for a journal, or a bad reserve */
  | "JOURNAL_GEOMETRY"
  /** the 32-bit sequence numbers are used up */
  | "JOURNAL_SEQUENCE"
  /** a flash operation failed part-way; the journal must be opened again */
  | "JOURNAL_FAILED"
  /** a read, write or erase outside the partition */
  | "FLASH_RANGE"
  /** a flash backend whose storage does not have the size it was opened with */
  | "FLASH_GEOMETRY"
  /** a flash backend used after it was closed */
  | "FLASH_CLOSED"
  /** a simulated power cut (memory flash only): every call fails until reboot */
  | "FLASH_POWER_CUT";

/** A journal or flash operation refused, with a stable {@link JournalErrorCode}. */
export class JournalError extends XsposError {
  declare readonly code: JournalErrorCode;
  constructor(code: JournalErrorCode, message: string) {
    super(code, message);
  }
}
