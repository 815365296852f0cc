/**
 * The record format, byte by byte (README.md draws it). A record is one
 * flash write: a header that checks on its own (its CRC-32), the payload,
 * then a CRC-32 over the header fields and the payload, last, so that a
 * write cut short leaves a record whose final CRC does not match.
 */
import { LITTLE_ENDIAN, crc32, crc32Words } from "./crc32.ts";
import { ERASED } from "./flash.ts";

/** Header bytes before the payload. */
export const HEADER_SIZE = 16;
/** The record CRC after the padded payload. */
export const CRC_SIZE = 4;
/** Bytes a record takes beyond its payload and padding. */
export const RECORD_OVERHEAD = HEADER_SIZE + CRC_SIZE;
/** Records start on multiples of 4 bytes; the padding stays erased. */
export const ALIGN = 4;

export const MAGIC = [0x4a, 0x52] as const; // "JR"
const MAGIC_0 = MAGIC[0];
const MAGIC_1 = MAGIC[1];
export const FORMAT_VERSION = 2;
/** Where the header's own CRC-32 (over the bytes before it) sits. */
const HEADER_CRC_AT = 12;
/** The writer's adjust byte: chosen so that a record never ends in an erased byte. */
const ADJUST_AT = 5;

/** What a record is to the journal itself. */
export const KIND_ENTRY = 1;
/** A record copied forward by a compaction; it counts only under its checkpoint. */
export const KIND_CARRIED = 2;
/** Closes a compaction; its payload is the sequence number where the log now starts. */
export const KIND_CHECKPOINT = 3;

/** The largest sequence number; the journal stops before it wraps. */
export const MAX_SEQUENCE = 0xffffffff;
/** The largest payload the 16-bit length field can hold. */
export const MAX_LENGTH_FIELD = 0xffff;

/** Payload length rounded up to the record alignment. */
export function padded(length: number): number {
  return (length + ALIGN - 1) & ~(ALIGN - 1);
}

/** Flash bytes a record with a payload of `length` bytes takes. */
export function recordSize(length: number): number {
  return RECORD_OVERHEAD + padded(length);
}

function putU32(out: Uint8Array, at: number, value: number): void {
  out[at] = value & 0xff;
  out[at + 1] = (value >>> 8) & 0xff;
  out[at + 2] = (value >>> 16) & 0xff;
  out[at + 3] = value >>> 24;
}

