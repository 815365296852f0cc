/**
 * The chip data a chip sale's TC upload and script results carry (DE55),
 * taken from the kernel's DE55 after the second GENERATE AC: only the data
 * objects the host checks the TC with and reads the script results from,
 * so no PAN, track or PIN data ever reaches the journal or the advice.
 */
import { concatAll } from "../core/bytes.ts";
import { encodeTlv, parseTlv } from "../emv/tlv.ts";

/**
 * Kept, in this order: the TC and what it covers (EMV 4.4 Book 3 Annex
 * A: 9F26 cryptogram, 9F27 CID, 9F36 ATC, 9F10 IAD, 95 TVR, 9B TSI, 8A
 * ARC, 9F02, 9F03, 9F1A, 5F2A, 9A, 9C, 9F37, 82 AIP), the terminal and
 * application it came from (9F33, 9F34, 9F35, 84, 9F09, 9F41, 5F34), the
 * Issuer Script Results (9F5B).
 */
export const CHIP_ADVICE_TAGS: readonly string[] = ["9F26", "9F27", "9F36", "9F10", "95", "9B", "8A", "9F02", "9F03", "9F1A", "5F2A", "9A", "9C", "9F37", "82", "9F33", "9F34", "9F35", "84", "9F09", "9F41", "5F34", "9F5B"];

/** Issuer Script Results: present when the card ran issuer scripts (Book 3 §10.10). */
const SCRIPT_RESULTS = "9F5B";

/**
 * The advices' chip data from the kernel's: the {@link CHIP_ADVICE_TAGS}
 * objects present, and whether script results go too.
 * @throws EmvError `TLV_*` when `iccData` is not BER-TLV
 */
export function chipAdviceData(iccData: Uint8Array): { iccData: Uint8Array; scriptResult: boolean } {
  const objects = parseTlv(iccData);
  const kept: Uint8Array[] = [];
  for (let i = 0; i < CHIP_ADVICE_TAGS.length; i++) {
    const tag = CHIP_ADVICE_TAGS[i];
    const o = objects.find((x) => x.tag === tag);
    if (o) kept.push(encodeTlv(o.tag, o.value));
  }
  return { iccData: concatAll(kept), scriptResult: objects.some((o) => o.tag === SCRIPT_RESULTS && o.value.length > 0) };
}

/**
 * The chip data for the advices from what the terminal holds after the
 * second GENERATE AC: the kernel's DE55 with the TSI (9B) and the
 * Authorisation Response Code the card was given (8A, the host's DE39 as
 * two ASCII characters) added when absent; the TC covers 8A on most
 * cards (CDOL2).
 */
export function completionChipData(de55: Uint8Array, tsi: Uint8Array, responseCode: string): Uint8Array {
  const present = new Set(parseTlv(de55).map((o) => o.tag));
  const extra: Uint8Array[] = [];
  if (!present.has("9B")) extra.push(encodeTlv("9B", tsi));
  if (!present.has("8A") && responseCode.length === 2) extra.push(encodeTlv("8A", Uint8Array.of(responseCode.charCodeAt(0) & 0x7f, responseCode.charCodeAt(1) & 0x7f)));
  return concatAll([de55, ...extra]);
}
