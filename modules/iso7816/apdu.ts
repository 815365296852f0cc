import { toHex } from "../core/hex.ts";
import { Iso7816Error } from "./error.ts";

/** An ISO/IEC 7816-4 command APDU. `le` 0 means "no Le"; 256 (short) or 65536 (extended) mean "all". */
export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data?: Uint8Array;
  le?: number;
}

/** ISO/IEC 7816-3 12.1.2 cases: 1, 2, 3, 4; short or extended length fields. */
export type ApduCase = "1" | "2S" | "3S" | "4S" | "2E" | "3E" | "4E";

export interface ResponseApdu {
  data: Uint8Array;
  sw1: number;
  sw2: number;
  /** SW1 SW2 as one number, e.g. 0x9000 */
  sw: number;
}

export function apduCase(c: CommandApdu): ApduCase {
  const lc = c.data?.length ?? 0;
  const le = c.le ?? 0;
  const extended = lc > 255 || le > 256;
  if (lc === 0 && le === 0) return "1";
  if (lc === 0) return extended ? "2E" : "2S";
  if (le === 0) return extended ? "3E" : "3S";
  return extended ? "4E" : "4S";
}

/**
 * The bytes of a command APDU (short form where it fits, extended
 * otherwise).
 * @throws Iso7816Error `APDU_INVALID` for out-of-range fields
 */
export function encodeCommand(c: CommandApdu): Uint8Array {
  const headerBytes = [["CLA", c.cla], ["INS", c.ins], ["P1", c.p1], ["P2", c.p2]] as const;
  for (let i = 0; i < headerBytes.length; i++) {
    const name = headerBytes[i][0], v = headerBytes[i][1];
    if (!Number.isInteger(v) || v < 0 || v > 255) throw new Iso7816Error("APDU_INVALID", `${name} must be one byte`);
  }
  const lc = c.data?.length ?? 0;
  const le = c.le ?? 0;
  if (lc > 65535 || le < 0 || le > 65536) throw new Iso7816Error("APDU_INVALID", "Lc is at most 65535 and Le at most 65536");
  const kind = apduCase(c);
  const out = [c.cla, c.ins, c.p1, c.p2];
  // extended: a 00 byte, then Lc and Le on two bytes each
  const extended = kind.endsWith("E");
  if (extended) out.push(0);
  if (lc) {
    if (extended) out.push(lc >> 8);
    out.push(lc & 0xff);
    for (let i = 0; i < lc; i++) out.push(c.data![i]);
  }
  if (le) {
    if (extended) out.push((le >> 8) & 0xff);
    out.push(le & 0xff);
  }
  return Uint8Array.from(out);
}

/**
 * A command APDU from its bytes: case 1, Le alone (case 2), Lc and the
 * data (case 3), then Le (case 4); short or extended length fields.
 * @throws Iso7816Error `APDU_INVALID` when the length fields do not match the bytes
 */
export function parseCommand(bytes: Uint8Array): CommandApdu {
  if (bytes.length < 4) throw new Iso7816Error("APDU_INVALID", "a command APDU has at least 4 bytes");
  const command: CommandApdu = { cla: bytes[0], ins: bytes[1], p1: bytes[2], p2: bytes[3] };
  const body = bytes.subarray(4);
  const n = body.length;
  const bad = () => new Iso7816Error("APDU_INVALID", `a ${bytes.length}-byte command whose length fields do not add up`);
  if (n === 0) return command;
  // a lone byte is a short Le; otherwise a first byte 00 starts the extended fields (Lc and Le on two bytes each)
  const extended = n > 1 && body[0] === 0;
  // the data start after Lc (one byte, or 00 and two bytes), which is also where an Le alone ends
  const dataAt = extended ? 3 : 1;
  if (n < dataAt) throw bad();
  if (n > dataAt) {
    const lc = extended ? (body[1] << 8) | body[2] : body[0];
    const leAt = dataAt + lc;
    if (lc === 0 || (n !== leAt && n !== leAt + (extended ? 2 : 1))) throw bad();
    command.data = body.slice(dataAt, leAt);
    if (n === leAt) return command;
  }
  // Le ends the command: 00 means 256, 0000 (extended) 65536
  command.le = extended ? ((body[n - 2] << 8) | body[n - 1]) || 65536 : body[n - 1] || 256;
  return command;
}

/** @throws Iso7816Error `APDU_INVALID` for fewer than two bytes */
export function parseResponse(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2) throw new Iso7816Error("APDU_INVALID", "a response APDU ends with SW1 SW2");
  const sw1 = bytes[bytes.length - 2];
  const sw2 = bytes[bytes.length - 1];
  return { data: bytes.slice(0, -2), sw1, sw2, sw: (sw1 << 8) | sw2 };
}

export function encodeResponse(r: { data?: Uint8Array; sw: number }): Uint8Array {
  const data = r.data ?? new Uint8Array(0);
  const out = new Uint8Array(data.length + 2);
  out.set(data);
  out[data.length] = r.sw >> 8;
  out[data.length + 1] = r.sw & 0xff;
  return out;
}

const NAMES: Record<string, string> = {
  "9000": "success",
  "6283": "selected file invalidated",
  "6400": "execution error",
  "6581": "memory failure",
  "6700": "wrong length",
  "6881": "logical channel not supported",
  "6882": "secure messaging not supported",
  "6981": "command incompatible with file structure",
  "6982": "security status not satisfied",
  "6983": "authentication method blocked",
  "6984": "referenced data invalidated",
  "6985": "conditions of use not satisfied",
  "6986": "command not allowed (no current EF)",
  "6A80": "incorrect parameters in the data field",
  "6A81": "function not supported",
  "6A82": "file or application not found",
  "6A83": "record not found",
  "6A86": "incorrect parameters P1-P2",
  "6A88": "referenced data not found",
  "6D00": "instruction not supported",
  "6E00": "class not supported",
  "6F00": "no precise diagnosis",
};

/** A status word as ISO/IEC 7816-4 names it. */
export function statusWordName(sw: number): string {
  const hex = toHex(Uint8Array.of(sw >> 8, sw & 0xff));
  if (NAMES[hex]) return NAMES[hex];
  const sw1 = sw >> 8;
  const sw2 = sw & 0xff;
  if (sw1 === 0x61) return `${sw2 || 256} more bytes available`;
  if (sw1 === 0x6c) return `wrong Le: exactly ${sw2 || 256} bytes available`;
  if (sw1 === 0x63 && (sw2 & 0xf0) === 0xc0) return `verification failed, ${sw2 & 0x0f} tries left`;
  if (sw1 === 0x62 || sw1 === 0x63) return "warning: state of non-volatile memory " + (sw1 === 0x62 ? "unchanged" : "changed");
  if (sw1 === 0x64 || sw1 === 0x65) return "execution error";
  return "unknown status";
}
