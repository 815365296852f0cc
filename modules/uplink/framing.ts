import { isDigits } from "../core/chars.ts";
import { fromHex, toHex } from "../core/hex.ts";
import { UplinkError } from "./error.ts";

/** How each message's length travels before it (2-byte binary is the common default). */
export type LengthHeader = "binary2" | "ascii4" | "bcd2";

/** The bytes that go on the wire for one message. */
export function frame(message: Uint8Array, header: LengthHeader = "binary2"): Uint8Array {
  const n = message.length;
  const limit = header === "ascii4" || header === "bcd2" ? 9999 : 0xffff;
  if (n > limit) throw new UplinkError("HOST_FRAME", `a ${n}-byte message does not fit a ${header} length header`);
  const out = new Uint8Array((header === "ascii4" ? 4 : 2) + n);
  if (header === "binary2") {
    out[0] = n >> 8;
    out[1] = n & 0xff;
  } else {
    const digits = String(n).padStart(4, "0");
    if (header === "ascii4") for (let i = 0; i < 4; i++) out[i] = digits.charCodeAt(i);
    else out.set(fromHex(digits)); // BCD: the digits read as hex
  }
  out.set(message, out.length - n);
  return out;
}

/**
 * Reassembles messages from a byte stream: chunks may split or join
 * messages anywhere. A length that cannot be a message (zero, over the
 * limit, not digits) is a framing error: the stream cannot be trusted
 * after it.
 */
export class FrameDecoder {
  #header: LengthHeader;
  #max: number;
  #buffer = new Uint8Array(0);

  constructor(header: LengthHeader = "binary2", maxLength = 8192) {
    this.#header = header;
    this.#max = maxLength;
  }

  /**
   * Adds bytes; returns every message now complete.
   * @throws UplinkError `HOST_FRAME`
   */
  push(chunk: Uint8Array): Uint8Array[] {
    const joined = new Uint8Array(this.#buffer.length + chunk.length);
    joined.set(this.#buffer);
    joined.set(chunk, this.#buffer.length);
    const out: Uint8Array[] = [];
    let at = 0;
    const headerSize = this.#header === "ascii4" ? 4 : 2;
    while (joined.length - at >= headerSize) {
      const n = this.#length(joined.subarray(at, at + headerSize));
      if (joined.length - at - headerSize < n) break;
      out.push(joined.slice(at + headerSize, at + headerSize + n));
      at += headerSize + n;
    }
    this.#buffer = joined.slice(at);
    return out;
  }

  #length(h: Uint8Array): number {
    let n: number;
    if (this.#header === "binary2") n = (h[0] << 8) | h[1];
    else {
      // BCD digits written in hex are the digits themselves
      const text = this.#header === "ascii4" ? String.fromCharCode(...h) : toHex(h);
      n = isDigits(text, 4, 4) ? Number(text) : -1;
    }
    if (n <= 0 || n > this.#max) throw new UplinkError("HOST_FRAME", `a length header of ${n < 0 ? "non-digits" : n} cannot start a message`);
    return n;
  }
}
