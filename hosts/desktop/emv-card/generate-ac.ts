import type { CommandApdu } from "../../../modules/iso7816/apdu.ts";
import { concat, constantTimeEqual, wipe } from "../../../modules/core/bytes.ts";
import { applicationCryptogram, arpcMethod1, arpcMethod2, emvSessionKey } from "../../../modules/emv/cryptogram.ts";
import { encodeTlv, encodeTlvTree } from "../../../modules/emv/tlv.ts";
import { bcdNumber, dolLength, dolValues } from "./card-data.ts";
import { iccDynamicNumberField, signDynamicData } from "./dynamic-signature.ts";
import { issuerApplicationData } from "./issuer-application-data.ts";
import { currentTransaction } from "./processing.ts";
import { CID, type AcType, type CardResponse, type CardState, type TransactionState } from "./state.ts";
import { SW } from "./status.ts";

/*
 * GENERATE AC (EMV 4.4 Book 3 §6.5.5) and EXTERNAL AUTHENTICATE (§6.5.4).
 * The card decides as its profile's card risk management says, never
 * answering above what the terminal asked (table 12: AAC < TC < ARQC);
 * the cryptogram is Book 2 §8.1's under the common session key (A1.3.1)
 * from the ICC master key (A1.4), over the CDOL data, the AIP, the ATC and
 * the Issuer Application Data. With CDA asked for (P1 b5) and a TC or
 * ARQC to give, the cryptogram travels inside the signature (Book 2
 * §6.6.1).
 */

const P1_TYPE = 0xc0;
const P1_CDA = 0x10;
const REQUESTED: Record<number, AcType> = { 0x00: "AAC", 0x40: "TC", 0x80: "ARQC" };
const AIP_CDA = 0x01;
const AIP_ISSUER_AUTHENTICATION = 0x04;
/** Authorisation Response Codes the terminal sets when it could not go online (Book 4 annex A6). */
const UNABLE_TO_GO_ONLINE_APPROVE = "Y3";
const UNABLE_TO_GO_ONLINE_DECLINE = "Z3";

const atcBytes = (atc: number) => Uint8Array.of(atc >> 8, atc & 0xff);
const text = (bytes: Uint8Array) => String.fromCharCode(...bytes);

/** What the cryptogram covers: the CDOL data, then the card data objects the profile lists (AIP, ATC, IAD). */
function cryptogramData(tx: TransactionState, cdolData: Uint8Array, atc: Uint8Array, iad: Uint8Array): Uint8Array {
  const parts: Record<string, Uint8Array> = { "82": tx.app.profile.aip, "9F36": atc, "9F10": iad };
  return concat(cdolData, ...tx.app.profile.cryptogram.acData.map((tag) => parts[tag]));
}

/** The card's first decision (its card risk management), never above what was asked. */
function firstDecision(tx: TransactionState, requested: AcType, cdol: Map<string, Uint8Array>): AcType {
  const { app } = tx;
  if (requested === "AAC" || app.blocked) return "AAC";
  const risk = app.profile.riskManagement;
  if (risk.firstAc === "decline") return "AAC";
  if (risk.firstAc === "online") return "ARQC";
  const amount = bcdNumber(cdol.get("9F02")!);
  return requested === "TC" && amount <= risk.offlineLimit! ? "TC" : "ARQC";
}

/** The card's second decision: the Authorisation Response Code and the issuer authentication as the profile weighs them. */
function secondDecision(tx: TransactionState, requested: AcType, cdol: Map<string, Uint8Array>): AcType {
  const { app } = tx;
  const rules = app.profile.completion;
  const arcBytes = cdol.get("8A");
  const arc = arcBytes ? text(arcBytes) : undefined;
  if (arc === UNABLE_TO_GO_ONLINE_APPROVE || arc === UNABLE_TO_GO_ONLINE_DECLINE) tx.cvr.unableToGoOnline = true;
  if (requested === "AAC" || app.blocked) return "AAC";
  if (arc === UNABLE_TO_GO_ONLINE_APPROVE) return rules.unableToGoOnline === "approve" ? "TC" : "AAC";
  if (arc === UNABLE_TO_GO_ONLINE_DECLINE) return "AAC";
  if (arc !== undefined && !rules.approvalCodes.includes(arc)) return "AAC";
  if (tx.issuerAuthentication === "failed" && rules.issuerAuthenticationFailure === "decline") return "AAC";
  if (tx.issuerAuthentication === "none" && rules.issuerAuthenticationRequired) return "AAC";
  return "TC";
}

