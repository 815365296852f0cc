import { numericDigits } from "../format.ts";

/**
 * A YYMMDD date (n 6, Book 3 §4.3) as a number YYYYMMDD that compares as
 * dates do, or `undefined` when it is not a date. Two-digit years read as
 * Book 4 §A4 "Date management" says: 00-49 are 20YY, 50-99 are 19YY.
 */
export function dateNumber(bytes: Uint8Array): number | undefined {
  if (bytes.length !== 3) return undefined;
  const digits = numericDigits(bytes);
  if (digits === undefined) return undefined;
  const yy = Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  const day = Number(digits.slice(4, 6));
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return (yy < 50 ? 2000 + yy : 1900 + yy) * 10000 + month * 100 + day;
}
