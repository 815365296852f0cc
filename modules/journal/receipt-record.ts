/**
 * The receipt record: what a transaction's receipt prints that the other
 * records do not hold (the CVM outcome, the chip's AID, label, TVR, TSI
 * and cryptogram, the cash part, the basket's quantities and prices), so
 * that a copy printed again after a reboot is the receipt printed before.
 * Nothing secret: no PAN, track, PIN or key.
 */
import { isHexBytes } from "../core/chars.ts";
import { fromHex, toHex } from "../core/hex.ts";
import { getUint, isPrintable, putAscii, putUint } from "./record-bytes.ts";
import { TransactionError } from "./transaction-error.ts";
import { utf8Bytes, utf8Text } from "../core/utf8.ts";

/** What a receipt record keeps. */
export interface ReceiptRecord {
  stan: number;
  cvm: "none" | "pin" | "signature";
  chip?: {
    /** 5-16 bytes in hex */
    aid: string;
    /** up to 16 printable ASCII characters */
    label?: string;
    /** 5 bytes in hex */
    tvr?: string;
    /** 2 bytes in hex */
    tsi?: string;
    /** 8 bytes in hex */
    cryptogram?: string;
    cryptogramType?: "AAC" | "TC" | "ARQC";
  };
  cash?: { tendered: number; change: number };
  /**
   * the basket: its subtotal and each line's quantity, unit price and,
   * when the receipt printed one, the product's name as printed (so that
   * a copy printed again, after a reboot or a change of the product
   * table, prints the same lines)
   */
  basket?: { subtotal: number; lines: { quantity: number; unitPrice: number; name?: string }[] };
}

const CVMS = ["none", "pin", "signature"] as const;
const CRYPTOGRAMS = ["AAC", "TC", "ARQC"] as const;
const CHIP = 1;
const CASH = 2;
const BASKET = 4;
const TVR = 8;
const TSI = 16;
const CRYPTOGRAM = 32;
const NAMES = 64;
/** A name's UTF-8 bytes: its length takes one byte (a product name is at most 40 characters, 160 bytes). */
const NAME_MAX_BYTES = 255;
/** 48 bits: amounts up to DE4's 12 digits */
const AMOUNT_MAX = 2 ** 48 - 1;

function bad(what: string): never {
  throw new TransactionError("TX_INPUT", what);
}

/** A receipt record that does not have its layout. */
function damaged(why: string): never {
  throw new TransactionError("TX_RECORD", `receipt record: ${why}`);
}

function hexBytes(value: string | undefined, field: string, min: number, max: number): Uint8Array {
  if (typeof value !== "string" || !isHexBytes(value, min, max)) bad(`${field} must be ${min === max ? min : `${min}-${max}`} bytes in hex`);
  return fromHex(value);
}

function amount(value: number, field: string, max = AMOUNT_MAX): number {
  if (!Number.isInteger(value) || value < 0 || value > max) bad(`${field} ${value} is not a whole number 0-${max}`);
  return value;
}

/**
 * Encodes a receipt record: STAN (3), CVM (1), flags (1), then the chip
 * part (AID length and bytes, label length and text, TVR 5, TSI 2,
 * cryptogram 8 and its type, each present as its flag says), the cash
 * part (tendered 6, change 6), the basket (subtotal 6, line count 1, each
 * line's quantity 2 and unit price 6; then, when a line has a name, flag
 * 40, each line's name: its length 1 and its UTF-8 bytes, 0 for none).
 * @throws TransactionError `TX_INPUT` on a field out of range
 */
