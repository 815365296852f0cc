import { JournalError } from "./error.ts";
import type { Flash } from "./flash.ts";
import {
  allErased,
  BlockScan,
  KIND_CARRIED,
  KIND_CHECKPOINT,
  KIND_ENTRY,
  MAX_LENGTH_FIELD,
  MAX_SEQUENCE,
  RECORD_OVERHEAD,
  HEADER_SIZE,
  CRC_SIZE,
  ALIGN,
  checkpointPayload,
  EMPTY_BLOCK,
  summarizeBlock,
  wordsOf,
  type BlockSummary,
  encodeRecord,
  recordSize,
} from "./record.ts";

/** Options of {@link Journal.open}. */
export interface JournalOptions {
  /**
   * Erase blocks that appends leave free so that a compaction always has
   * room for its kept records and checkpoint (default 1). Size it for the
   * largest compaction the caller makes.
   */
  reserveBlocks?: number;
}

/** A record as the caller gives it. */
export interface JournalEntry {
  /** the caller's record type, 0-255 */
  type: number;
  payload: Uint8Array;
}

/** A record read back, with the sequence number the journal gave it. */
export interface JournalRecord extends JournalEntry {
  sequence: number;
}

/**
 * Receives one record of the log: its type, its payload (a view of the
 * block as read for this walk, nothing copied), its sequence number and
 * the flash address where the record starts.
 */
export type RecordVisitor = (type: number, payload: Uint8Array, sequence: number, address: number) => void;

/** What a compaction did. */
export interface CompactResult {
  /** the sequence numbers the kept records were given, in order */
  sequences: number[];
  /** erase blocks freed (and erased) */
  freedBlocks: number;
}

/** Where a record goes: an erase block and an offset in it. */
interface Place {
  block: number;
  offset: number;
}

/**
 * A power-fail-safe, append-only log of records over a {@link Flash}
 * partition used as a ring of erase blocks (README.md has the format and
 * the guarantees). Every operation is synchronous: when `append` returns,
 * the record is on the flash.
 */
export class Journal {
  /** The largest payload one record can carry (records never span erase blocks). */
  readonly maxPayload: number;
  readonly #flash: Flash;
  readonly #blockSize: number;
  readonly #blocks: number;
  readonly #reserve: number;
  /** the oldest live block and the block being written, in ring order */
  #start = 0;
  #head = 0;
  /** where the next record goes in the head block */
  #offset = 0;
  /** the head block takes no more records (its tail was not found erased) */
  #sealed = false;
  #next = 1;
  /** records before this sequence number belong to compacted history */
  #liveFrom = 0;
  /** the latest checkpoint's sequence number, 0 before the first compaction */
  #checkpoint = 0;
  /** a flash operation failed part-way: the state in memory may not match the flash */
  #failed = false;
  /**
   * Per block, where the run of records from its start that this process
   * checked whole at open (header CRC and record CRC) or wrote itself
   * ends: reading the log does not check them a second time, nor walk
   * them with a {@link BlockScan}.
   */
  #checked: number[];
  /** blocks opening found with an erased first header and did not read further: checked whole before their first write */
  #unverified: boolean[];