/**
 * Checks Issuer Authentication Data (91) against the ARQC: ARPC method 1
 * (ARPC 8 || ARC 2) or method 2 (ARPC 4 || CSU 4 || proprietary data),
 * both under the AC session key (Book 2 §8.2).
 */
function authenticateIssuer(card: CardState, tx: TransactionState, data: Uint8Array): boolean {
  const { arpcMethod, arpcKey } = tx.app.profile.cryptogram;
  const key = arpcKey === "master-key" ? tx.app.acMasterKey : tx.sessionKey!;
  let passed = false;
  if (arpcMethod === 1 && data.length >= 10) {
    passed = constantTimeEqual(arpcMethod1(card.crypto, key, tx.arqc!, data.subarray(8, 10)), data.subarray(0, 8));
  } else if (arpcMethod === 2 && data.length >= 8 && data.length <= 16) {
    passed = constantTimeEqual(arpcMethod2(card.crypto, key, tx.arqc!, data.subarray(4, 8), data.subarray(8)), data.subarray(0, 4));
  }
  tx.issuerAuthentication = passed ? "passed" : "failed";
  tx.cvr.issuerAuthenticationFailed = !passed;
  return passed;
}

/** The response: format 1 (80) or 2 (77), or with CDA the signature in place of the cryptogram. */
function respond(card: CardState, tx: TransactionState, type: AcType, cryptogram: Uint8Array, iad: Uint8Array, cda: boolean, cdolData: Uint8Array[], un?: Uint8Array): CardResponse {
  const profile = tx.app.profile;
  const cid = Uint8Array.of(CID[type]);
  const atc = atcBytes(tx.app.atc);
  const key = profile.iccPrivateKey;
  if (!(cda && type !== "AAC" && key && profile.aip[0] & AIP_CDA && un)) {
    if (profile.generateAcFormat === 1) return { data: encodeTlv("80", concat(cid, atc, cryptogram, iad)), sw: SW.OK };
    const objects = [
      { tag: "9F27", value: cid },
      { tag: "9F36", value: atc },
      { tag: "9F26", value: cryptogram },
      { tag: "9F10", value: iad },
    ];
    return { data: encodeTlvTree([{ tag: "77", children: objects }]), sw: SW.OK };
  }
  // Book 2 §6.6.1: the Transaction Data Hash Code covers the PDOL data, the CDOL data so far, and the response's objects but 9F4B
  const transactionDataHash = card.crypto.digest("SHA-1", concat(tx.pdolData!, ...cdolData, encodeTlv("9F27", cid), encodeTlv("9F36", atc), encodeTlv("9F10", iad)));
  const number = card.crypto.random(profile.iccDynamicNumberLength);
  const dynamicData = concat(iccDynamicNumberField(number), cid, cryptogram, transactionDataHash);
  const signature = signDynamicData(card.crypto, key, dynamicData, un);
  tx.cvr.dynamicAuthenticationPerformed = true;
  const objects = [
    { tag: "9F27", value: cid },
    { tag: "9F36", value: atc },
    { tag: "9F4B", value: signature },
    { tag: "9F10", value: iad },
  ];
  return { data: encodeTlvTree([{ tag: "77", children: objects }]), sw: SW.OK };
}

