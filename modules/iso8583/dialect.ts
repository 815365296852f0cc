import { ISO8583_1987, type FieldSpec } from "./fields-1987.ts";

/**
 * How a dialect puts data elements on the wire. Two are defined, after
 * the jPOS packagers that real hosts run: ISO87APackager (all ASCII: MTI
 * as 4 characters, bitmaps as hex characters, lengths as ASCII digits)
 * and ISO87BPackager (binary: MTI and numbers as BCD, bitmaps as bytes,
 * lengths as BCD, text as ASCII).
 */
export interface Dialect {
  name: "iso87a" | "iso87b";
  fields: Readonly<Record<number, FieldSpec>>;
  /** numbers, length prefixes and the MTI as BCD (iso87b) or ASCII digits (iso87a) */
  bcd: boolean;
}

export const ISO87A: Dialect = { name: "iso87a", fields: ISO8583_1987, bcd: false };
export const ISO87B: Dialect = { name: "iso87b", fields: ISO8583_1987, bcd: true };

/** The dialects by name; a Map, so that a name typed by a user finds only a dialect. */
export const DIALECTS: ReadonlyMap<string, Dialect> = new Map([
  ["iso87a", ISO87A],
  ["iso87b", ISO87B],
]);
