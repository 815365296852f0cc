import { concat } from "../../core/bytes.ts";
import { fromHex } from "../../core/hex.ts";
import { isXsposError } from "../../core/error.ts";
import type { Crypto } from "../../crypto/port.ts";
import { buildDolData } from "../dol.ts";
import { verifyDynamicSignature } from "../oda/dynamic-signature.ts";
import { verifyStaticSignature } from "../oda/static-signature.ts";
import type { OdaReason } from "../oda/reason.ts";
import { recoverCardIssuerKey, recoverIccKeyChain, type OdaTables } from "./card-keys.ts";
import type { ResponseApdu } from "../../iso7816/apdu.ts";
import type { CardSession } from "./card-session.ts";
import { child } from "./card-tlv.ts";
import { internalAuthenticateCommand, responseTemplate } from "./commands.ts";
import type { TransactionContext } from "./context.ts";
import { setBit, TSI, TVR } from "./status-bits.ts";
import { terminate, terminateOnStatus } from "./stop.ts";

/** AIP byte 1 (Book 3 annex C1) and Terminal Capabilities byte 3 (Book 4 annex A2): the methods each side supports. */
const AIP_SDA = 0x40;
const AIP_DDA = 0x20;
const AIP_CDA = 0x01;
const CAPS_SDA = 0x80;
const CAPS_DDA = 0x40;
const CAPS_CDA = 0x08;

/** The method both sides support, CDA before DDA before SDA (Book 3 §10.3). */
export function chooseOdaMethod(aip: Uint8Array, capabilities: Uint8Array): "SDA" | "DDA" | "CDA" | "none" {
  const card = aip[0];
  const terminal = capabilities[2];
  if (card & AIP_CDA && terminal & CAPS_CDA) return "CDA";
  if (card & AIP_DDA && terminal & CAPS_DDA) return "DDA";
  if (card & AIP_SDA && terminal & CAPS_SDA) return "SDA";
  return "none";
}

/**
 * The static data to be authenticated (Book 3 §10.3): the records kept
 * for it, then the AIP when the SDA Tag List (9F4A) names it; `undefined`
 * when it cannot be built (a record that was not a template 70, a tag
 * list naming anything but the AIP), which fails the method.
 */
export function staticDataToAuthenticate(ctx: TransactionContext): Uint8Array | undefined {
  if (ctx.odaRecordsInvalid) return undefined;
  const tagList = ctx.card.get("9F4A");
  if (tagList && !(tagList.length === 1 && tagList[0] === 0x82)) return undefined;
  return concat(...ctx.odaRecords, tagList ? ctx.aip : new Uint8Array(0));
}

/**
 * Offline Data Authentication, EMV 4.4 Book 3 §10.3 over Book 2: the
 * method both support, or "ODA was not performed". SDA is verified here;
 * DDA recovers the keys, sends INTERNAL AUTHENTICATE with the DDOL's data
 * (the card's, else the terminal's default) and verifies the signature;
 * CDA recovers the keys now and verifies the signature GENERATE AC
 * returns. A failure sets "SDA/DDA/CDA failed" (and "ICC data missing"
 * when data was absent) and the transaction goes on: the action codes
 * decide. A promise only for DDA, which waits for the card; the kernel
 * awaits either.
 */
export function offlineDataAuthentication(ctx: TransactionContext, session: CardSession, crypto: Crypto, tables: OdaTables): Promise<void> | void {
  const method = chooseOdaMethod(ctx.aip, ctx.capabilities);
  ctx.odaMethod = method;
  if (method === "none") {
    setBit(ctx.tvr, TVR.odaNotPerformed);
    return;
  }
  const staticData = staticDataToAuthenticate(ctx);
  const source = { card: ctx.card, rid: ctx.candidate.adfName.subarray(0, 5), transactionDate: ctx.terminal.get("9A")! };
  const bit = method === "SDA" ? TVR.sdaFailed : method === "DDA" ? TVR.ddaFailed : TVR.cdaFailed;
  if (method === "SDA") setBit(ctx.tvr, TVR.sdaSelected);
  // CDA's TSI bit waits for the signature on GENERATE AC, unless it fails here
  if (method !== "CDA") setBit(ctx.tsi, TSI.odaPerformed);
  const fail = (reason: OdaReason | undefined) => {
    setBit(ctx.tsi, TSI.odaPerformed);
    setBit(ctx.tvr, bit);
    if (reason === "data-missing") setBit(ctx.tvr, TVR.iccDataMissing);
  };
  if (!staticData) return fail(undefined);
  if (method === "SDA") {
    // §10.3: data missing is the CA Public Key Index, the issuer certificate or exponent, the PAN or the signature
    if (ctx.card.get("8F")?.length !== 1 || !ctx.card.get("93")?.length) return fail("data-missing");
    const issuer = recoverCardIssuerKey(crypto, tables, source);
    if (!issuer.ok) return fail(issuer.reason);
    const result = verifyStaticSignature(crypto, { issuerKey: issuer.issuerKey, signedStaticData: ctx.card.get("93")!, staticData });
    if (result.verdict !== "valid") return fail(result.reason);
    ctx.card.set("9F45", fromHex(result.dataAuthenticationCode!));
    return;
  }
  const keys = recoverIccKeyChain(crypto, tables, source, staticData);
  if (!keys.ok) return fail(keys.reason);
  ctx.issuerKey = keys.issuerKey;
  ctx.iccKey = keys.iccKey;
  // not awaited here: while the card signs, DDA's wait holds one handler, not this function's saved frame and DDA's
  if (method === "DDA") return dynamicDataAuthentication(ctx, session, crypto, fail);
}

/** DDA's second half (Book 2 §6.5): INTERNAL AUTHENTICATE and its signature; nothing to wait for when it failed before the command. */
function dynamicDataAuthentication(ctx: TransactionContext, session: CardSession, crypto: Crypto, fail: (reason?: OdaReason) => void): Promise<void> | void {
  const ddol = ctx.card.get("9F49") ?? ctx.aid.defaultDdol;
  if (!ddol.length) return fail("data-missing");
  let ddolData: Uint8Array;
  try {
    const built = buildDolData(ddol, ctx);
    // §6.5.1: a DDOL without the Unpredictable Number would let the card replay a signature
    if (!built.parts.some((p) => p.tag === "9F37")) return fail(undefined);
    ddolData = built.data;
  } catch (e) {
    if (isXsposError(e)) return fail(undefined);
    throw e;
  }
  return session.transmit(internalAuthenticateCommand(ddolData)).then((response) => signedDynamicData(ctx, crypto, fail, ddolData, response));
}

/** The INTERNAL AUTHENTICATE response: its Signed Dynamic Application Data verified with the card's key. */
function signedDynamicData(ctx: TransactionContext, crypto: Crypto, fail: (reason?: OdaReason) => void, ddolData: Uint8Array, response: ResponseApdu): void {
  // Book 3 §6.5.9.4: an INTERNAL AUTHENTICATE that fails ends the transaction
  if (response.sw !== 0x9000) terminateOnStatus("INTERNAL AUTHENTICATE", response.sw);
  const what = "the INTERNAL AUTHENTICATE response";
  const template = responseTemplate(response.data, what);
  const signature = template.tag === "80" ? template.value : child(template, "9F4B")?.value;
  if (!signature) terminate("data-missing", `${what} holds no Signed Dynamic Application Data`);
  const result = verifyDynamicSignature(crypto, { iccKey: ctx.iccKey!, signedDynamicData: signature, ddolData });
  if (result.verdict !== "valid") return fail(result.reason);
  ctx.card.set("9F4C", fromHex(result.iccDynamicNumber!));
}
