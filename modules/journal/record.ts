/**
 * The record format, byte by byte (README.md draws it). A record is one
 * flash write: a header that checks on its own (its CRC-32), the payload,
 * then a CRC-32 over the header fields and the payload, last, so that a
 * write cut short leaves a record whose final CRC does not match.
 */
import { LITTLE_ENDIAN, T0, T1, T2, T3, T4, T5, T6, T7, crc32, crc32Words } from "./crc32.ts";
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

/** Whether `bytes` from `start` to `end` are all erased (FF). */
export function allErased(bytes: Uint8Array, start: number, end: number): boolean {
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

  /**
   * @param start - where to start reading: 0, or the end of a record whose
   *   sequence number is `previousSequence` (the records before it were
   *   read already)
   */
  constructor(bytes: Uint8Array, start = 0, previousSequence = 0) {
    this.bytes = bytes;
    this.#at = start;
    if (start > 0) {
      this.sequence = previousSequence;
      this.#found = 1;
    }
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

  #wordView: Int32Array | null | undefined;

  /** The block as words, when the engine and the buffer allow (records and their CRC ranges are word aligned). */
  #words(): Int32Array | null {
    if (this.#wordView === undefined) this.#wordView = wordsOf(this.bytes);
    return this.#wordView;
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
      getU32(b, p + HEADER_CRC_AT) !== this.#headerCrc(p)
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

/** The bytes as 32-bit words in their order, when the engine is little-endian and the view word aligned; else null. */
export function wordsOf(b: Uint8Array): Int32Array | null {
  return LITTLE_ENDIAN && (b.byteOffset & 3) === 0 && (b.length & 3) === 0 ? new Int32Array(b.buffer, b.byteOffset, b.length >> 2) : null;
}

/** What reading one erase block whole finds (what opening needs of it). */
export interface BlockSummary {
  /** records found, damaged ones included (a torn last record is not one) */
  count: number;
  firstSequence: number;
  lastSequence: number;
  /** where reading stopped, as {@link BlockScan.end} */
  end: number;
  /** the block is erased from `end` on */
  clean: boolean;
  /** the last checkpoint in the block whose record CRC is right, 0 when none */
  checkpoint: number;
  checkpointFirst: number;
  /** where the block's run of records checked whole (header and record CRC right) from its start ends */
  verified: number;
}

/** A header's first three bytes (magic, version) as the low bytes of its first little-endian word. */
const HEADER_START = MAGIC_0 | (MAGIC_1 << 8) | (FORMAT_VERSION << 16);

/** A block that opening found with its first header erased. */
export const EMPTY_BLOCK: Readonly<BlockSummary> = { count: 0, firstSequence: 0, lastSequence: 0, end: 0, clean: true, checkpoint: 0, checkpointFirst: 0, verified: 0 };

/**
 * Reads a whole erase block as {@link BlockScan} does, record after
 * record, with every header CRC and every record CRC checked, and sums
 * it up. A boot runs it over every block, so on a little-endian engine it
 * is one loop with the CRC's steps inline (the words of a record and its
 * CRC ranges are aligned); elsewhere it walks a {@link BlockScan}.
 */
export function summarizeBlock(b: Uint8Array): BlockSummary {
  const s: BlockSummary = { ...EMPTY_BLOCK, clean: false };
  const w = wordsOf(b);
  if (!w) return summarizeByScan(b, s);
  const size = b.length;
  let whole = true;
  let p = 0;
  let previous = 0;
  for (;;) {
    if (p + RECORD_OVERHEAD > size || (b[p] === ERASED && allErased(b, p, p + HEADER_SIZE))) {
      s.end = p;
      s.clean = allErased(b, p, size);
      return s;
    }
    // the header's words: magic, version and kind; type, adjust and length; sequence number
    const w0: number = w[p >> 2];
    const length: number = w[(p >> 2) + 1] >>> 16;
    const kind = w0 >>> 24;
    const sequence: number = w[(p >> 2) + 2] >>> 0;
    if ((w0 & 0xffffff) !== HEADER_START || kind < KIND_ENTRY || kind > KIND_CHECKPOINT || length > size - p - RECORD_OVERHEAD || (s.count !== 0 && sequence <= previous)) break;
    // the header CRC over words 0-2, then (carried on from it) the record CRC over the padded payload
    let i = p >> 2;
    let c = ~0;
    for (const last = i + 3; i < last; i++) {
      c ^= w[i];
      c = T3[c & 0xff] ^ T2[(c >>> 8) & 0xff] ^ T1[(c >>> 16) & 0xff] ^ T0[c >>> 24];
    }
    if (~c !== w[i]) break;
    i++;
    const crcAt: number = i + ((length + ALIGN - 1) >> 2);
    for (const last = crcAt - 1; i < last; i += 2) {
      c ^= w[i];
      const d = w[i + 1];
      c = T7[c & 0xff] ^ T6[(c >>> 8) & 0xff] ^ T5[(c >>> 16) & 0xff] ^ T4[c >>> 24] ^ T3[d & 0xff] ^ T2[(d >>> 8) & 0xff] ^ T1[(d >>> 16) & 0xff] ^ T0[d >>> 24];
    }
    if (i < crcAt) {
      c ^= w[i];
      c = T3[c & 0xff] ^ T2[(c >>> 8) & 0xff] ^ T1[(c >>> 16) & 0xff] ^ T0[c >>> 24];
    }
    const intact = ~c === w[crcAt];
    const end = (crcAt + 1) << 2;
    const last = end >= size || (b[end] === ERASED && allErased(b, end, size));
    // the last write into the block, its CRC wrong: a power cut tore it
    if (last && !intact) break;
    if (s.count++ === 0) s.firstSequence = sequence;
    s.lastSequence = sequence;
    previous = sequence;
    // a record damaged after it was written ends the run of checked records: reading checks it, and those after it, again
    if (whole && intact) s.verified = end;
    else whole = false;
    if (kind === KIND_CHECKPOINT && length === 4 && intact) {
      s.checkpoint = sequence;
      s.checkpointFirst = w[(p >> 2) + 4] >>> 0;
    }
    p = end;
    if (last) {
      s.end = p;
      s.clean = true;
      return s;
    }
  }
  s.end = p;
  s.clean = false;
  return s;
}

function summarizeByScan(bytes: Uint8Array, s: BlockSummary): BlockSummary {
  const scan = new BlockScan(bytes);
  let whole = true;
  while (scan.next()) {
    if (s.count++ === 0) s.firstSequence = scan.sequence;
    s.lastSequence = scan.sequence;
    const intact = scan.intact();
    if (whole && intact) s.verified = scan.payloadStart + padded(scan.length) + CRC_SIZE;
    else whole = false;
    if (scan.kind === KIND_CHECKPOINT && scan.length === 4 && intact) {
      s.checkpoint = scan.sequence;
      // a checkpoint's payload: the sequence number the log starts at
      s.checkpointFirst = getU32(bytes, scan.payloadStart);
    }
  }
  s.end = scan.end;
  s.clean = scan.clean;
  return s;
}
