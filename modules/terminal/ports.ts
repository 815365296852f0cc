/*
 * What a host gives the terminal application, and what the terminal hands
 * to the printer side. A host holds wiring only: every decision is in the
 * state machine (terminal.ts).
 */
import type { KeyEvent } from "../core/keys.ts";
import type { KeyStore } from "../core/key-store.ts";
import type { Clock, Log, MessageDisplay, WallClock } from "../core/ports.ts";
import type { Crypto } from "../crypto/port.ts";
import type { TerminalConfig } from "../config/types.ts";
import type { PrinterProblem } from "../display/message.ts";
import type { ApduTransport } from "../iso7816/transport.ts";
import type { Flash } from "../journal/flash.ts";
import type { ReceiptSettlement, ReceiptTotals, ReceiptTransaction } from "../receipt/transaction.ts";
import type { AcquirerConfig } from "../uplink/acquirer-client.ts";
import type { Link } from "../uplink/ports.ts";
import type { SwipedTrack } from "./swipe-outcome.ts";

/** A DUKPT terminal (TDES or AES) as the terminal needs it: the next transaction's PIN key and its KSN. */
export interface PinKeySource {
  nextTransaction(usages: ["pin"]): { ksn: Uint8Array; keys: { pin?: Uint8Array } };
}

/** What the printer side is asked to print. */
export type ReceiptJob =
  /** one copy of a transaction's receipt; `reprint` marks a copy printed again on request */
  | { kind: "transaction"; copy: "MERCHANT" | "CARDHOLDER"; transaction: ReceiptTransaction; reprint: boolean }
  /** the settlement report with the batch totals */
  | { kind: "settlement"; report: ReceiptSettlement; reprint?: boolean }
  /** the totals report of the open batch, printed without settling */
  | { kind: "totals"; report: ReceiptTotals; reprint?: boolean };

/** How a print job ended: printed, or stopped by the printer (the terminal then waits for it, or the merchant gives the job up). */
export type PrintResult = { printed: true } | { printed: false; problem: PrinterProblem };

/**
 * The printer side: renders a receipt (modules/receipt: document, print
 * commands, ESC/POS bytes) and sends it to the printer driver. The host
 * wires it; the terminal decides what to print and when.
 */
export interface ReceiptPort {
  print(job: ReceiptJob): Promise<PrintResult>;
}

/** The merchant as receipts name it (DE41 and DE42 come from the acquirer configuration). */
export interface MerchantInfo {
  name: string;
  address?: string[];
}

/** Time-outs of the terminal's states, ms. */
export interface TerminalTimeouts {
  /** menu, manager PIN, amount, basket, original transaction, confirmation */
  entry: number;
  /** waiting for the card */
  card: number;
  /** application choice */
  application: number;
  /** a result on screen before the terminal goes back to idle */
  result: number;
  /** waiting for the card to be taken out */
  removeCard: number;
  /** a printer problem before the print job is given up (the copy and the job's copies after it recorded skipped) */
  printer: number;
  /** one copy's printing (the printing state's time-out): a printer that has not ended it by then has the job given up, as at `printer` */
  copy: number;
  /** the idle screen's clock refresh */
  idleRefresh: number;
  /** processing, online, completion: past this the transaction is abandoned (an approval arriving later is reversed) */
  busy: number;
}

/** Everything a host passes to {@link createTerminal}. */
export interface TerminalPorts {
  clock: Clock;
  wallClock: WallClock;
  crypto: Crypto;
  /** the terminal master key (`tmk`), the MAC key, the device data key and the manager PIN's digest */
  keys: KeyStore;
  /** the journal's flash partition */
  flash: Flash;
  /** the network */
  link: Link;
  display: MessageDisplay;
  log: Log;
  /** terminal parameters, AIDs, CA keys, limits (modules/config) */
  config: TerminalConfig;
  /** where the acquirer is and the terminal's DE41/DE42 */
  acquirer: AcquirerConfig;
  /** the DUKPT terminal whose PIN keys encipher online PINs */
  pinKeys: PinKeySource;
  /** the printer side; without it the terminal prints nothing */
  receipts?: ReceiptPort;
  merchant?: MerchantInfo;
  timeouts?: Partial<TerminalTimeouts>;
}

/**
 * The events that drive the terminal. Keys come from the keypad driver,
 * swipes from the magstripe reader, insertion and removal from the chip
 * slot (`transport` activated: ATR and PPS done), printer statuses from
 * the printer driver, and the acquirer's request to sign on again from
 * the host's network side. Time-outs and the host's answers are the
 * terminal's own events (its clock, its acquirer client).
 */
export type TerminalEvent =
  | { type: "key"; key: KeyEvent }
  | { type: "swipe"; tracks: SwipedTrack[] }
  | { type: "card-inserted"; transport: ApduTransport }
  /** the card is in but its chip could not be activated (no ATR, bad ATR): the stripe may be used */
  | { type: "chip-error"; code: string }
  | { type: "card-removed" }
  | { type: "printer"; ready: boolean; problem?: PrinterProblem }
  | { type: "sign-on-requested" };
