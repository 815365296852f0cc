/*
 * What the terminal takes from the chip's data for the acquirer and the
 * receipt, and gives back to the kernel from the host's answer.
 */
import { toHex } from "../core/hex.ts";
import type { TransactionResult } from "../emv/kernel/outcome.ts";
import type { AuthorizationRequest } from "../uplink/acquirer-client.ts";
import type { ApduExchange } from "../emv/kernel/ports.ts";
import { findTlv, parseTlv, parseTlvTree } from "../emv/tlv.ts";
import { DE55_TAGS } from "../emv/kernel/de55.ts";
import { tagFormat } from "../emv/tag-formats.ts";

/** DE35 holds at most 37 characters (ISO/IEC 7813 track 2); a longer Track 2 Equivalent Data goes only in DE55 with DE2 and DE14. */
export const TRACK2_MAX = 37;

/**
 * The longest DE55 of a first GENERATE AC: every tag the kernel sends
 * (DE55_TAGS) at the largest length of the EMV 4.4 Book 3 Annex A
 * dictionary, with its tag and length bytes (BER-TLV: one length byte up
 * to 127). An offline approval seals this much chip data in its advice.
 */
export const DE55_MAX = DE55_TAGS.reduce((n, tag) => {
  const max = tagFormat(tag)?.length.max ?? 0;
  return n + tag.length / 2 + (max > 127 ? 2 : 1) + max;
}, 0);

/** READ RECORD (ISO/IEC 7816-4, EMV 4.4 Book 3 §6.5.11). */
const READ_RECORD = 0xb2;

/** CVM Results (9F34) byte 1 code 01, 03, 04 or 05 and byte 3 "successful": an offline PIN was verified (EMV 4.4 Book 3 annex C3). */
export function offlinePinVerified(r: TransactionResult): boolean {
  const code = r.cvmResults[0] & 0x3f;
  return (code === 0x01 || code === 0x03 || code === 0x04 || code === 0x05) && r.cvmResults[2] === 0x02;
}

/** Track 2 Equivalent Data (57) as DE35 text: the separator D as `=`, the F pad dropped; undefined when DE35 cannot hold it. */
export function track2Text(bytes: Uint8Array): string | undefined {
  const text = toHex(bytes).replace("D", "=").replace("F", "");
  return text.length <= TRACK2_MAX ? text : undefined;
}

/** Issuer Authentication Data (91) and the scripts (71, 72) for the kernel's completion, from the response's DE55. */
export function issuerAnswer(data: Uint8Array | undefined): { issuerAuthenticationData?: Uint8Array; issuerScripts?: Uint8Array } {
  if (!data?.length) return {};
  let iad: Uint8Array | undefined;
  try {
    iad = parseTlv(data).find((t) => t.tag === "91")?.value;
  } catch {
    return {};
  }
  return { ...(iad ? { issuerAuthenticationData: iad } : {}), issuerScripts: data };
}

/**
 * The Application PAN (5A) when the exchange is a READ RECORD answer that
 * holds one. The kernel's online PIN request carries no PAN, and an ISO
 * 9564-1 format 0 block needs it: the terminal takes it as the records
 * pass through the kernel's trace.
 */
export function panInRecord(x: ApduExchange): string | undefined {
  if (x.command[1] !== READ_RECORD || !x.response || x.response.length < 3) return undefined;
  try {
    const pan = findTlv(parseTlvTree(x.response.subarray(0, x.response.length - 2)), "5A");
    return pan ? toHex(pan.value).replace("F", "") : undefined;
  } catch {
    // a malformed record is the kernel's to judge
    return undefined;
  }
}

/**
 * The authorization request for a chip transaction: the card's data from
 * the kernel's result (PAN, expiry, track 2 equivalent when DE35 holds
 * it, PAN sequence number), DE55, and the online PIN block when one was
 * entered.
 */
export function chipRequest(
  kind: AuthorizationRequest["kind"],
  amountMinor: number,
  currency: string,
  result: TransactionResult,
  pin: { block: Uint8Array; ksn?: Uint8Array } | undefined,
): AuthorizationRequest {
  const card = result.card;
  const track2 = card.track2 ? track2Text(card.track2) : undefined;
  return {
    kind,
    amountMinor,
    currency,
    pan: card.pan,
    expiry: card.expiry.slice(0, 4),
    ...(track2 ? { track2 } : {}),
    entry: "chip",
    iccData: result.de55,
    ...(card.panSequenceNumber ? { panSequence: card.panSequenceNumber } : {}),
    ...(pin ? { pinBlock: pin.block, ...(pin.ksn ? { ksn: pin.ksn } : {}) } : {}),
  };
}
