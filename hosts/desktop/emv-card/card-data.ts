import { concat } from "../../../modules/core/bytes.ts";
import { toHex } from "../../../modules/core/hex.ts";
import { parseDol, type DolEntry } from "../../../modules/emv/dol.ts";
import { encodeTlv } from "../../../modules/emv/tlv.ts";
import type { RecordProfile } from "./profile.ts";

/*
 * The card's files as the terminal reads them: records (template 70), the
 * Application File Locator that lists them (EMV 4.4 Book 3 §10.2), and
 * the static data to be authenticated that the issuer signs (Book 3
 * §10.3). The card answers with these, and tools/make-test-cards.ts signs
 * the same bytes.
 */

/** Where data objects are read from. */
export type DataSource = ReadonlyMap<string, Uint8Array>;

/** One AFL entry (Book 3 §10.2): SFI, first and last record, how many from the first are for ODA. */
export interface AflEntry {
  sfi: number;
  first: number;
  last: number;
  oda: number;
}

/** Records in the order the AFL lists them: by SFI, then record number. */
export function recordsInAflOrder(records: readonly RecordProfile[]): RecordProfile[] {
  return records.slice().sort((a, b) => a.sfi - b.sfi || a.record - b.record);
}

/**
 * The AFL entries for the records: one per run of consecutive records of
 * an SFI, split where a record for offline data authentication follows
 * one that is not (the AFL counts ODA records from the start of an entry).
 */
export function aflEntries(records: readonly RecordProfile[]): AflEntry[] {
  const out: AflEntry[] = [];
  let current: AflEntry | undefined;
  let odaOpen = false;
  for (const r of recordsInAflOrder(records)) {
    const continues = current && current.sfi === r.sfi && current.last + 1 === r.record && !(r.oda && !odaOpen);
    if (!continues) {
      current = { sfi: r.sfi, first: r.record, last: r.record, oda: 0 };
      out.push(current);
      odaOpen = true;
    } else current!.last = r.record;
    if (r.oda && odaOpen) current!.oda++;
    else odaOpen = false;
  }
  return out;
}

/** The Application File Locator (94): four bytes per entry, the SFI in bits 8-4 of the first. */
export function applicationFileLocator(records: readonly RecordProfile[]): Uint8Array {
  return Uint8Array.from(aflEntries(records).flatMap((e) => [e.sfi << 3, e.first, e.last, e.oda]));
}

/** A record's bytes: template 70 around its data objects in order. */
export function encodeRecord(record: RecordProfile, data: DataSource): Uint8Array {
  return encodeTlv("70", concat(...record.tags.map((tag) => encodeTlv(tag, data.get(tag) ?? new Uint8Array(0)))));
}

/**
 * The static data to be authenticated (Book 3 §10.3): the ODA records in
 * AFL order, without tag 70 and its length for SFIs 1-10 and whole for
 * SFIs 11-30, then the values of the tags the Static Data Authentication
 * Tag List (9F4A) names (the AIP, 82, is the one tag it may name).
 */
export function staticDataToAuthenticate(records: readonly RecordProfile[], data: DataSource, aip: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const r of recordsInAflOrder(records)) {
    if (!r.oda) continue;
    const record = encodeRecord(r, data);
    parts.push(r.sfi <= 10 ? recordValue(record) : record);
  }
  const tagList = data.get("9F4A");
  if (tagList && tagList.length > 0) parts.push(aip);
  return concat(...parts);
}

/** The value of a template 70 (after its one- to three-byte length). */
function recordValue(record: Uint8Array): Uint8Array {
  const lengthBytes = record[1] < 0x80 ? 1 : 1 + (record[1] & 0x7f);
  return record.subarray(1 + lengthBytes);
}

/** The bytes a DOL asks for in total. */
export function dolLength(dol: Uint8Array | undefined): number {
  return dol ? parseDol(dol).reduce((n, e) => n + e.length, 0) : 0;
}

/**
 * The values the terminal sent for a DOL, by tag (data as long as the DOL
 * asks; the caller checks the length first).
 */
export function dolValues(dol: Uint8Array | readonly DolEntry[] | undefined, data: Uint8Array): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  if (!dol) return out;
  let at = 0;
  for (const e of dol instanceof Uint8Array ? parseDol(dol) : dol) {
    out.set(e.tag, data.subarray(at, at + e.length));
    at += e.length;
  }
  return out;
}

/** The tag GET DATA and PUT DATA name in P1 P2 (P1 00 for a one-byte tag), as upper-case hex. */
export function tagOfParameters(p1: number, p2: number): string {
  return toHex(p1 === 0 ? Uint8Array.of(p2) : Uint8Array.of(p1, p2));
}

/** The PAN's digits from its `cn` value (5A): F padding dropped. */
export function panDigits(pan: Uint8Array): string {
  let digits = "";
  for (const b of pan) digits += (b >> 4).toString(16) + (b & 15).toString(16);
  const end = digits.indexOf("f");
  return end < 0 ? digits : digits.slice(0, end);
}

/** Two BCD digits of a byte as a number. */
export function bcdByte(b: number): number {
  return (b >> 4) * 10 + (b & 15);
}

/** An `n` value (packed BCD, e.g. Amount, Authorised) as a number. */
export function bcdNumber(value: Uint8Array): number {
  let n = 0;
  for (const b of value) n = n * 100 + bcdByte(b);
  return n;
}
