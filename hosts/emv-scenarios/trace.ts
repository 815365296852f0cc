/**
 * The APDU trace as a report shows it: each command and response in hex,
 * named, with cardholder data masked. In responses the cardholder data
 * objects (5A, 57, 56, 5F20, 9F1F, 9F20, 9F6B, ...) are masked in place
 * by modules/emv/mask-tlv.ts; then any PAN of the card still in a command
 * or a response (in data that is not BER-TLV, or a DOL's data) keeps its
 * first 6 and last 4 digits; the data field of VERIFY and of PIN
 * CHANGE/UNBLOCK (a PIN block, plain or enciphered) is never shown.
 */
import { toHex } from "../../modules/core/hex.ts";
import { maskPan } from "../../modules/card/mask.ts";
import type { ApduExchange } from "../../modules/emv/kernel/ports.ts";
import { maskTlvHex } from "../../modules/emv/mask-tlv.ts";
import { parseCommand } from "../../modules/iso7816/apdu.ts";

/** One exchange of the trace. */
export interface TraceLine {
  /** the command's name (SELECT, GENERATE AC, ...) */
  name: string;
  /** the command APDU, hex, masked */
  command: string;
  /** the response data, hex, masked (absent when there was none) */
  response?: string;
  /** SW1 SW2, hex */
  sw?: string;
  /** the reader's error when nothing came back (CARD_REMOVED, CARD_MUTE, ...) */
  error?: string;
}

const NAMES: Record<string, string> = {
  A4: "SELECT",
  B2: "READ RECORD",
  A8: "GET PROCESSING OPTIONS",
  CA: "GET DATA",
  "84": "GET CHALLENGE",
  "88": "INTERNAL AUTHENTICATE",
  "20": "VERIFY",
  AE: "GENERATE AC",
  "82": "EXTERNAL AUTHENTICATE",
  "1E": "APPLICATION BLOCK",
  "18": "APPLICATION UNBLOCK",
  "16": "CARD BLOCK",
  "24": "PIN CHANGE/UNBLOCK",
  DA: "PUT DATA",
};

/** Instructions whose data field is a PIN block. */
const PIN_DATA = new Set([0x20, 0x24]);

/** `hex` with every PAN of `pans` (digits) masked wherever it appears. */
export function maskPans(hex: string, pans: readonly string[]): string {
  let out = hex;
  for (const pan of pans) if (pan.length >= 12) out = out.split(pan).join(maskPan(pan));
  return out;
}

function responseHex(data: Uint8Array): string {
  if (!data.length) return "";
  try {
    return maskTlvHex(data);
  } catch {
    return toHex(data);
  }
}

/**
 * One exchange as the report shows it.
 * @param pans - the card's PANs (digits), masked wherever they appear
 */
export function traceLine(exchange: ApduExchange, pans: readonly string[]): TraceLine {
  const bytes = exchange.command;
  const ins = bytes[1];
  let name = NAMES[toHex(Uint8Array.of(ins))] ?? "COMMAND";
  if (ins === 0xa4 && bytes[3] === 0x02) name = "SELECT NEXT";
  let command: string;
  try {
    const c = parseCommand(bytes);
    const header = toHex(bytes.subarray(0, 4));
    const data = c.data ?? new Uint8Array(0);
    const lc = data.length ? toHex(bytes.subarray(4, bytes.length - data.length - (c.le !== undefined ? 1 : 0))) : "";
    const le = c.le !== undefined ? toHex(bytes.subarray(bytes.length - 1)) : "";
    const shown = PIN_DATA.has(ins) ? "*".repeat(2 * data.length) : maskPans(toHex(data), pans);
    command = header + lc + shown + le;
  } catch {
    command = PIN_DATA.has(ins) ? toHex(bytes.subarray(0, 4)) + "*".repeat(2 * (bytes.length - 4)) : maskPans(toHex(bytes), pans);
  }
  const line: TraceLine = { name, command };
  if (exchange.response) {
    const r = exchange.response;
    const data = r.subarray(0, r.length - 2);
    if (data.length) line.response = maskPans(responseHex(data), pans);
    line.sw = toHex(r.subarray(r.length - 2));
  }
  if (exchange.error) line.error = exchange.error;
  return line;
}
