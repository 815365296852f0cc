import { concatAll } from "../../core/bytes.ts";
import { isXsposError } from "../../core/error.ts";
import { parseTlvTree } from "../tlv.ts";
import type { OdaReason } from "./reason.ts";

/*
 * What CDA reads of a GENERATE AC response (EMV 4.4 Book 3 §6.5.5.4,
 * format 2): the template 77, its Cryptogram Information Data (9F27), its
 * Signed Dynamic Application Data (9F4B), and the other data objects as the
 * card returned them, which Book 2 §6.6.2 step 10 hashes in their order.
 */

/** A GENERATE AC response read for CDA, or why it cannot be. */
export type CdaResponse =
  | {
      ok: true;
      /** 9F27 */
      cid: number;
      /** 9F4B */
      signature: Uint8Array;
      /** every data object of the template but 9F4B, tag, length and value as received, in order */
      otherObjects: Uint8Array;
    }
  | { ok: false; reason: OdaReason; missing?: string[] };

function isPadding(b: number): boolean {
  return b === 0x00 || b === 0xff;
}

/** Reads the response data (without SW1 SW2) of a GENERATE AC answered in format 2. */
export function readCdaResponse(response: Uint8Array): CdaResponse {
  let nodes;
  try {
    nodes = parseTlvTree(response);
  } catch (e) {
    if (isXsposError(e)) return { ok: false, reason: "response-format" };
    throw e;
  }
  const template = nodes.length === 1 && nodes[0].tag === "77" ? nodes[0] : undefined;
  if (!template?.children) return { ok: false, reason: "response-format" };
  const kept: Uint8Array[] = [];
  let cid: Uint8Array | undefined;
  let signature: Uint8Array | undefined;
  // each object's bytes run from where the previous one ended, padding skipped (as the parser skips it), to its value's end
  let at = template.offset;
  for (let i = 0; i < template.children.length; i++) {
    const child = template.children[i];
    while (isPadding(response[at])) at++;
    const end = child.offset + child.value.length;
    if (child.tag === "9F4B") signature ??= child.value;
    else {
      if (child.tag === "9F27") cid ??= child.value;
      kept.push(response.subarray(at, end));
    }
    at = end;
  }
  const missing = [...(cid ? [] : ["9F27"]), ...(signature ? [] : ["9F4B"])];
  if (missing.length) return { ok: false, reason: "data-missing", missing };
  if (cid!.length !== 1) return { ok: false, reason: "response-format" };
  return { ok: true, cid: cid![0], signature: signature!, otherObjects: concatAll(kept) };
}
