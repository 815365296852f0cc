/**
 * Every money movement the emulator made, keyed by the transaction the
 * terminal sent (terminal, STAN, transmission time): what tests read to
 * show that money never moves twice and every unconfirmed approval is
 * reversed exactly once.
 */
export interface LedgerEntry {
  key: string;
  terminalId: string;
  stan: string;
  /** a pre-authorization holds money; its completion takes it, its cancellation releases it */
  kind: "sale" | "refund" | "void" | "preauth" | "preauthCompletion" | "preauthCancel";
  /** a sale the card approved offline, booked from its advice (0220) */
  offline?: boolean;
  pan: string;
  amountMinor: number;
  responseCode: string;
  rrn: string;
  authCode: string;
  /** for a void: the sale it undid; for a pre-authorization's completion or cancellation: the hold */
  of?: string;
  /** a pre-authorization's hold closed by its completion (captured) or cancellation (released) */
  closed?: "captured" | "released";
  /** the reversal that undid it, if any (at most one) */
  reversed: boolean;
  /** undone by a void */
  voided: boolean;
  /** settled in a closed batch */
  settled: boolean;
  /** the packed response, answered again to a retransmission */
  response: Uint8Array;
}

export class Ledger {
  readonly entries = new Map<string, LedgerEntry>();
  /** reversals received, including those for transactions never seen */
  reversals = 0;
  /**
   * Transactions reversed before they arrived (a reversal can overtake
   * its request on another connection): when the request comes, it is
   * refused and moves no money.
   */
  readonly reversedUnseen = new Set<string>();

  static key(terminalId: string, stan: string, transmitted: string): string {
    return `${terminalId}:${stan}:${transmitted}`;
  }

  /** An advice is booked once per terminal and STAN, however often it is sent (each sending has its own DE7). */
  static adviceKey(terminalId: string, stan: string): string {
    return `${terminalId}:${stan}:advice`;
  }

  /** Net money moved from the account, with reversals and voids applied (completed pre-authorizations count, holds do not). */
  net(pan: string): number {
    let total = 0;
    for (const e of this.entries.values()) {
      if (e.pan !== pan || e.responseCode !== "00" || e.reversed) continue;
      if (e.kind === "sale" && !e.voided) total += e.amountMinor;
      if (e.kind === "preauthCompletion") total += e.amountMinor;
      if (e.kind === "refund") total -= e.amountMinor;
    }
    return total;
  }

  /** Money held on the account by pre-authorizations not yet completed, cancelled or reversed. */
  held(pan: string): number {
    let total = 0;
    for (const e of this.entries.values()) {
      if (e.pan === pan && e.kind === "preauth" && e.responseCode === "00" && !e.reversed && !e.closed) total += e.amountMinor;
    }
    return total;
  }
}
