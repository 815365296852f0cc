import { isDigits } from "../../core/chars.ts";
import { EmvError } from "../error.ts";
import { dateNumber } from "./dates.ts";

/** The transactions the kernel runs, by the Transaction Type (9C) they send (ISO 8583 processing code, first two digits). */
export type TransactionType = "purchase" | "cash" | "cashback" | "refund";

/** 9C for each type. */
export const TRANSACTION_TYPE_CODES: Readonly<Record<TransactionType, number>> = { purchase: 0x00, cash: 0x01, cashback: 0x09, refund: 0x20 };

/** One transaction, as the terminal application starts it. */
export interface EmvTransaction {
  type: TransactionType;
  /** Amount, Authorised (9F02, 81), minor units of the terminal's currency, cashback included */
  amount: number;
  /** Amount, Other (9F03, 9F04): the cashback part; only with `cashback` */
  otherAmount?: number;
  /** Transaction Date (9A), YYMMDD, local */
  date: string;
  /** Transaction Time (9F21), HHMMSS, local */
  time: string;
  /** Transaction Sequence Counter (9F41), 1-99999999 */
  sequenceCounter?: number;
  /** what a purchase buys, for the Application Usage Control check (Book 3 §10.4.2); goods unless said */
  service?: "goods" | "services";
  /** the merchant sends the transaction online whatever the card says (TVR byte 4 b4) */
  forceOnline?: boolean;
}

/** The largest n 12 amount (9F02). */
export const MAX_AMOUNT = 999_999_999_999;

function refuse(message: string): never {
  throw new EmvError("EMV_KERNEL_INPUT", message);
}

function checkAmount(value: unknown, name: string): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > MAX_AMOUNT) refuse(`${name} is a whole number of minor units, 0 to ${MAX_AMOUNT}`);
}

/**
 * Refuses a transaction the kernel cannot run.
 * @throws EmvError `EMV_KERNEL_INPUT` naming the field at fault
 */
export function checkTransaction(tx: EmvTransaction): void {
  if (tx === null || typeof tx !== "object") refuse("a transaction object is expected");
  if (!Object.prototype.hasOwnProperty.call(TRANSACTION_TYPE_CODES, tx.type)) refuse("type is purchase, cash, cashback or refund");
  checkAmount(tx.amount, "amount");
  if (tx.otherAmount !== undefined) {
    checkAmount(tx.otherAmount, "otherAmount");
    if (tx.type !== "cashback") refuse("otherAmount goes with a cashback transaction only");
    if (tx.otherAmount > tx.amount) refuse("otherAmount is part of amount, so not above it");
  }
  if (typeof tx.date !== "string" || !isDigits(tx.date, 6, 6)) refuse("date is YYMMDD");
  if (dateNumber(bcd(tx.date, 3)) === undefined) refuse("date is YYMMDD with a month 01-12 and a day 01-31");
  if (typeof tx.time !== "string" || !isDigits(tx.time, 6, 6)) refuse("time is HHMMSS");
  if (Number(tx.time.slice(0, 2)) > 23 || Number(tx.time.slice(2, 4)) > 59 || Number(tx.time.slice(4, 6)) > 59) refuse("time is HHMMSS, 000000 to 235959");
  if (tx.sequenceCounter !== undefined && (!Number.isInteger(tx.sequenceCounter) || tx.sequenceCounter < 1 || tx.sequenceCounter > 99_999_999)) {
    refuse("sequenceCounter is 1 to 99999999");
  }
  if (tx.service !== undefined && tx.service !== "goods" && tx.service !== "services") refuse("service is goods or services");
}

/** Digits as BCD, right-justified with leading zeros (format n, Book 3 §4.3). */
export function bcd(digits: string, bytes: number): Uint8Array {
  const padded = digits.padStart(bytes * 2, "0");
  const out = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) out[i] = ((padded.charCodeAt(2 * i) - 48) << 4) | (padded.charCodeAt(2 * i + 1) - 48);
  return out;
}

/** A whole number below 2^32 as four bytes, most significant first (format b); each byte keeps its low eight bits. */
function binary32(value: number): Uint8Array {
  return Uint8Array.of(value >>> 24, value >>> 16, value >>> 8, value);
}

/**
 * The transaction's data elements (Book 3 annex A1): 9F02, 9F03, 81 and
 * 9F04 (when the amount fits 4 bytes), 9A, 9F21, 9C, 9F41.
 */
export function transactionTags(tx: EmvTransaction): [string, Uint8Array][] {
  const other = tx.otherAmount ?? 0;
  const out: [string, Uint8Array][] = [
    ["9F02", bcd(String(tx.amount), 6)],
    ["9F03", bcd(String(other), 6)],
    ["9A", bcd(tx.date, 3)],
    ["9F21", bcd(tx.time, 3)],
    ["9C", Uint8Array.of(TRANSACTION_TYPE_CODES[tx.type])],
  ];
  if (tx.amount <= 0xffffffff) out.push(["81", binary32(tx.amount)]);
  if (other <= 0xffffffff) out.push(["9F04", binary32(other)]);
  if (tx.sequenceCounter !== undefined) out.push(["9F41", bcd(String(tx.sequenceCounter), 4)]);
  return out;
}
