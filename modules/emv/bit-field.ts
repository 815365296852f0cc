import { toHex } from "../core/hex.ts";
import { EmvError } from "./error.ts";

/*
 * Reading bit-field data elements (TVR, TSI, AIP, ...) against their tables.
 * Bits are numbered as the books number them: byte 1 is the leftmost, b8
 * the most significant bit of a byte.
 */

/** What every field decoder returns first. */
export interface FieldHeader {
  /** the decoder's name, e.g. `tvr` */
  field: string;
  /** the tag of the data element, upper-case hex */
  tag: string;
  /** the data element's name in the books */
  name: string;
  /** the value decoded, hex */
  value: string;
}

/** A bit, by its position and meaning. */
export interface FieldBit {
  /** 1 for the leftmost byte */
  byte: number;
  /** 8 for the most significant bit */
  bit: number;
  /** the meaning, as the book names it (`RFU` for a reserved bit) */
  name: string;
  /** the name of the byte's group, where the book groups bytes (e.g. `CVM Capability`) */
  group?: string;
}

/** A bit and whether it is set (the full view). */
export interface FieldBitState extends FieldBit {
  set: boolean;
}

/** A decoded bit field: the bits set, and in the full view every bit. */
export interface DecodedBits extends FieldHeader {
  set: FieldBit[];
  /** every bit, set or not; only when asked for */
  bits?: FieldBitState[];
}

/** Options of the field decoders. */
export interface FieldOptions {
  /** list every bit with `set: true/false`, not only the bits set */
  all?: boolean;
}

/** A bit-field data element: its names, byte by byte, b8 first. */
export interface BitTable {
  field: string;
  tag: string;
  name: string;
  /** `8 × length` names, byte 1 b8 first; `RFU` for a reserved bit */
  bits: readonly string[];
  /** a group name per byte, where the book groups them */
  groups?: readonly string[];
}

/**
 * Refuses a value whose length is not the one the book gives.
 * @throws EmvError `EMV_FIELD_LENGTH`
 */
export function checkLength(name: string, bytes: Uint8Array, expected: number): void {
  if (bytes.length !== expected) throw new EmvError("EMV_FIELD_LENGTH", `${name} is ${expected} byte${expected === 1 ? "" : "s"}, got ${bytes.length}`);
}

/** The header every decoder starts its answer with. */
export function fieldHeader(table: { field: string; tag: string; name: string }, bytes: Uint8Array): FieldHeader {
  return { field: table.field, tag: table.tag, name: table.name, value: toHex(bytes) };
}

/**
 * A bit field read against its table.
 * @throws EmvError `EMV_FIELD_LENGTH` when `bytes` is not as long as the table
 */
export function decodeBits(table: BitTable, bytes: Uint8Array, options: FieldOptions = {}): DecodedBits {
  checkLength(table.name, bytes, table.bits.length / 8);
  const set: FieldBit[] = [];
  const bits: FieldBitState[] = [];
  for (let i = 0; i < table.bits.length; i++) {
    const byte = (i >> 3) + 1;
    const bit = 8 - (i & 7);
    const on = (bytes[byte - 1] & (1 << (bit - 1))) !== 0;
    const entry: FieldBit = { byte, bit, name: table.bits[i] };
    const group = table.groups?.[byte - 1];
    if (group !== undefined) entry.group = group;
    if (on) set.push(entry);
    if (options.all) bits.push({ ...entry, set: on });
  }
  const out: DecodedBits = { ...fieldHeader(table, bytes), set };
  if (options.all) out.bits = bits;
  return out;
}
