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
  /**
   * a pre-authorization holds money; its completion takes it, its
   * cancellation releases it; a balance inquiry (processing code 31)
   * moves none and is in no total: only its decline is booked
   */
  kind: "sale" | "refund" | "void" | "preauth" | "preauthCompletion" | "preauthCancel" | "balance";
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

/**
 * A chip sale's TC upload (0320) or issuer script results (0620), as
 * the emulator recorded them: no money moves with either.
 */
export interface ChipAdviceEntry {
  key: string;
  terminalId: string;
  /** the sale's STAN (the advice's DE11) */
  stan: string;
  advice: "tcUpload" | "scriptResult";
  /** the ledger key of the sale DE90 names, when the emulator holds it */
  of?: string;
  /** the cryptogram (9F26) and its type (9F27), hex */
  cryptogram?: string;
  cid?: string;
  /** the TC checked with the card's issuer keys: undefined when the emulator has no keys for the card */
  tcValid?: boolean;
  /** Issuer Script Results (9F5B), hex, when the advice carries them */
  scriptResults?: string;
  /** how many times the advice arrived (a repeat after a lost answer is recorded once) */
  received: number;
  /** how many of those were sent as repeats (0321, 0621): the terminal lost its record of an answer, or never had one */
  repeats: number;
}

export class Ledger {
  readonly entries = new Map<string, LedgerEntry>();
  /** TC uploads and script results, keyed by terminal, STAN and advice */
  readonly chipAdvices = new Map<string, ChipAdviceEntry>();
  /** reversals received, including those for transactions never seen */
  reversals = 0;
  /**
   * Reversals received whose MAC verified, per original transaction (its
   * {@link Ledger.key}, from DE90), repeats included, the original seen or
   * not: the emulator applies one at most once, so only this count shows
   * a terminal that sent one twice.
   */
  readonly reversalsReceived = new Map<string, number>();
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
      if (e.kind === "preauthCompletion" && !e.voided) total += e.amountMinor;
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
