import { type CodeUnitTest, isDigitCode, isDigits, isHexDigits, isLetterDigitOrSpaceCode, isLettersDigitsAndSpaces, isPrintableAscii, isPrintableAsciiCode, spanOf } from "../core/chars.ts";
import { fromHex, toHex } from "../core/hex.ts";
import type { Dialect } from "./dialect.ts";
import { Iso8583Error } from "./error.ts";
import type { FieldClass, FieldSpec } from "./fields-1987.ts";
import type { FieldValue, IsoMessage } from "./message.ts";
import { WireReader, WireWriter } from "./wire.ts";

/** Class z, the tracks' code set as ISO 8583 carries it: digits and the field separator `=`. */
function isDigitOrEqualsCode(code: number): boolean {
  return isDigitCode(code) || code === 0x3d;
}

/** The characters each text class allows, one code unit at a time. */
const CLASS_CHARACTERS: Record<Exclude<FieldClass, "b" | "xn">, CodeUnitTest> = {
  n: isDigitCode,
  z: isDigitOrEqualsCode,
  an: isLetterDigitOrSpaceCode,
  ans: isPrintableAsciiCode,
};

/** Each text class's check of a whole field, its loop inline (every field of every message goes through one). */
const CLASS_CHECK: Record<Exclude<FieldClass, "b" | "xn">, (text: string) => boolean> = {
  n: isDigits,
  z: (text) => spanOf(text, isDigitOrEqualsCode) === text.length,
  an: isLettersDigitsAndSpaces,
  ans: isPrintableAscii,
};

/** `text` without the spaces that pad it on the right. */
function withoutTrailingSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x20) end--;
  return end === text.length ? text : text.slice(0, end);
}

const TPDU_ID = 0x60;

function checkClass(text: string, cls: FieldClass, field: number): void {
  if (cls === "xn") {
    const sign = text.charCodeAt(0);
    if ((sign !== 0x43 && sign !== 0x44) || spanOf(text, isDigitCode, 1) !== text.length) throw new Iso8583Error("ISO8583_FIELD", "an x+n amount is C or D followed by digits", field);
    return;
  }
  if (cls === "b") return;
  // every class is ASCII, one code unit a character: the index of the first code unit
  // refused is the position of the first character refused
  if (CLASS_CHECK[cls](text)) return;
  const at = spanOf(text, CLASS_CHARACTERS[cls]);
  throw new Iso8583Error("ISO8583_FIELD", `character ${at + 1} is not allowed in a field of class ${cls}`, field);
}

/** Whether a text field travels as BCD in this dialect (the rest is ASCII). */
function isBcd(dialect: Dialect, spec: FieldSpec): boolean {
  return dialect.bcd && (spec.class === "n" || (spec.class === "z" && spec.length !== "LLL"));
}

function encodeField(w: WireWriter, dialect: Dialect, n: number, spec: FieldSpec, value: FieldValue): void {
  const prefixDigits = spec.length === "LL" ? 2 : 3;
  if (spec.class === "b") {
    if (!(value instanceof Uint8Array)) throw new Iso8583Error("ISO8583_FIELD", "a binary field takes bytes", n);
    if (spec.length === "fixed" ? value.length !== spec.max : value.length > spec.max) {
      throw new Iso8583Error("ISO8583_FIELD", `${value.length} bytes where the field takes ${spec.length === "fixed" ? "" : "at most "}${spec.max}`, n);
    }
    if (spec.length !== "fixed") w.prefix(value.length, prefixDigits, dialect.bcd);
    if (spec.length === "fixed" && !dialect.bcd) w.ascii(toHex(value));
    else w.put(value);
    return;
  }
  if (typeof value !== "string") throw new Iso8583Error("ISO8583_FIELD", "a text field takes a string", n);
  checkClass(value, spec.class, n);
  if (spec.class === "xn") {
    const digits = value.slice(1);
    if (digits.length > spec.max) throw new Iso8583Error("ISO8583_FIELD", `${digits.length} digits where the field takes ${spec.max}`, n);
    w.ascii(value[0]);
    const padded = digits.padStart(spec.max, "0");
    if (dialect.bcd) w.bcd(padded, true);
    else w.ascii(padded);
    return;
  }
  if (value.length > spec.max) throw new Iso8583Error("ISO8583_FIELD", `${value.length} characters where the field takes at most ${spec.max}`, n);
  const bcd = isBcd(dialect, spec);
  if (spec.length === "fixed") {
    const padded = spec.class === "n" ? value.padStart(spec.max, "0") : value.padEnd(spec.max, " ");
    if (bcd) w.bcd(padded, true);
    else w.ascii(padded);
    return;
  }
  w.prefix(value.length, prefixDigits, dialect.bcd);
  if (bcd) w.bcd(value, false);
  else w.ascii(value);
}

