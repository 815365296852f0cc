import type { Crypto } from "../../crypto/port.ts";
import { compressedNumericDigits } from "../format.ts";
import type { CardSession } from "./card-session.ts";
import { getData } from "./commands.ts";
import type { TransactionContext } from "./context.ts";
import { randomlySelected, randomPercent } from "./random-selection.ts";
import { setBit, TSI, TVR } from "./status-bits.ts";

/** AIP byte 1 b4: "Terminal risk management is to be performed" (Book 3 annex C1). */
const AIP_TERMINAL_RISK_MANAGEMENT = 0x08;

/** A two-byte counter by GET DATA (ATC 9F36, Last Online ATC Register 9F13), or `undefined`. */
async function counter(session: CardSession, tag: string): Promise<number | undefined> {
  const value = await getData(session, tag, 2);
  return value === undefined ? undefined : (value[0] << 8) | value[1];
}

/**
 * Velocity Checking, Book 3 §10.6.3, when the card has both Consecutive
 * Offline Limits (9F14, 9F23): the offline transactions since the last
 * online one (ATC - Last Online ATC Register) against each limit; when
 * either counter cannot be had, or the ATC is not above the register, both
 * limits count as exceeded. A register of zero is a new card.
 */
async function velocityChecking(ctx: TransactionContext, session: CardSession): Promise<void> {
  const lower = ctx.card.get("9F14");
  const upper = ctx.card.get("9F23");
  if (lower?.length !== 1 || upper?.length !== 1) return;
  const atc = await counter(session, "9F36");
  const lastOnline = await counter(session, "9F13");
  if (atc !== undefined && lastOnline !== undefined && atc > lastOnline) {
    const offline = atc - lastOnline;
    if (offline > lower[0]) setBit(ctx.tvr, TVR.lowerOfflineLimitExceeded);
    if (offline > upper[0]) setBit(ctx.tvr, TVR.upperOfflineLimitExceeded);
  } else {
    setBit(ctx.tvr, TVR.lowerOfflineLimitExceeded);
    setBit(ctx.tvr, TVR.upperOfflineLimitExceeded);
  }
  if (lastOnline === 0) setBit(ctx.tvr, TVR.newCard);
}

/**
 * Terminal Risk Management, EMV 4.4 Book 3 §10.6, when the AIP asks for
 * it: floor limit (§10.6.1, amount at or above → TVR byte 4 b8), random
 * selection (§10.6.2, b5) and velocity checking (§10.6.3, b7, b6, byte 2
 * b4); TSI "Terminal risk management was performed". The exception file
 * (TVR byte 1 b5, Book 3 annex C5) is checked whatever the AIP says: it is
 * the terminal's own list of cards not to accept.
 */
export async function terminalRiskManagement(ctx: TransactionContext, session: CardSession, crypto: Crypto): Promise<void> {
  const pan = compressedNumericDigits(ctx.card.get("5A")!);
  if (pan !== undefined && ctx.config.exceptionFile.includes(pan)) setBit(ctx.tvr, TVR.exceptionFile);
  if (!(ctx.aip[0] & AIP_TERMINAL_RISK_MANAGEMENT)) return;
  const aid = ctx.aid;
  if (ctx.transaction.amount >= aid.floorLimit) setBit(ctx.tvr, TVR.floorLimitExceeded);
  else if (randomlySelected(ctx.transaction.amount, aid, randomPercent(crypto))) setBit(ctx.tvr, TVR.randomlySelected);
  await velocityChecking(ctx, session);
  setBit(ctx.tsi, TSI.terminalRiskManagementPerformed);
}
