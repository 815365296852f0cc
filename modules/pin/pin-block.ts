import { isDigits } from "../core/chars.ts";
import { xor } from "../core/bytes.ts";
import type { Crypto } from "../crypto/port.ts";
import { PinError } from "./error.ts";

/**
 * ISO 9564-1 PIN blocks. Formats 0, 1 and 3 are 8-byte blocks for TDES;
 * format 2 is the plaintext block that goes to a chip card (EMV offline
 * PIN); format 4 is the 16-byte block for AES. PINs are digit arrays
 * (values 0-9), not strings, so that their owner can wipe them.
 */
export type PinBlockFormat = 0 | 1 | 2 | 3 | 4;

export const MIN_PIN_LENGTH = 4;
export const MAX_PIN_LENGTH = 12;
/**
 * PAN lengths a PIN block takes: ISO/IEC 7812-1 numbers cards with 8 to 19
 * digits (a six-digit IIN, at least one account digit, the check digit).
 * ISO 9564-1 pads a short PAN rather than refusing it.
 */
export const MIN_PAN_LENGTH = 8;
export const MAX_PAN_LENGTH = 19;

function checkPin(digits: Uint8Array): void {
  if (digits.length < MIN_PIN_LENGTH || digits.length > MAX_PIN_LENGTH) {
    throw new PinError("PIN_LENGTH", `a PIN has ${MIN_PIN_LENGTH} to ${MAX_PIN_LENGTH} digits, got ${digits.length}`);
  }
  for (let i = 0; i < digits.length; i++) if (digits[i] > 9) throw new PinError("PIN_DIGIT", `PIN position ${i + 1} is not a decimal digit`);
}

function checkPan(pan: string): void {
  if (!isDigits(pan)) throw new PinError("PIN_PAN", "the PAN must be decimal digits only");
  if (pan.length < MIN_PAN_LENGTH || pan.length > MAX_PAN_LENGTH) {
    throw new PinError("PIN_PAN", `the PAN must have ${MIN_PAN_LENGTH} to ${MAX_PAN_LENGTH} digits, got ${pan.length}`);
  }
}

