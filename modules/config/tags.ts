import type { AidParameters, TerminalParameters } from "./types.ts";

/*
 * The configuration as EMV data elements, in the encodings of EMV 4.4
 * Book 3 §4.3: `n` as BCD right-justified with leading zeros, `an` and
 * `ans` as ASCII left-justified with trailing zero bytes, `b` as is. The
 * maps are what the kernel hands to a DOL (`buildDolData`) as the
 * terminal's values.
 */

function numeric(digits: string, bytes: number): Uint8Array {
  const padded = digits.padStart(bytes * 2, "0");
  const out = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) out[i] = ((padded.charCodeAt(2 * i) - 48) << 4) | (padded.charCodeAt(2 * i + 1) - 48);
  return out;
}

function text(value: string, bytes = value.length): Uint8Array {
  const out = new Uint8Array(bytes);
  for (let i = 0; i < value.length && i < bytes; i++) out[i] = value.charCodeAt(i);
  return out;
}

function binary32(value: number): Uint8Array {
  return Uint8Array.of(value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255);
}

/**
 * The terminal's data elements by tag: 9F35, 9F33, 9F40, 9F1A, 5F2A,
 * 5F36, 9F15, 9F16, 9F1C, 9F1E, 9F01, 9F4E.
 */
export function terminalTags(t: TerminalParameters): Map<string, Uint8Array> {
  return new Map([
    ["9F35", numeric(t.terminalType, 1)],
    ["9F33", t.capabilities.slice()],
    ["9F40", t.additionalCapabilities.slice()],
    ["9F1A", numeric(t.countryCode, 2)],
    ["5F2A", numeric(t.currencyCode, 2)],
    ["5F36", numeric(String(t.currencyExponent), 1)],
    ["9F15", numeric(t.merchantCategoryCode, 2)],
    ["9F16", text(t.merchantIdentifier, 15)],
    ["9F1C", text(t.terminalIdentification, 8)],
    ["9F1E", text(t.ifdSerialNumber, 8)],
    ["9F01", numeric(t.acquirerIdentifier, 6)],
    ["9F4E", text(t.merchantNameAndLocation)],
  ]);
}

/**
 * An application's data elements by tag: the terminal's AID (9F06), the
 * Application Version Number it sends (9F09, the first listed) and the
 * Terminal Floor Limit (9F1B).
 */
export function aidTags(a: AidParameters): Map<string, Uint8Array> {
  return new Map([
    ["9F06", a.aid.slice()],
    ["9F09", a.applicationVersions[0].slice()],
    ["9F1B", binary32(a.floorLimit)],
  ]);
}
