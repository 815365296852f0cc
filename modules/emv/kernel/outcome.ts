/*
 * What the kernel returns: every way a contact transaction can end, as a
 * value. The kernel throws only when it is misused (a bad transaction, a
 * call out of order); whatever the card, the cardholder or the host do
 * ends in one of these.
 */

/** The step of the transaction flow (EMV 4.4 Book 3 §10, Book 1 §12) the kernel was in. */
export type KernelStep =
  | "selection"
  | "initiation"
  | "read-records"
  | "oda"
  | "restrictions"
  | "cvm"
  | "risk-management"
  | "action-analysis"
  | "online"
  | "completion";

/** Why the kernel ended the application ("terminate the transaction" in the books). */
export type TerminateReason =
  /** SELECT answered 6A81: the card is blocked or does not support SELECT (Book 1 §12.3.2 step 1, §12.3.3 step 2) */
  | "card-blocked"
  /** no application both the card and the terminal support, or none left to try (Book 1 §12.4) */
  | "no-application"
  /** the reader could not exchange a command with the card (mute card, protocol error) */
  | "card-io"
  /** a status word the step does not allow (e.g. READ RECORD other than 9000, Book 3 §10.2) */
  | "status"
  /** a response that is not the BER-TLV template the step expects (Book 3 §6.5, §10.2) */
  | "format"
  /** a data object the step must have is absent: AIP, AFL (§6.5.8.4), 5F24, 5A, 8C, 8D (§10.2), CID, ATC, AC (§6.5.5.4) */
  | "data-missing"
  /** a primitive data object the card returned twice (§10.2) */
  | "data-duplicated"
  /** a data object with a value it cannot have: an AFL entry out of range, a date that is not one (§10.2) */
  | "data-invalid"
  /** GENERATE AC answered with a cryptogram the terminal did not allow (§9.3: never above the one requested) */
  | "cryptogram";

/** The ODA method chosen (Book 3 §10.3), or `none`. */
export type OdaMethodUsed = "SDA" | "DDA" | "CDA" | "none";

/** The cryptogram types of the CID (Book 3 §6.5.5.4 table 15). */
export type CryptogramType = "AAC" | "TC" | "ARQC";

/** Card data the authorization message needs: sensitive, for the acquirer only (mask it anywhere else). */
export interface CardData {
  /** Application PAN (5A), digits */
  pan: string;
  /** PAN Sequence Number (5F34), two digits */
  panSequenceNumber?: string;
  /** Application Expiration Date (5F24), YYMMDD */
  expiry: string;
  /** Track 2 Equivalent Data (57) */
  track2?: Uint8Array;
  /** Cardholder Name (5F20) */
  cardholderName?: string;
}

/** What the terminal records and sends once the card produced a cryptogram. */
export interface TransactionResult {
  /** the selected application's DF name (84), hex */
  aid: string;
  /** Application Label (50) or Preferred Name (9F12), for the receipt */
  label?: string;
  /** TVR (95), 5 bytes */
  tvr: Uint8Array;
  /** TSI (9B), 2 bytes */
  tsi: Uint8Array;
  /** CVM Results (9F34), 3 bytes */
  cvmResults: Uint8Array;
  /** the cryptogram the terminal asked for */
  requested: CryptogramType;
  /** Cryptogram Information Data (9F27) of the card's last answer */
  cid: number;
  /** Application Cryptogram (9F26) */
  cryptogram: Uint8Array;
  /** Application Transaction Counter (9F36) */
  atc: Uint8Array;
  /** the CID's advice bit (b4) */
  adviceRequired: boolean;
  /**
   * ICC data for the authorization or advice (ISO 8583 DE 55), BER-TLV in
   * this order where present: 9F26 9F27 9F10 9F37 9F36 95 9A 9C 9F02 5F2A
   * 82 9F1A 9F03 9F33 9F34 9F35 9F1E 84 9F09 9F41 5F34, then 9F5B after
   * issuer scripts
   */
  de55: Uint8Array;
  odaMethod: OdaMethodUsed;
  /** a CVM asked for a signature on the receipt */
  signatureRequired: boolean;
  /** the cardholder entered an online PIN: the terminal's PIN session holds the block for the request */
  onlinePin: boolean;
  card: CardData;
  /** Authorisation Response Code (8A) the kernel gave the card (host's, or Y1/Z1/Y3/Z3) */
  authorisationResponseCode?: string;
  /** Issuer Script Results (9F5B), 5 bytes per script */
  issuerScriptResults?: Uint8Array;
}

/** How the decision was reached. */
export type DecisionPath =
  /** the first GENERATE AC decided (TC or AAC) */
  | "offline"
  /** the host answered and the second GENERATE AC decided */
  | "online"
  /** the host could not be reached: the default action codes decided (Book 3 §10.7, ARC Y3/Z3) */
  | "unable-to-go-online";

/** The transaction ended with a cryptogram. */
export interface ApprovedOutcome extends TransactionResult {
  kind: "approved";
  path: DecisionPath;
}

/** The card (or the terminal, through its request) declined. */
export interface DeclinedOutcome extends TransactionResult {
  kind: "declined";
  path: DecisionPath;
  /** CDA's signature on the GENERATE AC response did not verify: the terminal declines whatever the card said (Book 2 §6.6.2) */
  cdaFailed?: boolean;
}

/** The card asked for an authorization: send `de55` to the host, then call `EmvKernel.complete`. */
export interface OnlineOutcome extends TransactionResult {
  kind: "online";
}

/**
 * The TVR, TSI and CVM Results as they stood when a transaction ended
 * without a cryptogram, given once GET PROCESSING OPTIONS had passed
 * (the step was read-records or later). Before that the application was
 * not under way and they are absent: Book 3 §10.1 starts them at zero
 * only when Initiate Application Processing begins, and nothing is
 * recorded in them until the card's data is read.
 */
export interface StatusAtEnd {
  tvr?: Uint8Array;
  tsi?: Uint8Array;
  cvmResults?: Uint8Array;
}

/** The kernel ended the application ("terminate"). */
export interface EndApplicationOutcome extends StatusAtEnd {
  kind: "end-application";
  step: KernelStep;
  reason: TerminateReason;
  /** the status word that ended it, when one did */
  sw?: number;
  /** what happened, for the log (no card data) */
  detail: string;
  /**
   * The chip failed before an application was chosen (no answer, garbage,
   * no common application): the terminal may read the stripe instead, if
   * its acquirer's rules allow a fallback. False for a blocked card, and
   * when the card itself refused its applications (SELECT 6283, GET
   * PROCESSING OPTIONS 6985): that chip works.
   */
  fallback: boolean;
}

/** The card left the slot. */
export interface CardRemovedOutcome extends StatusAtEnd {
  kind: "card-removed";
  step: KernelStep;
}

/** The cardholder's part (application choice, PIN entry) ended the transaction without an answer. */
export interface CancelledOutcome extends StatusAtEnd {
  kind: "cancelled";
  step: KernelStep;
  /**
   * `cancel`: the cardholder or the merchant gave up (the port answered
   * `cancel` or a `cancelled` PIN entry); `timeout`: nobody answered in
   * time (`timeout`, a `timed-out` PIN entry), so that the terminal can
   * show a time-out rather than a cancellation
   */
  cause: "cancel" | "timeout";
}

/** Every way {@link EmvKernel.start} and {@link EmvKernel.complete} end. */
export type KernelOutcome = ApprovedOutcome | DeclinedOutcome | OnlineOutcome | EndApplicationOutcome | CardRemovedOutcome | CancelledOutcome;
