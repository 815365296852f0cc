/**
 * Inputs for targets that talk with a peer (a card, a modem): the input
 * is the peer's side of the conversation, one reply per thing the
 * terminal writes, each reply a length byte and that many bytes. A
 * reply cut short by the end of the input is what remains; once the
 * replies run out the peer is silent.
 */
import { fromHex } from "../../modules/core/hex.ts";

/** The replies coded in `input` from byte `from` on. */
export function replies(input: Uint8Array, from = 0): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = from;
  while (at < input.length) {
    const n = input[at++];
    out.push(input.subarray(at, at + n));
    at += n;
  }
  return out;
}

/** An input from a leading byte (the target's options) and replies given as hex (or text, for the modem). */
export function script(lead: number[], parts: (string | Uint8Array)[]): Uint8Array {
  const bytes: number[] = [...lead];
  for (const p of parts) {
    const b = typeof p === "string" ? fromHex(p) : p;
    if (b.length > 255) throw new RangeError("a scripted reply holds at most 255 bytes");
    bytes.push(b.length, ...b);
  }
  return Uint8Array.from(bytes);
}

/** Text as bytes (ISO 8859-1), for AT transcripts and tracks. */
export function latin1(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/** Bytes as text (ISO 8859-1): every byte one character. In chunks: a character at a time costs XS a copy of the string each time. */
export function text(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 1024) s += String.fromCharCode(...bytes.subarray(i, i + 1024));
  return s;
}
