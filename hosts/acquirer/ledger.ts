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
  kind: "sale" | "refund" | "void";
  pan: string;
  amountMinor: number;
  responseCode: string;
  rrn: string;
  authCode: string;
  /** for a void: the sale it undid */
  of?: string;
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

  static key(terminalId: string, stan: string, transmitted: string): string {
    return `${terminalId}:${stan}:${transmitted}`;
  }

  /** Net money moved from the account, with reversals and voids applied. */
  net(pan: string): number {
    let total = 0;
    for (const e of this.entries.values()) {
      if (e.pan !== pan || e.responseCode !== "00" || e.reversed) continue;
      if (e.kind === "sale" && !e.voided) total += e.amountMinor;
      if (e.kind === "refund") total -= e.amountMinor;
    }
    return total;
  }
}
