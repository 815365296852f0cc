import { numericDigits } from "../format.ts";
import { OdaError } from "./error.ts";

/** A calendar month, four-digit year. */
export interface YearMonth {
  year: number;
  month: number;
}

/*
 * Two-digit years as EMV 4.4 Book 4's date management reads them: 00-49
 * are 2000-2049, 50-99 are 1950-1999. Certificates carry MMYY; the
 * transaction date (9A) YYMMDD, both in BCD.
 */
function fullYear(yy: number): number {
  return yy < 50 ? 2000 + yy : 1900 + yy;
}

/**
 * The month of the Transaction Date (9A, n 6, YYMMDD).
 * @throws OdaError `ODA_DATE` when it is not 3 bytes of BCD with a month 01-12 and a day 01-31
 */
export function transactionMonth(date: Uint8Array): YearMonth {
  const digits = date instanceof Uint8Array && date.length === 3 ? numericDigits(date) : undefined;
  if (digits === undefined) throw new OdaError("ODA_DATE", "the transaction date is not 3 bytes of BCD (YYMMDD)");
  const month = Number(digits.slice(2, 4));
  const day = Number(digits.slice(4, 6));
  if (month < 1 || month > 12 || day < 1 || day > 31) throw new OdaError("ODA_DATE", `the transaction date ${digits} is not a date (YYMMDD)`);
  return { year: fullYear(Number(digits.slice(0, 2))), month };
}

/** A Certificate Expiration Date (MMYY, BCD) as a month, or `undefined` when it is not one. */
export function certificateExpiry(mmyy: Uint8Array): YearMonth | undefined {
  const digits = numericDigits(mmyy);
  if (digits === undefined || digits.length !== 4) return undefined;
  const month = Number(digits.slice(0, 2));
  if (month < 1 || month > 12) return undefined;
  return { year: fullYear(Number(digits.slice(2, 4))), month };
}

/**
 * Book 2 §5.3 and §6.4 step 9: a certificate is good through the last day
 * of its expiration month, so it has expired when the transaction falls in
 * a later month.
 */
export function expiredBy(expiry: YearMonth, today: YearMonth): boolean {
  return today.year > expiry.year || (today.year === expiry.year && today.month > expiry.month);
}
