/*
 * What the kernel asks of the terminal besides the card: the cardholder's
 * choices and PIN, and a place to write the APDU trace. The terminal wires
 * these to its keypad, display and log.
 */

/** An application the card and the terminal both support (EMV 4.4 Book 1 §12.3), as the cardholder sees it. */
export interface ApplicationCandidate {
  /** ADF name (4F or 84), hex */
  aid: string;
  /** Application Label (50) */
  label?: string;
  /** Application Preferred Name (9F12), to show when the terminal has its code table (9F11) */
  preferredName?: string;
  /** Issuer Code Table Index (9F11): the ISO/IEC 8859 part of the preferred name */
  issuerCodeTableIndex?: number;
  /** Language Preference (5F2D): two-letter ISO 639-1 codes, most preferred first */
  languages?: string[];
  /** the Application Priority Indicator's rank (87 b4-b1), 1 the highest; absent for none */
  priority?: number;
  /** 87 b8: the cardholder must confirm this application before it is used */
  confirmationRequired: boolean;
}

/** The list shown to the cardholder. */
export interface ApplicationChoice {
  /** in priority order (Book 1 §12.4) */
  candidates: readonly ApplicationCandidate[];
  /**
   * The application chosen before could not be used (its SELECT failed, or
   * it refused GET PROCESSING OPTIONS with 6985): show "TRY AGAIN"
   * (Book 4 §11.3) over the remaining ones.
   */
  retry: boolean;
  /** one candidate that needs confirming rather than a list to choose from */
  confirm: boolean;
}

/** What the kernel asks a PIN for. */
export type PinRequest =
  /**
   * Offline PIN, for the card (Book 3 §10.5.1): answer with the ISO 9564-1
   * format 2 PIN block, which the kernel sends in VERIFY as it is
   * (plaintext) or enciphered under the card's key, then wipes.
   */
  | {
      kind: "offline";
      /** enciphered for the card rather than sent as is */
      enciphered: boolean;
      /** PIN Try Counter (9F17) when the card gave it */
      triesLeft?: number;
      /** the previous PIN was wrong: show "INCORRECT PIN" */
      retry: boolean;
    }
  /**
   * Online PIN (enciphered for the issuer): the terminal's PIN session
   * keeps the block for the authorization request; the kernel only learns
   * that it was entered.
   */
  | {
      kind: "online";
      /** the card's PAN (5A) as digits, which the issuer's PIN block (ISO 9564-1 format 0) is built with; never shown or logged */
      pan: string;
    };

/** How a PIN entry ended. */
export type PinEntry =
  /** an offline PIN: the format 2 PIN block (8 bytes, `2L PPPP…F`); the kernel wipes it after use */
  | { kind: "offline-pin"; block: Uint8Array }
  /** an online PIN was entered; its enciphered block stays with the terminal */
  | { kind: "online-pin" }
  /** the cardholder or the attendant bypassed PIN entry */
  | { kind: "bypassed" }
  /** the PIN pad is not present or not working */
  | { kind: "unavailable" }
  /** PIN entry was cancelled (the CANCEL key, the card taken out): the transaction ends */
  | { kind: "cancelled" }
  /**
   * nobody answered within the PIN pad's time-out (the cardholder walked
   * away): the transaction ends, and the terminal can say it timed out
   * rather than that someone cancelled
   */
  | { kind: "timed-out" };

/** The cardholder's side of the kernel. */
export interface CardholderPort {
  /**
   * Shows the candidates and resolves with the index chosen, `cancel`
   * (the cardholder or the merchant gave up) or `timeout` (nobody chose in
   * time); either ends the transaction. Leave it out on a terminal that
   * cannot offer a choice: the kernel then takes the highest-priority
   * application that needs no confirmation (Book 1 §12.4).
   */
  chooseApplication?(choice: ApplicationChoice): Promise<number | "cancel" | "timeout">;
  /** Runs one PIN entry. */
  enterPin(request: PinRequest): Promise<PinEntry>;
}

/**
 * One command and its answer, as the kernel hands them to the trace. The
 * kernel masks nothing but the data field of VERIFY (the PIN block,
 * plaintext or enciphered), which it replaces with zeros: the trace's
 * consumer masks the PAN and the track data it shows.
 */
export interface ApduExchange {
  /** the command's bytes */
  command: Uint8Array;
  /** the response's bytes, data then SW1 SW2; absent when nothing came back */
  response?: Uint8Array;
  /** the command's data field was replaced */
  redacted: boolean;
  /** the reader's error code when nothing came back (`CARD_REMOVED`, `CARD_MUTE`, ...) */
  error?: string;
}

/** Receives every exchange with the card, in order. */
export type ApduTrace = (exchange: ApduExchange) => void;
