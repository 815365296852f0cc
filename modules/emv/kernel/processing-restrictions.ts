import { constantTimeEqual } from "../../core/bytes.ts";
import type { TransactionContext } from "./context.ts";
import { dateNumber } from "./dates.ts";
import { setBit, TVR } from "./status-bits.ts";
import { terminate } from "./stop.ts";

/** Application Usage Control (9F07), Book 3 annex C2 table 42. */
const AUC = {
  domesticCash: 0x80,
  internationalCash: 0x40,
  domesticGoods: 0x20,
  internationalGoods: 0x10,
  domesticServices: 0x08,
  internationalServices: 0x04,
  atm: 0x02,
  notAtm: 0x01,
  // byte 2
  domesticCashback: 0x80,
  internationalCashback: 0x40,
} as const;

/** Additional Terminal Capabilities (9F40) byte 1 b8: the terminal dispenses cash (Book 4 annex A3). */
const ADDITIONAL_CAPS_CASH = 0x80;

/** Book 4 annex A1: an ATM is an unattended financial-institution terminal (14, 15, 16) that dispenses cash. */
export function isAtm(terminalType: number, additionalCapabilities: Uint8Array): boolean {
  return terminalType >= 0x14 && terminalType <= 0x16 && (additionalCapabilities[0] & ADDITIONAL_CAPS_CASH) !== 0;
}

/** Whether the AUC allows this transaction here (Book 3 §10.4.2); only called when the AUC is present. */
function serviceAllowed(ctx: TransactionContext, auc: Uint8Array): boolean {
  const atm = isAtm(ctx.terminalType, ctx.terminal.get("9F40")!);
  if (!(auc[0] & (atm ? AUC.atm : AUC.notAtm))) return false;
  const issuerCountry = ctx.card.get("5F28");
  // the checks by transaction type need the Issuer Country Code
  if (!issuerCountry) return true;
  const domestic = constantTimeEqual(issuerCountry, ctx.terminal.get("9F1A")!);
  const tx = ctx.transaction;
  if (tx.type === "cash") return (auc[0] & (domestic ? AUC.domesticCash : AUC.internationalCash)) !== 0;
  if (tx.type === "cashback" && !(auc[1] & (domestic ? AUC.domesticCashback : AUC.internationalCashback))) return false;
  if (tx.type === "refund") return true;
  // a purchase, or the purchase a cashback goes with: goods or services
  const bit = tx.service === "services" ? (domestic ? AUC.domesticServices : AUC.internationalServices) : domestic ? AUC.domesticGoods : AUC.internationalGoods;
  return (auc[0] & bit) !== 0;
}

/**
 * Processing Restrictions, EMV 4.4 Book 3 §10.4: the Application Version
 * Number (9F08) against the versions the terminal supports for the AID
 * (TVR byte 2 b8), the Application Usage Control (9F07) against the
 * terminal and the transaction (b5), the Application Effective Date (5F25,
 * b6) and Expiration Date (5F24, b7) against the transaction date. A date
 * that is not one ends the transaction.
 */
export function processingRestrictions(ctx: TransactionContext): void {
  const version = ctx.card.get("9F08");
  if (version && !ctx.aid.applicationVersions.some((v) => constantTimeEqual(v, version))) setBit(ctx.tvr, TVR.differentVersions);

  const auc = ctx.card.get("9F07");
  if (auc) {
    if (auc.length !== 2) terminate("data-invalid", `the Application Usage Control is ${auc.length} bytes, not 2`);
    if (!serviceAllowed(ctx, auc)) setBit(ctx.tvr, TVR.serviceNotAllowed);
  }

  const today = dateNumber(ctx.terminal.get("9A")!)!;
  const effective = ctx.card.get("5F25");
  if (effective) {
    const date = dateNumber(effective);
    if (date === undefined) terminate("data-invalid", "the Application Effective Date is not a date");
    if (today < date) setBit(ctx.tvr, TVR.notYetEffective);
  }
  const expiry = dateNumber(ctx.card.get("5F24")!);
  if (expiry === undefined) terminate("data-invalid", "the Application Expiration Date is not a date");
  if (today > expiry) setBit(ctx.tvr, TVR.expired);
}
