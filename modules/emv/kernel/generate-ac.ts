import { fromHex } from "../../core/hex.ts";
import type { Crypto } from "../../crypto/port.ts";
import type { ResponseApdu } from "../../iso7816/apdu.ts";
import { verifyCdaSignature } from "../oda/cda-signature.ts";
import type { CardSession } from "./card-session.ts";
import { GENERATE_AC_P1, generateAcCommand, responseTemplate } from "./commands.ts";
import type { TransactionContext } from "./context.ts";
import { cdolData } from "./dol-data.ts";
import type { CryptogramType } from "./outcome.ts";
import { hasBit, setBit, TSI, TVR } from "./status-bits.ts";
import { terminate, terminateOnStatus } from "./stop.ts";

/** What the card answered to GENERATE AC. */
export interface CardCryptogram {
  type: CryptogramType;
  /** Cryptogram Information Data (9F27) */
  cid: number;
  /** CDA was asked for and its signature did not verify (TVR "CDA failed" is set) */
  cdaFailed: boolean;
}

/** Format 1 (80): CID, ATC, Application Cryptogram, then up to 32 bytes of Issuer Application Data (Book 3 §6.5.5.4). */
const FORMAT1_MIN = 11;
const FORMAT1_MAX = 43;
const TYPES: readonly (CryptogramType | undefined)[] = ["AAC", "TC", "ARQC", undefined];

/**
 * Whether the card may answer `given` to a request for `requested` (Book
 * 3 §9.3): an AAC always; otherwise what was asked, or an ARQC instead of
 * a TC on the first GENERATE AC (the card wants the issuer). A TC to an
 * ARQC request, or anything but a TC or AAC on the second, is a card
 * error.
 */
function allowed(requested: CryptogramType, given: CryptogramType, second: boolean): boolean {
  if (given === "AAC" || given === requested) return true;
  return !second && requested === "TC" && given === "ARQC";
}

/** The response's data objects, kept as the card's (format 1 spread into its tags). */
function keepResponse(ctx: TransactionContext, data: Uint8Array): void {
  const what = "the GENERATE AC response";
  const template = responseTemplate(data, what);
  const acTags = ["9F27", "9F36", "9F26", "9F10", "9F4B"];
  for (let i = 0; i < acTags.length; i++) ctx.card.delete(acTags[i]);
  if (template.tag === "80") {
    const v = template.value;
    if (v.length < FORMAT1_MIN || v.length > FORMAT1_MAX) terminate("format", `${what} (format 1) is ${v.length} bytes, not 11 to 43`);
    ctx.card.set("9F27", v.slice(0, 1));
    ctx.card.set("9F36", v.slice(1, 3));
    ctx.card.set("9F26", v.slice(3, 11));
    if (v.length > FORMAT1_MIN) ctx.card.set("9F10", v.slice(11));
  } else {
    // format 2: a template 77
    const nodes = template.children!;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      if (!node.children) ctx.card.set(node.tag, node.value);
    }
  }
  const cid = ctx.card.get("9F27");
  const atc = ctx.card.get("9F36");
  if (!cid || !atc || (!ctx.card.has("9F26") && !ctx.card.has("9F4B"))) terminate("data-missing", `${what} lacks the CID, the ATC or the cryptogram`);
  if (cid.length !== 1 || atc.length !== 2) terminate("data-invalid", `${what} has a CID or an ATC of the wrong length`);
}

/**
 * GENERATE AC, EMV 4.4 Book 3 §6.5.5 and §10.8 (first) or §10.9 (second):
 * the CDOL's data, the cryptogram asked for, and CDA's signature asked
 * for when CDA was chosen and has not failed and the request is not an
 * AAC (Book 2 §6.6). The answer is refused when it is more than asked;
 * with CDA, a TC or ARQC's signature is verified (Book 2 §6.6.2) and gives
 * the Application Cryptogram. A CDOL that cannot be filled stops the
 * transaction before the command goes (thrown, as the kernel's steps
 * that await it take it).
 */
export function generateAc(ctx: TransactionContext, session: CardSession, crypto: Crypto, requested: CryptogramType, second: boolean): Promise<CardCryptogram> {
  const cdol = ctx.card.get(second ? "8D" : "8C")!;
  const data = cdolData(ctx, crypto, cdol, second ? "CDOL2" : "CDOL1");
  if (!second) ctx.cdol1Data = data;
  const cda = ctx.odaMethod === "CDA" && ctx.iccKey !== undefined && !hasBit(ctx.tvr, TVR.cdaFailed) && requested !== "AAC";
  // a handler, not an async function awaiting the card: that would hold its saved frame while the card computes
  return session.transmit(generateAcCommand(GENERATE_AC_P1[requested] | (cda ? GENERATE_AC_P1.cda : 0), data)).then((response) => cryptogramOf(ctx, crypto, requested, second, cda, data, response));
}

/** The card's answer to GENERATE AC: kept, checked against what was asked, and with CDA its signature verified. */
function cryptogramOf(ctx: TransactionContext, crypto: Crypto, requested: CryptogramType, second: boolean, cda: boolean, data: Uint8Array, response: ResponseApdu): CardCryptogram {
  if (!second) setBit(ctx.tsi, TSI.cardRiskManagementPerformed);
  if (response.sw !== 0x9000) terminateOnStatus("GENERATE AC", response.sw);
  keepResponse(ctx, response.data);
  const cid = ctx.card.get("9F27")![0];
  const type = TYPES[cid >> 6];
  if (!type) terminate("cryptogram", "the CID names no cryptogram type (11)");
  if (!allowed(requested, type, second)) terminate("cryptogram", `the card answered ${type} to a request for ${requested}`);
  let cdaFailed = false;
  if (cda && type !== "AAC") {
    setBit(ctx.tsi, TSI.odaPerformed);
    const result = verifyCdaSignature(crypto, {
      iccKey: ctx.iccKey!,
      response: response.data,
      unpredictableNumber: ctx.terminal.get("9F37")!,
      pdolData: ctx.pdolData,
      cdol1Data: ctx.cdol1Data,
      ...(second ? { cdol2Data: data } : {}),
    });
    if (result.verdict === "valid") {
      ctx.card.set("9F26", fromHex(result.cryptogram!));
      ctx.card.set("9F4C", fromHex(result.iccDynamicNumber!));
    } else {
      setBit(ctx.tvr, TVR.cdaFailed);
      cdaFailed = true;
    }
  } else if (!ctx.card.has("9F26")) {
    terminate("data-missing", "the GENERATE AC response holds no Application Cryptogram");
  }
  return { type, cid, cdaFailed };
}