export function encodeReceipt(r: ReceiptRecord): Uint8Array {
  if (!Number.isInteger(r.stan) || r.stan < 1 || r.stan > 999999) bad(`STAN ${r.stan} is not a number 1-999999`);
  const cvm = CVMS.indexOf(r.cvm);
  if (cvm < 0) bad(`unknown CVM outcome ${String(r.cvm)}`);
  const out: number[] = [r.stan & 0xff, (r.stan >> 8) & 0xff, (r.stan >> 16) & 0xff, cvm, 0];
  const uint = (value: number, size: number) => {
    const b = new Uint8Array(size);
    putUint(b, 0, size, value);
    out.push(...b);
  };
  let flags = 0;
  const chip = r.chip;
  if (chip) {
    flags |= CHIP;
    const aid = hexBytes(chip.aid, "chip.aid", 5, 16);
    out.push(aid.length, ...aid);
    const label = chip.label ?? "";
    if (typeof label !== "string" || label.length > 16) bad("chip.label must be up to 16 characters");
    const text = new Uint8Array(label.length);
    putAscii(text, 0, label.length, label);
    if (!isPrintable(text, 0, text.length)) bad("chip.label must be printable ASCII");
    out.push(text.length, ...text);
    if (chip.tvr !== undefined) {
      flags |= TVR;
      out.push(...hexBytes(chip.tvr, "chip.tvr", 5, 5));
    }
    if (chip.tsi !== undefined) {
      flags |= TSI;
      out.push(...hexBytes(chip.tsi, "chip.tsi", 2, 2));
    }
    if (chip.cryptogram !== undefined) {
      flags |= CRYPTOGRAM;
      const type = CRYPTOGRAMS.indexOf(chip.cryptogramType ?? "AAC");
      if (type < 0) bad(`unknown cryptogram type ${String(chip.cryptogramType)}`);
      out.push(...hexBytes(chip.cryptogram, "chip.cryptogram", 8, 8), type);
    }
  }
  if (r.cash) {
    flags |= CASH;
    uint(amount(r.cash.tendered, "cash tendered"), 6);
    uint(amount(r.cash.change, "change"), 6);
  }
  if (r.basket) {
    flags |= BASKET;
    const lines = r.basket.lines;
    if (!Array.isArray(lines) || lines.length > 255) bad("a basket has up to 255 lines");
    uint(amount(r.basket.subtotal, "subtotal"), 6);
    out.push(lines.length);
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      uint(amount(l.quantity, "quantity", 0xffff), 2);
      uint(amount(l.unitPrice, "unit price"), 6);
    }
    if (lines.some((l) => l.name !== undefined)) {
      flags |= NAMES;
      for (let i = 0; i < lines.length; i++) {
        const l = lines[i];
        if (l.name !== undefined && typeof l.name !== "string") bad("a basket line's name is text");
        const name = utf8Bytes(l.name ?? "");
        if (name.length > NAME_MAX_BYTES) bad(`a basket line's name takes ${name.length} bytes of UTF-8, at most ${NAME_MAX_BYTES}`);
        out.push(name.length, ...name);
      }
    }
  }
  out[4] = flags;
  return Uint8Array.from(out);
}

/**
 * Decodes a receipt record.
 * @throws TransactionError `TX_RECORD` when the payload does not have the layout
 */
export function decodeReceipt(p: Uint8Array): ReceiptRecord {
  let at = 0;
  const take = (n: number) => {
    if (at + n > p.length) damaged("shorter than its fields");
    const from = at;
    at += n;
    return from;
  };
  const stan = getUint(p, take(3), 3);
  const cvm = CVMS[p[take(1)]];
  const flags = p[take(1)];
  if (stan < 1 || stan > 999999 || cvm === undefined) damaged("STAN or CVM out of range");
  const r: ReceiptRecord = { stan, cvm };
  if (flags & CHIP) {
    const aidLength = p[take(1)];
    const aid = toHex(p.subarray(take(aidLength), at));
    const labelLength = p[take(1)];
    const labelAt = take(labelLength);
    if (!isPrintable(p, labelAt, labelLength)) damaged("a label that is not printable");
    let label = "";
    for (let i = labelAt; i < at; i++) label += String.fromCharCode(p[i]);
    r.chip = { aid, ...(labelLength ? { label } : {}) };
    if (flags & TVR) r.chip.tvr = toHex(p.subarray(take(5), at));
    if (flags & TSI) r.chip.tsi = toHex(p.subarray(take(2), at));
    if (flags & CRYPTOGRAM) {
      r.chip.cryptogram = toHex(p.subarray(take(8), at));
      const type = CRYPTOGRAMS[p[take(1)]];
      if (type === undefined) damaged("unknown cryptogram type");
      r.chip.cryptogramType = type;
    }
  }
  if (flags & CASH) r.cash = { tendered: getUint(p, take(6), 6), change: getUint(p, take(6), 6) };
  if (flags & BASKET) {
    const subtotal = getUint(p, take(6), 6);
    const count = p[take(1)];
    const lines: { quantity: number; unitPrice: number; name?: string }[] = [];
    for (let i = 0; i < count; i++) lines.push({ quantity: getUint(p, take(2), 2), unitPrice: getUint(p, take(6), 6) });
    if (flags & NAMES) {
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i];
        const length = p[take(1)];
        const from = take(length);
        const name = utf8Text(p, from, at);
        if (name === undefined) damaged("a name that is not UTF-8");
        // a line printed without a name (keyed by price) keeps none
        if (length) line.name = name;
      }
    }
    r.basket = { subtotal, lines };
  } else if (flags & NAMES) damaged("names without a basket");
  if (at !== p.length) damaged("bytes after its fields");
  return r;
}