function decodeField(r: WireReader, dialect: Dialect, n: number, spec: FieldSpec): FieldValue {
  r.field = n;
  let length = spec.max;
  if (spec.length !== "fixed") {
    length = r.prefix(spec.length === "LL" ? 2 : 3, dialect.bcd);
    if (length > spec.max) throw new Iso8583Error("ISO8583_FIELD", `length ${length} is over the field's maximum of ${spec.max}`, n);
  }
  if (spec.class === "b") {
    if (spec.length === "fixed" && !dialect.bcd) {
      const hex = r.ascii(2 * length);
      if (!isHexDigits(hex)) throw new Iso8583Error("ISO8583_FIELD", "binary data in hex has a character that is not a hex digit", n);
      return fromHex(hex);
    }
    return r.take(length).slice();
  }
  let text: string;
  if (spec.class === "xn") {
    const sign = r.ascii(1);
    text = sign + (dialect.bcd ? r.bcd(length, true) : r.ascii(length));
  } else if (isBcd(dialect, spec)) {
    text = r.bcd(length, spec.length === "fixed", spec.class === "z");
  } else {
    text = r.ascii(length);
    if (spec.length === "fixed" && spec.class !== "n") text = withoutTrailingSpaces(text);
  }
  checkClass(text, spec.class, n);
  return text;
}

/**
 * A message to bytes in the dialect: optional TPDU and header, MTI,
 * primary (and, when a field above 64 is present, secondary) bitmap,
 * then the fields in order. Fixed numeric fields are padded with leading
 * zeros, fixed text fields with trailing spaces.
 * @throws Iso8583Error naming the field at fault
 */
export function pack(dialect: Dialect, message: IsoMessage): Uint8Array {
  if (!isDigits(message.mti, 4, 4)) throw new Iso8583Error("ISO8583_MTI", "the MTI must be 4 digits");
  const numbers = [...message.fields.keys()].sort((a, b) => a - b);
  // the numbers ascend: a field above 64, when there is one, is the last
  const secondary = numbers[numbers.length - 1] > 64;
  const bitmap = new Uint8Array(secondary ? 16 : 8);
  if (secondary) bitmap[0] |= 0x80;
  for (let i = 0; i < numbers.length; i++) {
    const n = numbers[i];
    if (!dialect.fields[n]) throw new Iso8583Error("ISO8583_BITMAP", `${dialect.name} has no field ${n}`);
    bitmap[(n - 1) >> 3] |= 0x80 >> ((n - 1) & 7);
  }
  const w = new WireWriter();
  if (message.tpdu || message.header) {
    if (!dialect.bcd || message.tpdu?.length !== 5 || message.header?.length !== 6 || message.tpdu[0] !== TPDU_ID) {
      throw new Iso8583Error("ISO8583_HEADER", "a TPDU (5 bytes, starting 60) and a 6-byte header go together, on iso87b links only");
    }
    w.put(message.tpdu);
    w.put(message.header);
  }
  if (dialect.bcd) {
    w.bcd(message.mti, false);
    w.put(bitmap);
  } else {
    w.ascii(message.mti);
    w.ascii(toHex(bitmap));
  }
  for (let i = 0; i < numbers.length; i++) {
    const n = numbers[i];
    encodeField(w, dialect, n, dialect.fields[n], message.fields.get(n)!);
  }
  return w.bytes();
}

/**
 * Bytes to a message, strictly: every length, character class, BCD
 * nibble and hex digit is checked, a bit without a field definition is
 * refused, and nothing may follow the last field. On iso87b a leading
 * 0x60 is a TPDU followed by a 6-byte application header (an ISO 8583:1987
 * MTI starts with nibble 0).
 * @throws Iso8583Error naming the field at fault
 */
export function unpack(dialect: Dialect, bytes: Uint8Array): IsoMessage {
  const r = new WireReader(bytes);
  const message: IsoMessage = { mti: "", fields: new Map() };
  if (dialect.bcd && bytes[0] === TPDU_ID) {
    if (bytes.length < 11) throw new Iso8583Error("ISO8583_HEADER", "the message ends inside its TPDU and header");
    message.tpdu = r.take(5).slice();
    message.header = r.take(6).slice();
  }
  if (r.remaining < (dialect.bcd ? 2 : 4)) throw new Iso8583Error("ISO8583_MTI", "the message ends inside its MTI");
  message.mti = dialect.bcd ? r.bcd(4, false) : r.ascii(4);
  if (!isDigits(message.mti, 4, 4)) throw new Iso8583Error("ISO8583_MTI", "the MTI is not 4 digits");
  const readBitmap = (): Uint8Array => {
    if (r.remaining < (dialect.bcd ? 8 : 16)) throw new Iso8583Error("ISO8583_BITMAP", "the message ends inside a bitmap");
    if (dialect.bcd) return r.take(8);
    const hex = r.ascii(16);
    if (!isHexDigits(hex, 16, 16)) throw new Iso8583Error("ISO8583_BITMAP", "the bitmap has a character that is not a hex digit");
    return fromHex(hex);
  };
  const primary = readBitmap();
  const bitmap = primary[0] & 0x80 ? new Uint8Array([...primary, ...readBitmap()]) : primary;
  for (let n = 2; n <= bitmap.length * 8; n++) {
    if (!(bitmap[(n - 1) >> 3] & (0x80 >> ((n - 1) & 7)))) continue;
    const spec = dialect.fields[n];
    if (!spec) throw new Iso8583Error("ISO8583_BITMAP", `bit ${n} is set but ${dialect.name} defines no field ${n}`);
    message.fields.set(n, decodeField(r, dialect, n, spec));
  }
  if (r.remaining > 0) throw new Iso8583Error("ISO8583_TRAILING", `${r.remaining} byte(s) follow the last field`);
  return message;
}
