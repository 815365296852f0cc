import { isDigits } from "../core/chars.ts";
import { fromHex } from "../core/hex.ts";
import { Iso8583Error } from "./error.ts";

/**
 * Byte-level reading and writing for the codec: ASCII, BCD and hex, each
 * checked. Errors name the field they were reading.
 */
export class WireReader {
  #bytes: Uint8Array;
  #at = 0;
  field = 0;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  get remaining(): number {
    return this.#bytes.length - this.#at;
  }

  take(n: number): Uint8Array {
    if (n > this.remaining) {
      throw new Iso8583Error("ISO8583_FIELD", `the message ends ${n - this.remaining} byte(s) short of this field`, this.field || undefined);
    }
    const out = this.#bytes.subarray(this.#at, this.#at + n);
    this.#at += n;
    return out;
  }

  /** `n` characters of ASCII. */
  ascii(n: number): string {
    const b = this.take(n);
    let s = "";
    for (let i = 0; i < b.length; i++) {
      if (b[i] > 0x7e) throw new Iso8583Error("ISO8583_FIELD", `byte ${i + 1} is not ASCII`, this.field);
      s += String.fromCharCode(b[i]);
    }
    return s;
  }

  /**
   * `digits` BCD nibbles; an odd count carries one pad nibble, first
   * (`padLeft`) or last. Nibble D reads as `=` where `separator` allows it
   * (track 2 on binary links).
   */
  bcd(digits: number, padLeft: boolean, separator = false): string {
    const b = this.take(Math.ceil(digits / 2));
    const odd = digits % 2 === 1;
    let s = "";
    for (let i = 0; i < b.length * 2; i++) {
      const nibble = i % 2 === 0 ? b[i >> 1] >> 4 : b[i >> 1] & 15;
      const pad = odd && (padLeft ? i === 0 : i === b.length * 2 - 1);
      if (pad) {
        if (nibble !== 0 && nibble !== 0xf) throw new Iso8583Error("ISO8583_FIELD", `the BCD pad nibble is ${nibble.toString(16)}, not 0 or F`, this.field);
        continue;
      }
      if (nibble <= 9) s += String.fromCharCode(48 + nibble);
      else if (nibble === 0xd && separator) s += "=";
      else throw new Iso8583Error("ISO8583_FIELD", `BCD digit ${s.length + 1} is the nibble ${nibble.toString(16).toUpperCase()}`, this.field);
    }
    return s;
  }

  /** A length prefix of `digits` digits (2 or 3), ASCII or BCD. */
  prefix(digits: number, bcd: boolean): number {
    const text = bcd ? this.bcd(digits === 3 ? 4 : 2, true) : this.ascii(digits);
    if (!isDigits(text, 1)) throw new Iso8583Error("ISO8583_FIELD", "the length prefix is not a number", this.field);
    return Number(text);
  }
}

/** Bytes of a growing message. */
export class WireWriter {
  #chunks: Uint8Array[] = [];
  #length = 0;

  put(bytes: Uint8Array): void {
    this.#chunks.push(bytes);
    this.#length += bytes.length;
  }

  ascii(text: string): void {
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
    this.put(out);
  }

  /** Digits (and `=` as nibble D) as BCD, padded with a 0 nibble first or last when odd. */
  bcd(digits: string, padLeft: boolean): void {
    const padded = digits.length % 2 === 0 ? digits : padLeft ? "0" + digits : digits + "0";
    // BCD is the digits read as hex, with D for `=`
    this.put(fromHex(padded.replaceAll("=", "D")));
  }

  prefix(length: number, digits: number, bcd: boolean): void {
    const text = String(length).padStart(digits, "0");
    if (bcd) this.bcd(text.padStart(digits === 3 ? 4 : 2, "0"), true);
    else this.ascii(text);
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.#length);
    let at = 0;
    for (let i = 0; i < this.#chunks.length; i++) {
      const c = this.#chunks[i];
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}