function getU32(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

/**
 * The record CRC of the record at `at` with a payload of `length` bytes:
 * header fields (bytes 0-11) then payload and padding, as one stream, so
 * carried on from the header CRC (which must already be in place and
 * right). The header CRC's own bytes are left out because a CRC run over
 * data and that data's CRC ends on a constant: it would no longer depend
 * on the header.
 */
export function recordCrc(bytes: Uint8Array, at: number, length: number): number {
  const payload = at + HEADER_SIZE;
  return crc32(bytes, payload, payload + padded(length), getU32(bytes, at + HEADER_CRC_AT));
}

/**
 * A whole record, as one flash write: header, payload, erased padding,
 * record CRC. The adjust byte (5) is the first of 00, 01, 02, 04 ... 80
 * that leaves the CRC's last byte, the record's last, other than FF: a
 * write cut before its end then always leaves that byte wrong (erased, or
 * partly programmed), never a record that reads as whole. One of them
 * does for every length the 16-bit field can hold (the CRC is affine in
 * the adjust byte, and some single bit of it reaches the CRC's high byte).
 */
export function encodeRecord(kind: number, type: number, sequence: number, payload: Uint8Array): Uint8Array {
  const crcAt = HEADER_SIZE + padded(payload.length);
  const out = new Uint8Array(crcAt + CRC_SIZE).fill(ERASED);
  out[0] = MAGIC[0];
  out[1] = MAGIC[1];
  out[2] = FORMAT_VERSION;
  out[3] = kind;
  out[4] = type;
  out[6] = payload.length & 0xff;
  out[7] = payload.length >>> 8;
  putU32(out, 8, sequence);
  out.set(payload, HEADER_SIZE);
  let adjust = 0;
  for (;;) {
    out[ADJUST_AT] = adjust;
    putU32(out, HEADER_CRC_AT, crc32(out, 0, HEADER_CRC_AT));
    const crc = recordCrc(out, 0, payload.length);
    putU32(out, crcAt, crc);
    if (crc >>> 24 !== ERASED || adjust === 0x80) return out;
    adjust = adjust === 0 ? 1 : adjust << 1;
  }
}

/** The payload of a checkpoint record: the first sequence number the log keeps. */
export function checkpointPayload(firstKept: number): Uint8Array {
  const out = new Uint8Array(4);
  putU32(out, 0, firstKept);
  return out;
}

/** All-ones words: an erased block's tail is checked four bytes at a time (opening checks every free block whole). */
const ERASED_WORD = 0xffffffff;

function allErased(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  // a byte that is not erased ends most checks at once: the next record's magic
  if (i < end && bytes[i] !== ERASED) return false;
  const base = bytes.byteOffset;
  if (end - i >= 64 && (base & 3) === 0) {
    while (i < end && (i & 3) !== 0) if (bytes[i++] !== ERASED) return false;
    const words = new Uint32Array(bytes.buffer, base + i, (end - i) >> 2);
    const n = words.length;
    let w = 0;
    // eight words a step, ANDed: all ones (as a signed 32-bit result, -1) only if every one is erased
    for (const last = n - 7; w < last; w += 8) {
      if ((words[w] & words[w + 1] & words[w + 2] & words[w + 3] & words[w + 4] & words[w + 5] & words[w + 6] & words[w + 7]) !== -1) return false;
    }
    for (; w < n; w++) if (words[w] !== ERASED_WORD) return false;
    i += n << 2;
  }
  for (; i < end; i++) if (bytes[i] !== ERASED) return false;
  return true;
}

/**
 * Walks the records of one erase block, in order, with no allocation per
 * record: after each `next()` that returns true the fields describe the
 * record found. Scanning stops at the first place that is not a record:
 * erased bytes (the block's free tail), a header that fails its checks
 * (its CRC, a length past the block, a sequence number that does not
 * increase), or a record torn by a power cut: one whose record CRC fails
 * with nothing but erased flash after it, as the last write into the
 * block leaves it. A record whose CRC fails with records after it was
 * damaged after it was written: it is returned, with `intact()` false,
 * and scanning goes on after it. `end` is where scanning stopped and
 * `clean` tells whether everything from there to the end of the block is
 * erased, so that new records may be written there.
 */
export class BlockScan {
  readonly bytes: Uint8Array;
  /** where the current record starts in the block */
  offset = 0;
  kind = 0;
  type = 0;
  sequence = 0;
  length = 0;
  /** where scanning stopped */
  end = 0;
  /** the block is erased from `end` on */
  clean = false;
  #at = 0;
  #found = 0;
  #done = false;
  /** the current record's CRC matches; undefined until computed */
  #intact: boolean | undefined;
  /** everything after the current record is erased */
  #last = false;

  /** headers that start before this offset were checked already (their CRC matched when this process read or wrote them) */
  readonly #checked: number;

  constructor(bytes: Uint8Array, checkedUpTo = 0) {
    this.bytes = bytes;
    this.#checked = checkedUpTo;
  }

  /** Where the current record's payload starts. */
  get payloadStart(): number {
    return this.offset + HEADER_SIZE;
  }

  /**
   * The record CRC matches (computed on demand: opening needs it only for
   * checkpoints and last records). A record returned with a CRC that fails
   * was damaged after it was written, not torn.
   */
  intact(): boolean {
    if (this.#intact === undefined) {
      const b = this.bytes;
      const at = this.offset;
      const crcAt = at + HEADER_SIZE + padded(this.length);
      const words = this.#words();
      this.#intact = getU32(b, crcAt) === (words ? crc32Words(words, (at + HEADER_SIZE) >> 2, crcAt >> 2, getU32(b, at + HEADER_CRC_AT)) : recordCrc(b, at, this.length));
    }
    return this.#intact;
  }

  #wordView: Uint32Array | null | undefined;

  /** The block as words, when the engine and the buffer allow (records and their CRC ranges are word aligned). */
  #words(): Uint32Array | null {
    if (this.#wordView === undefined) {
      const b = this.bytes;
      this.#wordView = LITTLE_ENDIAN && (b.byteOffset & 3) === 0 ? new Uint32Array(b.buffer, b.byteOffset, b.length >> 2) : null;
    }
    return this.#wordView;
  }

  /** For a checkpoint: the sequence number the log starts at. */
  checkpointFirst(): number {
    return getU32(this.bytes, this.payloadStart);
  }

  next(): boolean {
    if (this.#done) return false;
    const b = this.bytes;
    const p = this.#at;
    if (this.#last) return this.#stop(p, true);
    const size = b.length;
    // a boot walks thousands of headers: the common case (a record's magic where one is due) is read inline
    if (p + RECORD_OVERHEAD > size || (b[p] === ERASED && allErased(b, p, p + HEADER_SIZE))) return this.#stop(p, allErased(b, p, size));
    const length = b[p + 6] | (b[p + 7] << 8);
    const sequence = (b[p + 8] | (b[p + 9] << 8) | (b[p + 10] << 16) | (b[p + 11] << 24)) >>> 0;
    const kind = b[p + 3];
    if (
      b[p] !== MAGIC_0 ||
      b[p + 1] !== MAGIC_1 ||
      b[p + 2] !== FORMAT_VERSION ||
      kind < KIND_ENTRY ||
      kind > KIND_CHECKPOINT ||
      length > size - p - RECORD_OVERHEAD ||
      (this.#found !== 0 && sequence <= this.sequence) ||
      (p >= this.#checked && getU32(b, p + HEADER_CRC_AT) !== this.#headerCrc(p))
    ) return this.#stop(p, false);
    const end = p + RECORD_OVERHEAD + ((length + ALIGN - 1) & ~(ALIGN - 1));
    this.offset = p;
    this.length = length;
    this.#intact = undefined;
    const last = end >= size || (b[end] === ERASED && allErased(b, end, size));
    this.#last = last;
    // the last write into the block, its CRC wrong: a power cut tore it
    if (last && !this.intact()) return this.#stop(p, false);
    this.kind = kind;
    this.type = b[p + 4];
    this.sequence = sequence;
    this.#at = end;
    this.#found++;
    return true;
  }

  #headerCrc(p: number): number {
    const words = this.#words();
    return words ? crc32Words(words, p >> 2, (p + HEADER_CRC_AT) >> 2) : crc32(this.bytes, p, p + HEADER_CRC_AT);
  }


  #stop(at: number, clean: boolean): false {
    this.#done = true;
    this.end = at;
    this.clean = clean;
    return false;
  }
}