/** GENERATE AC, first or second. */
export function generateAc(card: CardState, command: CommandApdu): CardResponse {
  const requested = REQUESTED[command.p1 & P1_TYPE];
  if (requested === undefined || command.p2 !== 0) return { sw: SW.INCORRECT_P1_P2 };
  const tx = currentTransaction(card);
  if (!tx || !tx.pdolData) return { sw: SW.CONDITIONS_NOT_SATISFIED };
  const data = command.data ?? new Uint8Array(0);
  const cda = (command.p1 & P1_CDA) !== 0;
  if (tx.firstAc === undefined) return first(card, tx, requested, data, cda);
  if (tx.firstAc === "ARQC" && tx.secondAc === undefined) return second(card, tx, requested, data, cda);
  return { sw: SW.CONDITIONS_NOT_SATISFIED };
}

function first(card: CardState, tx: TransactionState, requested: AcType, data: Uint8Array, cda: boolean): CardResponse {
  const app = tx.app;
  const cdol1 = app.data.get("8C")!;
  if (data.length !== dolLength(cdol1)) return { sw: SW.WRONG_LENGTH };
  if (app.atc >= 0xffff) return { sw: SW.CONDITIONS_NOT_SATISFIED };
  const values = dolValues(cdol1, data);
  const type = firstDecision(tx, requested, values);
  app.atc++;
  tx.cdol1Data = data.slice();
  const atc = atcBytes(app.atc);
  const sessionKey = emvSessionKey(card.crypto, app.acMasterKey, atc);
  const iad = issuerApplicationData(app, tx.cvr, type);
  const cryptogram = applicationCryptogram(card.crypto, sessionKey, cryptogramData(tx, data, atc, iad));
  tx.firstAc = type;
  if (type === "ARQC") {
    tx.arqc = cryptogram;
    tx.sessionKey = sessionKey;
  } else wipe(sessionKey);
  return respond(card, tx, type, cryptogram, iad, cda, [tx.cdol1Data], values.get("9F37"));
}

function second(card: CardState, tx: TransactionState, requested: AcType, data: Uint8Array, cda: boolean): CardResponse {
  const app = tx.app;
  const cdol2 = app.data.get("8D")!;
  if (data.length !== dolLength(cdol2)) return { sw: SW.WRONG_LENGTH };
  if (requested === "ARQC") return { sw: SW.INCORRECT_P1_P2 };
  const values = dolValues(cdol2, data);
  const issuerData = values.get("91");
  if (tx.issuerAuthentication === "none" && issuerData && issuerData.some((b) => b !== 0)) authenticateIssuer(card, tx, issuerData);
  const type = secondDecision(tx, requested, values);
  const atc = atcBytes(app.atc);
  const iad = issuerApplicationData(app, tx.cvr, "ARQC", type);
  const cryptogram = applicationCryptogram(card.crypto, tx.sessionKey!, cryptogramData(tx, data, atc, iad));
  tx.secondAc = type;
  const arc = values.get("8A");
  const answeredOnline = arc !== undefined && !tx.cvr.unableToGoOnline;
  if (answeredOnline && tx.issuerAuthentication !== "failed") app.lastOnlineAtc = app.atc;
  const un = values.get("9F37") ?? dolValues(app.data.get("8C"), tx.cdol1Data!).get("9F37");
  return respond(card, tx, type, cryptogram, iad, cda, [tx.cdol1Data!, data.slice()], un);
}

/** EXTERNAL AUTHENTICATE: the issuer's ARPC, once, after an ARQC and before the second GENERATE AC. */
export function externalAuthenticate(card: CardState, command: CommandApdu): CardResponse {
  if (command.p1 !== 0 || command.p2 !== 0) return { sw: SW.INCORRECT_P1_P2 };
  const tx = currentTransaction(card);
  if (!tx || tx.firstAc !== "ARQC" || tx.secondAc !== undefined || tx.issuerAuthentication !== "none") return { sw: SW.CONDITIONS_NOT_SATISFIED };
  if (!(tx.app.profile.aip[0] & AIP_ISSUER_AUTHENTICATION)) return { sw: SW.FUNCTION_NOT_SUPPORTED };
  const data = command.data ?? new Uint8Array(0);
  if (data.length < 8 || data.length > 16) return { sw: SW.WRONG_LENGTH };
  return { sw: authenticateIssuer(card, tx, data) ? SW.OK : SW.AUTHENTICATION_FAILED };
}