/** Nibbles to bytes, high nibble first. */
function pack(nibbles: number[]): Uint8Array {
  const out = new Uint8Array(nibbles.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = (nibbles[2 * i] << 4) | nibbles[2 * i + 1];
  return out;
}

/** Bytes to nibbles, high nibble first, appended to `nibbles`. */
function unpack(bytes: Uint8Array, nibbles: number[] = []): number[] {
  for (let i = 0; i < bytes.length; i++) nibbles.push(bytes[i] >> 4, bytes[i] & 15);
  return nibbles;
}

/** Appends `count` random fill nibbles A-F to `nibbles`, drawn without bias from the crypto port. */
function fillAtoF(crypto: Crypto, nibbles: number[], count: number): void {
  const end = nibbles.length + count;
  while (nibbles.length < end) {
    const candidates = unpack(crypto.random(count));
    for (let i = 0; i < candidates.length && nibbles.length < end; i++) if (candidates[i] >= 10) nibbles.push(candidates[i]);
  }
}

/**
 * The plain PIN field: control nibble (the format), PIN length, the
 * digits, then fill: F (formats 0 and 2), random 0-F (format 1), random
 * A-F (format 3), A then 8 random bytes (format 4).
 */
export function pinField(crypto: Crypto, format: PinBlockFormat, digits: Uint8Array): Uint8Array {
  checkPin(digits);
  const nibbles = [format, digits.length];
  for (let i = 0; i < digits.length; i++) nibbles.push(digits[i]);
  const fill = 16 - nibbles.length;
  if (format === 0 || format === 2) for (let i = 0; i < fill; i++) nibbles.push(0xf);
  else if (format === 1) unpack(crypto.random(Math.ceil(fill / 2)), nibbles);
  else if (format === 3) fillAtoF(crypto, nibbles, fill);
  else for (let i = 0; i < fill; i++) nibbles.push(0xa);
  const field = pack(nibbles.slice(0, 16));
  nibbles.fill(0);
  if (format !== 4) return field;
  const out = new Uint8Array(16);
  out.set(field);
  out.set(crypto.random(8), 8);
  field.fill(0);
  return out;
}

/**
 * The PAN field. Formats 0 and 3 (ISO 9564-1:2017 9.3.2.3, 9.3.5.3): four
 * zero nibbles, then the 12 rightmost PAN digits before the check digit,
 * right-justified behind zeros when there are fewer. Format 4 (9.4.2.2.3):
 * the PAN length less 12, then the whole PAN, zero-filled to 16 bytes; a
 * PAN shorter than 12 digits is right-justified in 12 digits behind zeros
 * and its length nibble is 0.
 * @throws PinError `PIN_PAN` unless the PAN is 8 to 19 decimal digits
 */
export function panField(format: 0 | 3 | 4, pan: string): Uint8Array {
  checkPan(pan);
  // the fields as decimal digits, one a nibble
  const digits =
    format === 4
      ? `${Math.max(pan.length - 12, 0)}${pan.padStart(12, "0")}`.padEnd(32, "0")
      : `0000${pan.slice(0, -1).slice(-12).padStart(12, "0")}`;
  return pack(Array.from(digits, Number));
}

/**
 * The clear 8-byte block of formats 0-3 (format 2 is what the chip card
 * receives in VERIFY; the others must be enciphered before they leave).
 * @param pan - formats 0 and 3
 */
export function clearPinBlock(crypto: Crypto, format: 0 | 1 | 2 | 3, digits: Uint8Array, pan?: string): Uint8Array {
  if (format === 1 || format === 2) return pinField(crypto, format, digits);
  if (pan === undefined) throw new PinError("PIN_PAN", `format ${format} needs the PAN`);
  const field = pinField(crypto, format, digits);
  const block = xor(field, panField(format, pan));
  field.fill(0);
  return block;
}

/** What an enciphered PIN block is made with. */
export interface PinBlockKey {
  format: 0 | 1 | 3 | 4;
  /** a TDES key (formats 0, 1, 3) or an AES key (format 4) */
  key: Uint8Array;
  /** formats 0, 3 and 4 */
  pan?: string;
}

/**
 * An enciphered PIN block: TDES-ECB of the clear block (formats 0, 1, 3);
 * for format 4, AES of the PIN field, XOR the PAN field, AES again
 * (ISO 9564-1:2017 9.4.2).
 * @throws PinError `PIN_LENGTH`, `PIN_DIGIT`, `PIN_PAN`, `PIN_KEY`
 */
export function encryptPinBlock(crypto: Crypto, digits: Uint8Array, spec: PinBlockKey): Uint8Array {
  if (spec.format === 4) {
    if (spec.pan === undefined) throw new PinError("PIN_PAN", "format 4 needs the PAN");
    if (![16, 24, 32].includes(spec.key.length)) throw new PinError("PIN_KEY", `format 4 takes an AES key, not ${spec.key.length} bytes`);
    const pan = panField(4, spec.pan);
    const field = pinField(crypto, 4, digits);
    const first = crypto.blockEncrypt("AES", "ECB", spec.key, field);
    const mixed = xor(first, pan);
    field.fill(0);
    first.fill(0);
    return crypto.blockEncrypt("AES", "ECB", spec.key, mixed);
  }
  if (spec.key.length !== 16 && spec.key.length !== 24) throw new PinError("PIN_KEY", `format ${spec.format} takes a TDES key, not ${spec.key.length} bytes`);
  const clear = clearPinBlock(crypto, spec.format, digits, spec.pan);
  const block = crypto.blockEncrypt("TDES", "ECB", spec.key, clear);
  clear.fill(0);
  return block;
}

function unpackPin(field: Uint8Array, format: PinBlockFormat): Uint8Array {
  const nibbles = unpack(field.subarray(0, 8));
  if (nibbles[0] !== format) throw new PinError("PIN_FORMAT", `the block's control field is ${nibbles[0]}, not format ${format}`);
  const n = nibbles[1];
  if (n < MIN_PIN_LENGTH || n > MAX_PIN_LENGTH) throw new PinError("PIN_BLOCK", `the block's PIN length ${n} is outside 4-12`);
  const digits = Uint8Array.from(nibbles.slice(2, 2 + n));
  for (let i = 0; i < digits.length; i++) if (digits[i] > 9) throw new PinError("PIN_BLOCK", "the block's PIN field holds a non-digit");
  const fill = nibbles.slice(2 + n);
  const bad =
    ((format === 0 || format === 2) && fill.some((f) => f !== 0xf)) ||
    (format === 3 && fill.some((f) => f < 0xa)) ||
    (format === 4 && fill.some((f) => f !== 0xa));
  nibbles.fill(0);
  if (bad) {
    digits.fill(0);
    throw new PinError("PIN_BLOCK", `the block's fill digits are not those of format ${format}`);
  }
  return digits;
}

/**
 * The PIN digits of an enciphered block: the acquirer's side, used by the
 * acquirer emulator and by tests.
 * @throws PinError `PIN_FORMAT` or `PIN_BLOCK` when the block does not decode to a PIN of this format
 */
export function decryptPinBlock(crypto: Crypto, block: Uint8Array, spec: PinBlockKey): Uint8Array {
  if (spec.format === 4) {
    if (spec.pan === undefined) throw new PinError("PIN_PAN", "format 4 needs the PAN");
    if (block.length !== 16) throw new PinError("PIN_BLOCK", `a format 4 block has 16 bytes, got ${block.length}`);
    const mixed = crypto.blockDecrypt("AES", "ECB", spec.key, block);
    const field = crypto.blockDecrypt("AES", "ECB", spec.key, xor(mixed, panField(4, spec.pan)));
    try {
      return unpackPin(field, 4);
    } finally {
      field.fill(0);
    }
  }
  if (block.length !== 8) throw new PinError("PIN_BLOCK", `a format ${spec.format} block has 8 bytes, got ${block.length}`);
  const clear = crypto.blockDecrypt("TDES", "ECB", spec.key, block);
  const field = spec.format === 1 ? clear : xor(clear, panField(spec.format, spec.pan ?? ""));
  try {
    return unpackPin(field, spec.format);
  } finally {
    clear.fill(0);
    field.fill(0);
  }
}
