/**
 * Pre-authorization holds at the emulator, China UnionPay-style: a
 * pre-authorization (0100, processing code 03, DE25 06) holds the amount
 * on the account (the available balance falls); its completion (0200,
 * processing code 00, DE25 06) takes the completed amount and releases
 * the rest; its cancellation (0100, processing code 20, DE25 06)
 * releases the whole hold. Completion and cancellation name the hold by
 * DE90 (STAN and transmission time of the pre-authorization) and must
 * carry its authorization code in DE38.
 */
import type { Account } from "./accounts.ts";
import type { LedgerEntry } from "./ledger.ts";

/** What a request is, from its MTI, processing code (first two digits) and DE25. */
export function requestKind(mti: string, processing: string, condition: string | undefined): LedgerEntry["kind"] {
  if (condition === "06") {
    if (mti === "0100") return processing === "20" ? "preauthCancel" : "preauth";
    if (processing === "00") return "preauthCompletion";
  }
  if (processing === "31") return "balance";
  return processing === "20" ? "refund" : processing === "02" ? "void" : "sale";
}

/**
 * Closes the hold `original` by a completion of `amountMinor` or by a
 * cancellation: 25 when there is no open hold with that authorization
 * code, 13 when a completion asks for more than the hold (or nothing).
 * On 00 the account has the released part back and the hold is marked.
 */
export function closeHold(
  accounts: Map<string, Account>,
  original: LedgerEntry | undefined,
  kind: "preauthCompletion" | "preauthCancel",
  amountMinor: number,
  authCode: string,
): { code: string; account?: Account } {
  if (!original || original.kind !== "preauth" || original.responseCode !== "00" || original.reversed || original.closed || original.authCode !== authCode.trim()) return { code: "25" };
  const account = accounts.get(original.pan);
  if (kind === "preauthCompletion" && (amountMinor < 1 || amountMinor > original.amountMinor)) return { code: "13", ...(account ? { account } : {}) };
  const released = kind === "preauthCancel" ? original.amountMinor : original.amountMinor - amountMinor;
  if (account) account.balanceMinor += released;
  original.closed = kind === "preauthCancel" ? "released" : "captured";
  return { code: "00", ...(account ? { account } : {}) };
}

/** Undoes an approved pre-authorization, completion or cancellation that a reversal names. */
export function reverseHoldStep(accounts: Map<string, Account>, entries: Map<string, LedgerEntry>, e: LedgerEntry): void {
  const account = accounts.get(e.pan);
  if (e.kind === "preauth") {
    // a hold no completion or cancellation closed goes back to the account
    if (account && !e.closed) account.balanceMinor += e.amountMinor;
    return;
  }
  const hold = e.of ? entries.get(e.of) : undefined;
  if (!hold || !hold.closed) return;
  // the hold is open again: what the completion or cancellation released is held once more
  const released = e.kind === "preauthCancel" ? hold.amountMinor : hold.amountMinor - e.amountMinor;
  if (account) account.balanceMinor -= released;
  hold.closed = undefined;
}