  private constructor(flash: Flash, reserve: number) {
    this.#flash = flash;
    this.#blockSize = flash.blockSize;
    this.#blocks = flash.blocks;
    this.#reserve = reserve;
    this.maxPayload = Math.min(MAX_LENGTH_FIELD, this.#blockSize - RECORD_OVERHEAD);
    this.#checked = new Array<number>(this.#blocks).fill(0);
    this.#unverified = new Array<boolean>(this.#blocks).fill(false);
  }

  /**
   * Opens the journal on a flash partition: scans every block, keeps the
   * committed records, drops a torn last record, erases again every
   * block outside the log that is not fully erased (a half-erased block,
   * a block whose only record was torn, blocks a cut compaction did not
   * finish erasing), and resumes the sequence after the highest number
   * on the flash.
   *
   * @throws JournalError `JOURNAL_GEOMETRY` when the partition is too small
   *   (fewer than `reserveBlocks + 2` blocks, blocks under 64 bytes or not a
   *   multiple of 4 bytes)
   */
  static open(flash: Flash, options: JournalOptions = {}): Journal {
    const reserve = options.reserveBlocks ?? 1;
    const blockSize = flash.blockSize;
    const blocks = flash.blocks;
    if (!Number.isInteger(reserve) || reserve < 0) {
      throw new JournalError("JOURNAL_GEOMETRY", `reserveBlocks must be a whole number of blocks, not ${reserve}`);
    }
    if (!Number.isInteger(blockSize) || blockSize < 64 || blockSize % 4 !== 0 || !Number.isInteger(blocks) || blocks < reserve + 2) {
      throw new JournalError(
        "JOURNAL_GEOMETRY",
        `a journal needs at least ${reserve + 2} erase blocks of a multiple of 4 bytes, 64 or more; the flash has ${blocks} of ${blockSize}`,
      );
    }
    const journal = new Journal(flash, reserve);
    journal.#recover();
    return journal;
  }

  /** The sequence number of the last record written or found, 0 on an empty flash. */
  get lastSequence(): number {
    return this.#next - 1;
  }

  /**
   * Appends a record and returns its sequence number once it is durable.
   *
   * @throws JournalError `JOURNAL_TYPE`, `JOURNAL_PAYLOAD` (bad input),
   *   `JOURNAL_FULL` (no room outside the compaction reserve: compact first),
   *   `JOURNAL_SEQUENCE`, `JOURNAL_FAILED`
   */
  append(type: number, payload: Uint8Array): number {
    this.#usable();
    this.#checkEntry(type, payload);
    this.#checkSequences(1);
    const places = this.#plan([recordSize(payload.length)], this.#reserve) ?? this.#full("the record", payload.length);
    return this.#write(places[0], KIND_ENTRY, type, payload);
  }

  /**
   * True when records with these payload lengths could be appended now,
   * one after the other, without touching the compaction reserve; the
   * terminal asks before it starts a sale.
   */
  canAppend(...payloadLengths: number[]): boolean {
    if (this.#failed) return false;
    for (let i = 0; i < payloadLengths.length; i++) {
      const n = payloadLengths[i];
      if (!Number.isInteger(n) || n < 0 || n > this.maxPayload) return false;
    }
    return this.#next + payloadLengths.length - 1 <= MAX_SEQUENCE && this.#plan(payloadLengths.map(recordSize), this.#reserve) !== undefined;
  }

  /**
   * True when records of these sizes (whole records, see
   * {@link recordSize}) and a checkpoint fit in the reserve blocks alone,
   * packed as a compaction writes them: then a compaction keeping them
   * cannot fail for room once appends have stopped short of the reserve.
   */
  fitsReserve(sizes: readonly number[]): boolean {
    let blocks = 1;
    let offset = 0;
    const allSizes = [...sizes, recordSize(4)];
    for (let i = 0; i < allSizes.length; i++) {
      const size = allSizes[i];
      if (offset + size > this.#blockSize) {
        blocks++;
        offset = 0;
      }
      offset += size;
    }
    return blocks <= this.#reserve;
  }

  /**
   * Flash bytes appends may still use (the compaction reserve left out).
   * Each record takes {@link recordSize} bytes of it, and a block's tail
   * too short for the next record is lost to it.
   */
  free(): number {
    const inHead = this.#sealed || this.#liveBlocks() > this.#blocks - this.#reserve ? 0 : this.#blockSize - this.#offset;
    return inHead + Math.max(0, this.#blocks - this.#reserve - this.#liveBlocks()) * this.#blockSize;
  }

  /**
   * Compaction: writes `keep` (the snapshot the caller wants to outlive
   * the compaction, e.g. settled totals and pending reversals) as new
   * records, then a checkpoint; once the checkpoint is durable, the log
   * starts at the first kept record and every block before it is erased.
   * A power cut before the checkpoint leaves the log as it was; a cut
   * after it leaves the compacted log. The kept records get new sequence
   * numbers. May use the reserve blocks.
   *
   * @throws JournalError `JOURNAL_TYPE`, `JOURNAL_PAYLOAD`, `JOURNAL_FULL`
   *   (`keep` does not fit in the free blocks and the reserve),
   *   `JOURNAL_SEQUENCE`, `JOURNAL_FAILED`
   */
  compact(keep: readonly JournalEntry[]): CompactResult {
    this.#usable();
    for (let i = 0; i < keep.length; i++) this.#checkEntry(keep[i].type, keep[i].payload);
    this.#checkSequences(keep.length + 1);
    const sizes = keep.map((e) => recordSize(e.payload.length));
    sizes.push(recordSize(4));
    let plan = this.#plan(sizes, 0);
    while (!plan && this.#reclaimDebris()) plan = this.#plan(sizes, 0);
    if (!plan) this.#full("the compaction", sizes.reduce((a, b) => a + b, 0));
    const first = this.#next;
    const sequences = keep.map((entry, i) => this.#write(plan[i], KIND_CARRIED, entry.type, entry.payload));
    const checkpoint = this.#write(plan[keep.length], KIND_CHECKPOINT, 0, checkpointPayload(first));
    // the checkpoint is durable: from here on the log starts at `first`, whatever happens
    this.#failed = true;
    const oldStart = this.#start;
    this.#start = plan[0].block;
    this.#liveFrom = first;
    this.#checkpoint = checkpoint;
    let freedBlocks = 0;
    for (let b = oldStart; b !== this.#start; b = (b + 1) % this.#blocks) {
      this.#erase(b);
      freedBlocks++;
    }
    this.#failed = false;
    return { sequences, freedBlocks };
  }

  /**
   * The records of the log, oldest first: the records kept by the last
   * compaction, then every record appended since. Each payload is a view
   * of the block as read for this call (not shared with any other call,
   * nothing copied). Reads the flash as it goes; do not append while iterating.
   *
   * @throws JournalError `JOURNAL_FAILED`
   */
  *records(): Generator<JournalRecord, void, undefined> {
    const out: JournalRecord[] = [];
    const walk = { last: -1 };
    // block by block: the reading stays as lazy as the flash's blocks
    for (let i = 0; ; i++) {
      const more = this.#visitBlock(i, walk, (type, payload, sequence) => void out.push({ sequence, type, payload }));
      for (let j = 0; j < out.length; j++) {
        const r = out[j];
        yield r;
      }
      out.length = 0;
      if (!more) return;
    }
  }

  /**
   * The same records as {@link Journal.records}, handed to `visit` one
   * after the other with no object per record (what a boot's fold uses),
   * each with its flash address for {@link Journal.readRecord}.
   * @throws JournalError `JOURNAL_FAILED`
   */
  forEachRecord(visit: RecordVisitor): void {
    const walk = { last: -1 };
    for (let i = 0; this.#visitBlock(i, walk, visit); i++);
  }

  /**
   * The record that starts at flash address `address` (as
   * {@link Journal.forEachRecord} and {@link Journal.lastAddress} give
   * it), read back from the flash with its header and record CRC checked;
   * undefined when there is no whole record of the log there (one a
   * compaction dropped, erased or not, or one damaged). Reads only that
   * record's bytes.
   * @throws JournalError `JOURNAL_FAILED`
   */
  readRecord(address: number): JournalRecord | undefined {
    this.#usable();
    const B = this.#blockSize;
    if (!Number.isInteger(address) || address < 0 || address % ALIGN !== 0 || address >= B * this.#blocks) return undefined;
    const offset = address % B;
    if (offset + RECORD_OVERHEAD > B) return undefined;
    const header = this.#flash.read(address, HEADER_SIZE);
    const length = header[6] | (header[7] << 8);
    if (length > B - offset - RECORD_OVERHEAD) return undefined;
    const bytes = this.#flash.read(address, recordSize(length));
    const scan = new BlockScan(bytes);
    // the record alone in its buffer: it is whole when it reads as one record with its CRC right
    if (!scan.next() || !scan.intact() || scan.kind === KIND_CHECKPOINT) return undefined;
    // a record of the log still: not compacted away, not kept by a compaction no checkpoint covers
    if (scan.sequence < this.#liveFrom || (scan.kind === KIND_CARRIED && scan.sequence > this.#checkpoint)) return undefined;
    return { sequence: scan.sequence, type: scan.type, payload: bytes.subarray(HEADER_SIZE, HEADER_SIZE + length) };
  }

  /** The flash address of the record the last `append` wrote (-1 before any): where {@link Journal.readRecord} finds it. */
  get lastAddress(): number {
    return this.#lastAddress;
  }

  #lastAddress = -1;

  /** Visits the live records of the `i`-th live block, after `walk.last`; false after the last live block. */
  #visitBlock(i: number, walk: { last: number }, visit: RecordVisitor): boolean {
    this.#usable();
    const live = this.#liveBlocks();
    if (i >= live) return false;
    const block = (this.#start + i) % this.#blocks;
    const base = block * this.#blockSize;
    const b = this.#flash.read(base, this.#blockSize);
    const liveFrom = this.#liveFrom;
    const checkpoint = this.#checkpoint;
    let last = walk.last;
    // the records checked whole at open (or written by this process): read in place by their headers' words,
    // nothing checked again (an engine that is not little-endian reads the whole block with every check)
    const w = wordsOf(b);
    const checked = w ? this.#checked[block] : 0;
    let p = 0;
    let previous = 0;
    while (p < checked) {
      const word1 = w![(p >> 2) + 1];
      const length = word1 >>> 16;
      const kind = w![p >> 2] >>> 24;
      const sequence = w![(p >> 2) + 2] >>> 0;
      const at = p + HEADER_SIZE;
      const start = p;
      p = at + ((length + ALIGN - 1) & ~(ALIGN - 1)) + CRC_SIZE;
      previous = sequence;
      if (kind === KIND_CHECKPOINT || sequence <= last || sequence < liveFrom || (kind === KIND_CARRIED && sequence > checkpoint)) continue;
      last = sequence;
      visit(word1 & 0xff, b.subarray(at, at + length), sequence, base + start);
    }
    // the rest, as a boot's scan reads it: each header and record CRC checked
    const scan = new BlockScan(b, p, previous);
    while (scan.next()) {
      const sequence = scan.sequence;
      const kind = scan.kind;
      if (kind === KIND_CHECKPOINT || sequence <= last || sequence < liveFrom) continue;
      // kept records of a compaction that never reached its checkpoint
      if (kind === KIND_CARRIED && sequence > checkpoint) continue;
      if (!scan.intact()) continue;
      last = sequence;
      const at = scan.payloadStart;
      visit(scan.type, b.subarray(at, at + scan.length), sequence, base + scan.offset);
    }
    walk.last = last;
    return i + 1 < live;
  }

  #recover(): void {
    const B = this.#blockSize;
    const N = this.#blocks;
    const blocks: BlockSummary[] = [];
    for (let b = 0; b < N; b++) {
      // a block whose first header is erased holds no record: whether the rest is erased too is checked before its first write
      const erasedStart = allErased(this.#flash.read(b * B, HEADER_SIZE), 0, HEADER_SIZE);
      this.#unverified[b] = erasedStart;
      blocks.push(erasedStart ? EMPTY_BLOCK : summarizeBlock(this.#flash.read(b * B, B)));
    }
    for (let b = 0; b < N; b++) this.#checked[b] = blocks[b].verified;
    let head = -1;
    let checkpointBlock = -1;
    for (let b = 0; b < N; b++) {
      const s = blocks[b];
      if (s.count === 0) continue;
      if (head < 0 || s.lastSequence > blocks[head].lastSequence) head = b;
      if (s.checkpoint && (checkpointBlock < 0 || s.checkpoint > blocks[checkpointBlock].checkpoint)) checkpointBlock = b;
    }
    if (head >= 0) {
      let start = -1;
      if (checkpointBlock >= 0) {
        const c = blocks[checkpointBlock];
        this.#checkpoint = c.checkpoint;
        this.#liveFrom = Math.min(c.checkpointFirst, c.checkpoint);
        // the block holding the first kept record, found by walking back from the checkpoint
        start = checkpointBlock;
        for (let i = 1; i < N; i++) {
          const b = (checkpointBlock - i + N) % N;
          const s = blocks[b];
          if (s.count === 0 || s.lastSequence < this.#liveFrom || s.lastSequence >= blocks[start].firstSequence) break;
          start = b;
        }
      } else {
        for (let b = 0; b < N; b++) if (blocks[b].count && (start < 0 || blocks[b].firstSequence < blocks[start].firstSequence)) start = b;
      }
      this.#start = start;
      this.#head = head;
      this.#offset = blocks[head].end;
      this.#sealed = !blocks[head].clean;
      this.#next = blocks[head].lastSequence + 1;
    }
    const live = this.#liveBlocks();
    for (let i = live; i < N; i++) {
      const b = (this.#start + i) % N;
      if (!(blocks[b].end === 0 && blocks[b].clean)) this.#erase(b);
    }
    if (head < 0 && !(blocks[0].end === 0 && blocks[0].clean)) this.#erase(0);
  }

  /** Blocks from the oldest live one to the head, in ring order. */
  #liveBlocks(): number {
    return ((this.#head - this.#start + this.#blocks) % this.#blocks) + 1;
  }

  /**
   * Where records of these sizes would go, one after the other, leaving
   * `reserve` blocks free; undefined when they do not fit. A record that
   * does not fit in the head block's rest starts the next block.
   */
  #plan(sizes: readonly number[], reserve: number): Place[] | undefined {
    let block = this.#head;
    let used = this.#liveBlocks();
    // a compaction cut before its checkpoint can leave the head in the reserve: the rest of that block is the reserve's too
    let offset = this.#sealed || used > this.#blocks - reserve ? this.#blockSize : this.#offset;
    const places: Place[] = [];
    for (let i = 0; i < sizes.length; i++) {
      const size = sizes[i];
      if (offset + size > this.#blockSize) {
        if (used + 1 > this.#blocks - reserve) return undefined;
        used++;
        block = (block + 1) % this.#blocks;
        offset = 0;
      }
      places.push({ block, offset });
      offset += size;
    }
    return places;
  }

  /** Writes one record, in one flash write, and returns its sequence number. */
  #write(place: Place, kind: number, type: number, payload: Uint8Array): number {
    const sequence = this.#next;
    this.#failed = true;
    if (place.block !== this.#head) {
      this.#head = place.block;
      this.#sealed = false;
    }
    if (this.#unverified[place.block]) this.#verifyErased(place.block);
    const at = place.block * this.#blockSize + place.offset;
    this.#flash.write(at, encodeRecord(kind, type, sequence, payload));
    this.#lastAddress = at;
    this.#offset = place.offset + recordSize(payload.length);
    // our own header, written whole: checked as far as this record when it is the next in the block's order
    if (this.#checked[place.block] === place.offset) this.#checked[place.block] = this.#offset;
    this.#next = sequence + 1;
    this.#failed = false;
    return sequence;
  }

  /**
   * A compaction cut before its checkpoint leaves its kept records behind,
   * hidden. When they fill whole blocks at the head of a journal too full
   * to compact, those blocks are erased and the head moves back, so that
   * repeated cuts cannot leave a journal that can never compact again.
   * Returns false when the head block holds anything else.
   */
  #reclaimDebris(): boolean {
    if (this.#head === this.#start) return false;
    const bytes = this.#flash.read(this.#head * this.#blockSize, this.#blockSize);
    const scan = new BlockScan(bytes);
    while (scan.next()) if (scan.kind !== KIND_CARRIED || scan.sequence <= this.#checkpoint) return false;
    this.#failed = true;
    this.#erase(this.#head);
    this.#head = (this.#head - 1 + this.#blocks) % this.#blocks;
    const previous = new BlockScan(this.#flash.read(this.#head * this.#blockSize, this.#blockSize));
    while (previous.next());
    this.#offset = previous.end;
    this.#sealed = !previous.clean;
    this.#failed = false;
    return true;
  }

  #erase(block: number): void {
    this.#checked[block] = 0;
    this.#flash.eraseBlock(block);
    this.#unverified[block] = false;
  }

  /**
   * Before the first write into a block that opening found without a
   * record (its first header erased): the rest must be erased too (a cut
   * erase may leave any bytes); if not, it is erased now.
   */
  #verifyErased(block: number): void {
    const bytes = this.#flash.read(block * this.#blockSize, this.#blockSize);
    if (!allErased(bytes, 0, bytes.length)) this.#erase(block);
    this.#unverified[block] = false;
  }

  #usable(): void {
    if (this.#failed) throw new JournalError("JOURNAL_FAILED", "a flash operation failed part-way: open the journal again");
  }

  #checkEntry(type: number, payload: Uint8Array): void {
    if (!Number.isInteger(type) || type < 0 || type > 255) throw new JournalError("JOURNAL_TYPE", `record type ${type} is not an integer 0-255`);
    if (!(payload instanceof Uint8Array)) throw new JournalError("JOURNAL_PAYLOAD", "a record payload must be a Uint8Array");
    if (payload.length > this.maxPayload) {
      throw new JournalError("JOURNAL_PAYLOAD", `a payload of ${payload.length} bytes exceeds the ${this.maxPayload} bytes one erase block holds`);
    }
  }

  #checkSequences(count: number): void {
    if (this.#next + count - 1 > MAX_SEQUENCE) throw new JournalError("JOURNAL_SEQUENCE", "the journal's 32-bit sequence numbers are used up");
  }

  #full(what: string, length: number): never {
    throw new JournalError("JOURNAL_FULL", `${what} (${length} bytes) does not fit in the journal's free blocks: compact it`);
  }
}
