import { constantTimeEqual } from "../../core/bytes.ts";
import type { Crypto } from "../../crypto/port.ts";
import type { OdaTables } from "./card-keys.ts";
import type { CardSession } from "./card-session.ts";
import type { TransactionContext } from "./context.ts";
import { conditionHolds, CVM, isPinCvm, recognisedCvm, terminalSupportsCvm, type CvmSituation } from "./cvm-rules.ts";
import { enterOnlinePin, verifyOfflinePin } from "./pin-verification.ts";
import type { CardholderPort } from "./ports.ts";
import { setBit, TSI, TVR } from "./status-bits.ts";
import { TRANSACTION_TYPE_CODES } from "./transaction.ts";

/** AIP byte 1 b5: the card supports cardholder verification (Book 3 annex C1). */
const AIP_CARDHOLDER_VERIFICATION = 0x10;
/** CV Rule byte 1 b7: apply the next rule if this CVM fails. */
const APPLY_NEXT = 0x40;
/** CVM Results byte 3 (Book 4 annex A4): unknown (a signature to come, an online PIN), failed, successful. */
const RESULT = { unknown: 0x00, failed: 0x01, successful: 0x02 } as const;

function amount32(bytes: Uint8Array, at: number): number {
  return bytes[at] * 0x1000000 + ((bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]);
}

/** Performs a supported CVM; the CVM Results byte 3 when it succeeded, `undefined` when it failed. */
async function perform(
  code: number,
  ctx: TransactionContext,
  session: CardSession,
  crypto: Crypto,
  cardholder: CardholderPort,
  tables: OdaTables,
): Promise<number | undefined> {
  // §10.5: once the cardholder bypassed a PIN entry, every later PIN CVM counts as bypassed
  if (isPinCvm(code) && ctx.pinBypassed) {
    setBit(ctx.tvr, TVR.pinNotEntered);
    return undefined;
  }
  switch (code) {
    case CVM.plaintextPin:
    case CVM.encipheredPin:
      return (await verifyOfflinePin(ctx, session, crypto, cardholder, tables, code === CVM.encipheredPin)) ? RESULT.successful : undefined;
    case CVM.plaintextPinAndSignature:
    case CVM.encipheredPinAndSignature:
      if (!(await verifyOfflinePin(ctx, session, crypto, cardholder, tables, code === CVM.encipheredPinAndSignature))) return undefined;
      ctx.signatureRequired = true;
      return RESULT.unknown;
    case CVM.onlinePin:
      return (await enterOnlinePin(ctx, session, cardholder)) ? RESULT.unknown : undefined;
    case CVM.signature:
      ctx.signatureRequired = true;
      return RESULT.unknown;
    case CVM.noCvm:
      return RESULT.successful;
    default:
      // "Fail CVM processing"
      return undefined;
  }
}

/**
 * Cardholder Verification, EMV 4.4 Book 3 §10.5 and annex C3: the CV
 * Rules of the CVM List (8E) in order; a rule whose condition holds has
 * its CVM performed (an unrecognised one sets "Unrecognised CVM", a PIN
 * CVM the terminal cannot do "PIN entry required and PIN pad not present
 * or not working"); the first success ends the list, a failure moves on
 * only if the rule says so (b7). CVM Results (9F34) name the last rule
 * applied, "3F 00 01" when none applied; TSI "Cardholder verification was
 * performed". Without a CVM List: "ICC data missing" and no CVM.
 */
export async function cardholderVerification(
  ctx: TransactionContext,
  session: CardSession,
  crypto: Crypto,
  cardholder: CardholderPort,
  tables: OdaTables,
): Promise<void> {
  if (!(ctx.aip[0] & AIP_CARDHOLDER_VERIFICATION)) return;
  const list = ctx.card.get("8E");
  if (!list || list.length < 10 || list.length % 2 !== 0) {
    setBit(ctx.tvr, TVR.iccDataMissing);
    return;
  }
  const applicationCurrency = ctx.card.get("9F42");
  const terminalType = ctx.terminalType & 0x0f;
  const situation: CvmSituation = {
    type: TRANSACTION_TYPE_CODES[ctx.transaction.type],
    unattended: terminalType >= 4,
    amount: ctx.transaction.amount,
    inApplicationCurrency: applicationCurrency !== undefined && constantTimeEqual(applicationCurrency, ctx.terminal.get("5F2A")!),
    x: amount32(list, 0),
    y: amount32(list, 4),
    supported: false,
  };
  let applied = false;
  for (let i = 8; i < list.length; i += 2) {
    const rule = list[i];
    const condition = list[i + 1];
    const code = rule & 0x3f;
    situation.supported = recognisedCvm(code) && terminalSupportsCvm(code, ctx.capabilities, ctx.aid.onlinePin);
    if (!conditionHolds(condition, situation)) continue;
    applied = true;
    let result: number | undefined;
    if (!recognisedCvm(code)) setBit(ctx.tvr, TVR.unrecognisedCvm);
    else if (!situation.supported) {
      if (isPinCvm(code)) setBit(ctx.tvr, TVR.pinPadNotWorking);
    } else result = await perform(code, ctx, session, crypto, cardholder, tables);
    ctx.cvmResults.set([rule, condition, result ?? RESULT.failed]);
    if (result !== undefined) {
      setBit(ctx.tsi, TSI.cardholderVerificationPerformed);
      return;
    }
    if (!(rule & APPLY_NEXT)) break;
  }
  if (!applied) ctx.cvmResults.set([0x3f, 0x00, RESULT.failed]);
  setBit(ctx.tvr, TVR.cvmNotSuccessful);
  setBit(ctx.tsi, TSI.cardholderVerificationPerformed);
}
