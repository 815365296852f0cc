/*
 * The terminal application: one explicit state machine that every host
 * starts with its own IO. Events come in through `handle` (keys, swipes,
 * card insertion and removal, printer statuses, the acquirer's sign-on
 * request); time-outs come from the Clock port; the acquirer's answers
 * and the kernel's outcomes come back from the work each state starts.
 */
import { isXsposError } from "../core/error.ts";
import { digitOf, type KeyEvent } from "../core/keys.ts";
import { wipe } from "../core/bytes.ts";
import { wallClockIsSet, type TimerId } from "../core/ports.ts";
import type { Message, Operation, PrinterProblem } from "../display/message.ts";
import type { Money } from "../display/money.ts";
import { toLocalDateTime } from "../display/local-time.ts";
import { EmvKernel } from "../emv/kernel/kernel.ts";
import type { ApprovedOutcome, DeclinedOutcome, KernelOutcome, OnlineOutcome, TransactionResult } from "../emv/kernel/outcome.ts";
import type { EmvTransaction } from "../emv/kernel/transaction.ts";
import type { ApduTransport } from "../iso7816/transport.ts";
import { sealedReserve, TransactionJournal } from "../journal/transaction-journal.ts";
import type { TransactionView } from "../journal/transaction-table.ts";
import type { EntryMode, PrintRecord, PrintState, ReportJobRecord } from "../journal/transaction-records.ts";
import { PinSession, type PinResult } from "../pin/pin-session.ts";
import type { ReceiptTransaction } from "../receipt/transaction.ts";
import { AcquirerClient, type AuthorizationRequest, type AuthorizationResult } from "../uplink/acquirer-client.ts";
import { completionChipData } from "../uplink/chip-advice.ts";
import { hostAnswerRefused, UplinkError } from "../uplink/error.ts";
import { CURRENCIES, type Currency } from "./currency.ts";
import { TerminalError } from "./error.ts";
import { checkLimits, localDay } from "./limits.ts";
import { checkManagerPin, MANAGER_PIN_MAX, MANAGER_PIN_MIN } from "./manager-pin.ts";
import { ManagerPinLock } from "./manager-pin-lock.ts";
import type { PrintResult, ReceiptJob, TerminalEvent, TerminalPorts, TerminalTimeouts } from "./ports.ts";
import { assessSwipe, type SwipedTrack } from "./swipe-outcome.ts";
import { receiptChipOf, receiptOf, settlementReport, totalsReport, type ReportExtras } from "./receipt-data.ts";
import type { ReceiptRecord } from "../journal/receipt-record.ts";
import { chipRequest, DE55_MAX, issuerAnswer, offlinePinVerified } from "./chip-data.ts";
import { KeypadCardholder, type PinTargetRequest } from "./keypad-cardholder.ts";
import { basketTotal, splitCash, type BasketLine } from "./basket.ts";
import type { Product } from "../config/types.ts";
import { DEFAULT_TIMEOUTS, MENU_ITEMS, MENU_PAGE, PROTECTED, type Terminal, type TerminalState, type TransactionType } from "./terminal-api.ts";

export { MENU_ITEMS, type Terminal, type TerminalState, type TransactionType } from "./terminal-api.ts";

/** The menu's operations that start a transaction, by type. */
const TYPE_OF: Partial<Record<Operation, TransactionType>> = {
  SALE: "sale",
  BALANCE: "balance",
  VOID: "void",
  REFUND: "refund",
  PREAUTH: "preauth",
  PREAUTH_COMPLETION: "preauthCompletion",
  PREAUTH_CANCEL: "preauthCancel",
};

/** The states before anything is sent to a card or the host: CANCEL and time-out leave them alike. */
const ENTRY_STATES: ReadonlySet<TerminalState> = new Set<TerminalState>(["menu", "manager-pin", "amount", "basket", "cash", "original", "confirm", "present-card"]);

/**
 * What a void may undo: a completed sale, or a pre-authorization's
 * completion (China UnionPay's 预授权完成撤销: the hold is open again). A
 * refund is not voided (see numberDone), nor an offline approval.
 */
function voidable(t: TransactionView): boolean {
  return (t.kind === "sale" || t.kind === "preauthCompletion") && t.state === "completed";
}

/** A basket's lines as the receipt record keeps them: quantity, unit price and the product's name as printed (none for a line keyed by price). */
function basketLines(basket: readonly BasketLine[]): NonNullable<ReceiptRecord["basket"]>["lines"] {
  return basket.map((l) => ({ quantity: l.quantity, unitPrice: l.unitPrice, ...(l.name !== undefined ? { name: l.name } : {}) }));
}

/** What a card-read transaction asks the acquirer for. */
function requestKind(type: TransactionType): AuthorizationRequest["kind"] {
  return type === "balance" || type === "refund" || type === "preauth" ? type : "sale";
}

/** Work on the card or the host that a state waits for. */
interface Job {
  /** its state ended (a time-out, a cancel of a settlement or sign-on): what it still does leaves the screen alone */
  detached?: boolean;
}

/** The transaction in progress. */
interface Tx extends Job {
  type: TransactionType;
  /** the menu's operation that started it, as the screens name it */
  operation: Operation;
  /** what the card pays */
  amount: number;
  basket?: BasketLine[];
  /** basket entry: the line's quantity once keyed */
  quantity?: number;
  /** basket entry by PLU code: the product keyed, its quantity next */
  product?: Product;
  /** the basket's total and the cash part */
  total?: number;
  cash?: { tendered: number; change: number };
  originalStan?: number;
  /** a completion or cancellation: the amount held */
  held?: number;
  /** a void, completion or cancellation: the original's card, its last digits */
  cardLast4?: string;
  chipFailed: boolean;
  /** the card in the slot, for this transaction */
  transport?: ApduTransport;
  /** cancelled or timed out while busy: an approval that arrives is reversed */
  abandoned: boolean;
  stan?: string;
  cvm: "pin" | "signature" | "none";
  chip?: TransactionResult;
  entry?: EntryMode;
}

/**
 * Composes the terminal application from a host's ports: the journal on
 * its flash, the acquirer client on the link, and the state machine.
 * @throws TerminalError `TERMINAL_PORT` when a port is missing
 * @throws JournalError from opening the journal (flash geometry, flash failures)
 */
export function createTerminal(ports: TerminalPorts): Terminal {
  const portNames = ["clock", "wallClock", "crypto", "keys", "flash", "link", "display", "log", "config", "acquirer", "pinKeys"] as const;
  for (let i = 0; i < portNames.length; i++) {
    const name = portNames[i];
    if (!ports || ports[name] === undefined || ports[name] === null) throw new TerminalError("TERMINAL_PORT", `the terminal needs the ${name} port`);
  }
  return new TerminalApp(ports);
}

class TerminalApp implements Terminal {
  readonly #p: TerminalPorts;
  readonly #t: TerminalTimeouts;
  readonly journal: TransactionJournal;
  readonly acquirer: AcquirerClient;
  readonly #currency: Currency;
  #state: TerminalState = "starting";
  #timer: TimerId | undefined;
  #tx: Tx | undefined;
  /** the menu page shown */
  #menuPage = 0;
  /** the number being keyed (amount, quantity, price, trace) */
  #entry = 0;
  #pinDigits = new Uint8Array(MANAGER_PIN_MAX);
  #pinLength = 0;
  #afterManager: Operation | undefined;
  /** wrong manager PINs in a row (kept in the key store) and the lock they lead to */
  #managerLock: ManagerPinLock;
  #session: PinSession | undefined;
  /** the kernel's cardholder side during a chip transaction */
  #cardholder: KeypadCardholder | undefined;
  /** at a printer problem: ends the wait, printing the copy again (the printer ready) or giving the job up (CANCEL, the time-out) */
  #printProblem: ((printAgain: boolean) => void) | undefined;
  /** ends the copy being printed as given up (the printing state's time-out) */
  #printStuck: (() => void) | undefined;
  #lastReceipt: ReceiptTransaction | undefined;
  #idleWaiters: ((s: TerminalState) => void)[] = [];
  /** the acquirer asked for a sign-on while a transaction ran */
  #signOnDue = false;
  /** the card's or the host's work that runs now */
  #job: Job | undefined;
  /** idle was due while a detached job still ran: it comes when the job ends */
  #idleDue = false;

  constructor(ports: TerminalPorts) {
    this.#p = ports;
    this.#t = { ...DEFAULT_TIMEOUTS, ...ports.timeouts };
    const numeric = ports.config.terminal.currencyCode;
    this.#currency = Object.values(CURRENCIES).find((c) => c.numeric === numeric) ?? {
      code: "XXX",
      numeric,
      exponent: ports.config.terminal.currencyExponent as 0 | 2 | 3,
      symbol: "",
    };
    this.journal = TransactionJournal.open(ports.flash, { crypto: ports.crypto, keys: ports.keys });
    this.#managerLock = new ManagerPinLock(ports.keys, ports.clock);
    this.acquirer = new AcquirerClient({
      link: ports.link,
      clock: ports.clock,
      wallClock: ports.wallClock,
      crypto: ports.crypto,
      keys: ports.keys,
      journal: this.journal,
      log: ports.log,
      config: ports.acquirer,
      // the host's answer asked for a sign-on (uplink's SIGN_ON_CODES): as the host's network-side request, it runs at the next idle
      onSignOnRequested: () => this.handle({ type: "sign-on-requested" }),
    });
  }

  get state(): TerminalState {
    return this.#state;
  }

  whenIdle(): Promise<TerminalState> {
    if (this.#state === "idle" || this.#state === "halted" || this.#state === "closed") return Promise.resolve(this.#state);
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  async start(): Promise<void> {
    if (this.#state !== "starting") throw new TerminalError("TERMINAL_STATE", "start() is called once");
    this.#show({ id: "PLEASE_WAIT" });
    await this.#guard(async () => {
      // what the last run owes the host goes first; only a clock never set (no SNTP, no modem time yet)
      // has the sign-on go before it, since its answer sets the clock (modules/uplink host-time.ts) and
      // the reversals and advices would otherwise carry a 1970 DE7
      const clockFirst = !wallClockIsSet(this.#p.wallClock);
      if (clockFirst) await this.#signOn(false);
      const report = await this.acquirer.recover();
      this.#log(`recovery completed ${report.completed}, delivered ${report.delivered}, pending ${report.pending}`);
      if (!clockFirst) await this.#signOn(false);
      await this.#finishPrints();
    });
    if (this.#state === "starting" || this.#state === "receipt") this.#idle();
  }

  close(): void {
    this.#clearTimer();
    this.#session?.abort();
    this.#set("closed");
  }

  onKey(event: KeyEvent): void {
    this.handle({ type: "key", key: event });
  }

  onSwipe(swipe: { tracks: SwipedTrack[] }): void {
    this.handle({ type: "swipe", tracks: swipe.tracks });
  }

  onInserted(transport: ApduTransport): void {
    this.handle({ type: "card-inserted", transport });
  }

  onRemoved(): void {
    this.handle({ type: "card-removed" });
  }

  handle(event: TerminalEvent): void {
    if (this.#state === "closed" || this.#state === "halted") return;
    try {
      this.#dispatch(event);
    } catch (e) {
      this.#halt(e);
    }
  }

  // ---- dispatch by state ----

  #dispatch(event: TerminalEvent): void {
    if (event.type === "sign-on-requested") {
      if (this.#state === "idle") this.#run({}, (job) => this.#signOn(true, job));
      else {
        this.#signOnDue = true;
        this.#log("sign-on requested; it runs when the terminal is idle");
      }
      return;
    }
    if (event.type === "card-removed") return this.#cardRemoved();
    if (event.type === "printer") return this.#printerStatus(event.ready);
    const s = this.#state;
    if (event.type === "key") return this.#key(event.key);
    if (event.type === "swipe") {
      if (s === "present-card") this.#swipe(event.tracks);
      else if (s === "idle") this.#log("swipe at idle ignored");
      return;
    }
    if (event.type === "card-inserted") {
      if (s === "present-card" && this.#tx) {
        const tx = this.#tx;
        tx.transport = event.transport;
        this.#run(tx, () => this.#chip(event.transport));
      } else if (s === "idle") {
        // the card first, then the amount: a sale whose card is already in the slot
        this.#begin("SALE");
        if (this.#tx) this.#tx.transport = event.transport;
      } else if ((s === "amount" || s === "basket" || s === "cash") && this.#tx) {
        this.#tx.transport = event.transport;
      }
      return;
    }
    if (event.type === "chip-error") {
      if (s === "present-card" && this.#tx) {
        this.#log(`chip failed (${event.code}), the stripe may be used`);
        this.#tx.chipFailed = true;
        this.#enter("present-card", { id: "FALLBACK_SWIPE" }, this.#t.card);
      }
    }
  }

  #key(event: KeyEvent): void {
    const k = event.key;
    const s = this.#state;
    if (s === "pin") return this.#session?.key(event);
    if (event.repeat && k !== "CLEAR") return;
    if (k === "CANCEL") return this.#cancel();
    switch (s) {
      case "idle":
        if (k === "MENU") return this.#menu(0);
        if (k === "F1") return this.#begin("SALE", true);
        if (digitOf(k) !== undefined || k === "00") {
          this.#begin("SALE");
          if (this.#state === "amount") this.#key(event);
        }
        return;
      case "menu": {
        if (k === "MENU") return this.#menu(this.#menuPage + 1);
        const digit = digitOf(k);
        if (digit === undefined) return;
        // keys 1-9, then 0 for the tenth entry of the page; none past the last entry
        const op = MENU_ITEMS[this.#menuPage * MENU_PAGE + (digit === 0 ? 10 : digit) - 1];
        if (op === undefined) return;
        if (PROTECTED.includes(op) && this.#p.config.limits.managerPin.required) {
          if (this.#managerLocked()) return;
          this.#afterManager = op;
          this.#pinLength = 0;
          return this.#enter("manager-pin", { id: "MANAGER_PIN", digits: 0 }, this.#t.entry);
        }
        return this.#begin(op);
      }
      case "manager-pin":
        return this.#managerKey(k);
      case "amount":
      case "basket":
      case "cash":
      case "original":
        return this.#numberKey(k);
      case "confirm":
        if (k === "ENTER" && this.#tx) {
          const tx = this.#tx;
          this.#run(tx, () => this.#linked(tx));
        }
        return;
      case "result":
        if (k === "ENTER") this.#idle();
        return;
      case "application":
        return this.#cardholder?.key(k);
      default:
        return;
    }
  }

  /** A page of the menu; past the last page, the first again. */
  #menu(page: number): void {
    this.#menuPage = page * MENU_PAGE < MENU_ITEMS.length ? page : 0;
    const items = MENU_ITEMS.slice(this.#menuPage * MENU_PAGE, (this.#menuPage + 1) * MENU_PAGE);
    this.#enter("menu", { id: "MENU", items }, this.#t.entry);
  }

  #cancel(): void {
    const s = this.#state;
    const tx = this.#tx;
    if (ENTRY_STATES.has(s)) return this.#leaveEntry(`cancelled at ${s}`, "CANCELLED");
    switch (s) {
      case "application":
        return this.#cardholder?.answer("cancel");
      case "processing":
      case "online":
      case "completion":
        if (tx) tx.abandoned = true;
        this.#log(`cancel asked at ${s}; the transaction ends when the card or the host answers`);
        return;
      case "sign-on":
      case "settlement":
        // the exchange goes on to its end (the acquirer client's time-outs bound it); a settlement the host accepts still closes the batch
        this.#log(`cancelled at ${s}`);
        return this.#detach({ id: "CANCELLED" });
      case "receipt":
        // a copy being printed is already in the printer's buffer and comes out whatever the terminal does: recording it
        // not printed would be wrong, so it ends first (printed, a printer problem, or the copy time-out giving the job up)
        if (!this.#printProblem) return this.#log("cancel while a copy prints: the copy ends first");
        return this.#printProblem(false);
      case "result":
      case "remove-card":
        return this.#idle();
      default:
        return;
    }
  }

  /** Leaves a state where nothing is sent yet: forgets any manager PIN digits and shows why. */
  #leaveEntry(why: string, id: "CANCELLED" | "TIMEOUT"): void {
    wipe(this.#pinDigits);
    this.#pinLength = 0;
    this.#log(why);
    return this.#result({ id });
  }

  #onTimeout(): void {
    this.#timer = undefined;
    const s = this.#state;
    if (ENTRY_STATES.has(s)) return this.#leaveEntry(`time-out at ${s}`, "TIMEOUT");
    switch (s) {
      case "idle":
        return this.#idle();
      case "application":
        // nobody chose: the kernel ends the transaction timed out, and the screen says TIMEOUT, not CANCELLED
        return this.#cardholder?.answer("timeout");
      case "processing":
      case "online":
      case "completion":
      case "sign-on":
      case "settlement":
        this.#log(`time-out at ${s}; the ${s === "sign-on" || s === "settlement" ? s : "transaction"} is abandoned`);
        return this.#detach({ id: "TIMEOUT" });
      case "receipt":
        if (this.#printProblem) return this.#printProblem(false);
        // the copy did not end within the `copy` bound: the job is given up as at the printer problem's CANCEL
        this.#log("the printer did not end the copy in time");
        return this.#printStuck?.();
      case "result":
      case "remove-card":
        return this.#idle();
      default:
        return;
    }
  }

  // ---- states ----

  #set(state: TerminalState): void {
    this.#state = state;
    if (state === "idle" || state === "halted" || state === "closed") {
      const waiters = this.#idleWaiters;
      this.#idleWaiters = [];
      for (let i = 0; i < waiters.length; i++) {
        const w = waiters[i];
        w(state);
      }
    }
  }

  #enter(state: TerminalState, message: Message | undefined, timeoutMs: number | undefined): void {
    this.#clearTimer();
    this.#set(state);
    if (message) this.#show(message);
    if (timeoutMs !== undefined) this.#timer = this.#p.clock.set(() => this.#onTimeout(), timeoutMs);
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) this.#p.clock.clear(this.#timer);
    this.#timer = undefined;
  }

  /** A state where the card or the host works: PROCESSING, with the `busy` time-out. */
  #busy(state: "processing" | "online" | "completion" | "settlement"): void {
    this.#enter(state, { id: "PROCESSING" }, this.#t.busy);
  }

  #show(message: Message): void {
    this.#p.display.show(message);
  }

  /** One line of the terminal's log, marked as the terminal's. */
  #log(text: string): void {
    this.#p.log.write(`terminal: ${text}`);
  }

  #idle(): void {
    if (this.#job?.detached) {
      // the abandoned work still writes to the journal: nothing new starts before it ends
      this.#clearTimer();
      this.#idleDue = true;
      return;
    }
    this.#idleDue = false;
    this.#tx = undefined;
    this.#session = undefined;
    this.#cardholder?.clear();
    this.#cardholder = undefined;
    if (this.#signOnDue) {
      this.#signOnDue = false;
      this.#run({}, (job) => this.#signOn(true, job));
      return;
    }
    // a clock not yet set counts from 1970: the screen shows no date rather than that one
    const w = this.#p.wallClock;
    this.#enter("idle", wallClockIsSet(w) ? { id: "IDLE", at: toLocalDateTime(w.utcMs(), w.offsetMinutes()) } : { id: "IDLE" }, this.#t.idleRefresh);
  }

  /** Shows an outcome, then the card's removal when it is still in, then idle. */
  #result(message: Message): void {
    this.#enter("result", message, this.#t.result);
    const tx = this.#tx;
    if (tx?.transport?.present) {
      this.#clearTimer();
      this.#timer = this.#p.clock.set(() => {
        this.#timer = undefined;
        if (tx.transport?.present) this.#enter("remove-card", { id: "REMOVE_CARD" }, this.#t.removeCard);
        else this.#idle();
      }, this.#t.result);
    }
  }

  #halt(e: unknown): void {
    this.#clearTimer();
    this.#session?.abort();
    const code = isXsposError(e) ? e.code : "ERROR";
    this.#log(`halted (${code})`);
    this.#set("halted");
  }

  /**
   * Ends a busy state at once (a time-out; a cancel of a settlement or a
   * sign-on) with `message`. Its work goes on to its end with the screen
   * left alone: an approval that arrives is reversed (`abandoned`), and the
   * terminal is idle only once the work has ended.
   */
  #detach(message: Message): void {
    const job = this.#job;
    if (job) job.detached = true;
    if (this.#tx) this.#tx.abandoned = true;
    this.#result(message);
  }

  /**
   * Runs the card's or the host's work (a transaction, or `{}` for a
   * sign-on or a settlement) as the current job, its failure handled as
   * {@link guard} handles one; an idle that came due while it was detached
   * follows its end.
   */
  #run(job: Job, work: (job: Job) => Promise<void>): void {
    this.#job = job;
    // a chain on the work's promise, not an async function awaiting it: that would hold its saved frame, with the guard's, as long as the transaction runs
    let working: Promise<void>;
    try {
      working = work(job);
    } catch (e) {
      working = Promise.reject(e);
    }
    // the handlers only call methods: a function made at run time in preloaded code is copied into RAM with its bytecode
    working.then(
      () => this.#jobEnded(job),
      (e: unknown) => this.#jobFailed(job, e),
    );
  }

  /** A job whose work has ended: an idle that came due while it was detached now runs. */
  #jobEnded(job: Job): void {
    if (this.#job === job) this.#job = undefined;
    try {
      if (job.detached && this.#idleDue) this.#idle();
    } catch (e) {
      this.#failed(e);
    }
  }

  /** A job whose work failed: handled as {@link guard} handles a failure. */
  #jobFailed(job: Job, e: unknown): void {
    if (this.#job === job) this.#job = undefined;
    this.#failed(e);
  }

  /** The outcome on screen, unless the job's state already ended. */
  #end(job: Job, message: Message): void {
    if (job.detached) {
      this.#log(`abandoned work ended (${message.id})`);
      return;
    }
    this.#result(this.#sayReversal(job, message));
  }

  /**
   * The result screen's rule for reversals (README, "Reversal queued"):
   * the end of a transaction that leaves a reversal of this transaction
   * queued says REVERSAL QUEUED, whatever else ended it (CANCEL while
   * online, the card declining or leaving after the host's approval), so
   * that the merchant knows money may stay held until it goes. The failure
   * that left it keeps its prompt (HOST_ERROR: a refused answer); any other
   * end is NO_RESPONSE, as the reversal got none. A reversal an older
   * transaction left is no news of this one: `reversalQueued` stays false.
   */
  #sayReversal(job: Job, message: Message): Message {
    const stan = job === this.#tx ? this.#tx?.stan : undefined;
    if (!stan || this.journal.find(Number(stan))?.state !== "reversing") return message;
    if (message.id === "NO_RESPONSE" || message.id === "HOST_ERROR") return { ...message, reversalQueued: true };
    return { id: "NO_RESPONSE", reversalQueued: true };
  }

  /** Runs work that may fail on the journal's flash: a failure there halts the terminal (a reboot recovers). */
  async #guard(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (e) {
      this.#failed(e);
    }
  }

  /** What a failure of guarded work does: a full journal says so; anything else halts. */
  #failed(e: unknown): void {
    if (isXsposError(e) && e.code === "JOURNAL_FULL") this.#result({ id: "JOURNAL_FULL" });
    else this.#halt(e);
  }

  /**
   * Whether the wall clock can date a financial message: a board no SNTP
   * nor modem reached counts from 1970, and its sales would go out with a
   * 1970 DE7, be dated 1970 on the receipt and count against the limits
   * of 1970-01-01. A sign-on (at boot, or from the menu) sets it from the
   * acquirer's answer (modules/uplink).
   */
  #clockSet(): boolean {
    if (wallClockIsSet(this.#p.wallClock)) return true;
    this.#log("the clock is not set: no transaction until a sign-on sets it");
    return false;
  }

  #money(minor: number): Money {
    return { minor, currency: this.#currency };
  }

  #begin(op: Operation, basket = false): void {
    const type: TransactionType | undefined = TYPE_OF[op];
    if (type) {
      if (!this.acquirer.signedOn) return this.#result({ id: "NOT_SIGNED_ON" });
      if (!this.#clockSet()) return this.#result({ id: "CLOCK_NOT_SET" });
      // the largest intent a transaction may write: a chip card's offline approval seals its chip data in the advice, after the card gave its TC
      // a completion or cancellation of an open hold frees room in settlement's compaction: it stays possible when new holds are refused
      const releasesHold = (type === "preauthCompletion" || type === "preauthCancel") && this.journal.openHolds().length > 0;
      // a balance inquiry writes its intent and its answer too: refused here, before a card is read and a PIN (a DUKPT key) used up
      if (!this.journal.canStart(sealedReserve(DE55_MAX), false, releasesHold)) return this.#result({ id: "JOURNAL_FULL" });
      this.#tx = { type, operation: op, amount: 0, chipFailed: false, abandoned: false, cvm: "none" };
      this.#entry = 0;
      if (type === "balance") return this.#presentCard();
      if (type === "void" || type === "preauthCompletion" || type === "preauthCancel") return this.#showEntry(this.#tx, "original");
      if (basket) this.#tx.basket = [];
      return this.#showEntry(this.#tx, basket ? "basket" : "amount");
    }
    if (op === "SETTLEMENT") {
      if (!this.#clockSet()) return this.#result({ id: "CLOCK_NOT_SET" });
      return this.#run({}, (job) => this.#settle(job));
    }
    if (op === "REPRINT") return void this.#guard(() => this.#reprint());
    if (op === "TOTALS") return void this.#guard(() => this.#printTotals());
    if (op === "SIGN_ON") return this.#run({}, (job) => this.#signOn(true, job));
  }

  #managerKey(k: KeyEvent["key"]): void {
    const d = digitOf(k);
    if (d !== undefined) {
      if (this.#pinLength < MANAGER_PIN_MAX) this.#pinDigits[this.#pinLength++] = d;
    } else if (k === "CLEAR") {
      wipe(this.#pinDigits);
      this.#pinLength = 0;
    } else if (k === "ENTER" && this.#pinLength >= MANAGER_PIN_MIN) {
      const { keyName } = this.#p.config.limits.managerPin;
      const ok = checkManagerPin(this.#p.keys, keyName, this.#p.crypto, this.#pinDigits, this.#pinLength);
      wipe(this.#pinDigits);
      this.#pinLength = 0;
      this.#log(`manager PIN ${ok ? "accepted" : "refused"}`);
      if (!ok) {
        const left = this.#managerLock.failed();
        if (left === 0) return void this.#managerLocked();
        return this.#result({ id: "WRONG_PIN", triesLeft: left });
      }
      this.#managerLock.succeeded();
      const op = this.#afterManager!;
      this.#afterManager = undefined;
      return this.#begin(op);
    }
    this.#enter("manager-pin", { id: "MANAGER_PIN", digits: this.#pinLength }, this.#t.entry);
  }

  /** Shows MANAGER_LOCKED (the minutes left, rounded up) and returns true while wrong manager PINs keep the protected functions locked. */
  #managerLocked(): boolean {
    const ms = this.#managerLock.remainingMs();
    if (ms === 0) return false;
    this.#log("manager PIN locked after too many wrong tries");
    this.#result({ id: "MANAGER_LOCKED", minutes: Math.ceil(ms / 60_000) });
    return true;
  }

  /** Digits, 00 and CLEAR on the number being keyed; ENTER takes it. */
  #numberKey(k: KeyEvent["key"]): void {
    const tx = this.#tx!;
    const max = this.#state === "original" || this.#keyingPlu(tx) ? 999_999 : 999_999_999_999;
    const d = digitOf(k);
    if (k === "CLEAR") this.#entry = Math.floor(this.#entry / 10);
    else if (k === "00" && this.#entry * 100 <= max) this.#entry *= 100;
    else if (d !== undefined && this.#entry * 10 + d <= max) this.#entry = this.#entry * 10 + d;
    else if (k === "ENTER") return this.#numberDone(tx);
    this.#showEntry(tx);
  }

  /** Basket entry with a product table: a line starts with its PLU code, then its quantity. */
  #keyingPlu(tx: Tx, state = this.#state): boolean {
    return state === "basket" && !!this.#p.config.receipt?.products?.length && tx.product === undefined;
  }

  /** The entry screen of `state` (amount, basket, cash, original) with the number keyed so far. */
  #showEntry(tx: Tx, state: TerminalState = this.#state): void {
    const v = this.#entry;
    const line = (tx.basket?.length ?? 0) + 1;
    // in the basket: a line by PLU code is its code, then its quantity; a line by price its quantity, then its price
    const message: Message =
      state === "amount" ? { id: "AMOUNT_ENTRY", amount: this.#money(v), operation: tx.operation }
      : state === "original" ? { id: "ORIGINAL_ENTRY", field: "TRACE", value: v ? String(v) : "" }
      : state === "cash" ? { id: "CASH_TENDERED", due: this.#money(tx.total!), tendered: this.#money(v) }
      : this.#keyingPlu(tx, state) ? { id: "BASKET_ITEM", line, code: v ? String(v) : "" }
      : tx.quantity === undefined ? { id: "BASKET_QUANTITY", line, quantity: v }
      : { id: "BASKET_PRICE", line, price: this.#money(v) };
    this.#enter(state, message, this.#t.entry);
  }

  #numberDone(tx: Tx): void {
    const v = this.#entry;
    this.#entry = 0;
    switch (this.#state) {
      case "amount":
        if (v === 0) return this.#showEntry(tx);
        tx.amount = v;
        if (tx.type === "preauthCompletion") return this.#confirmCompletion(tx);
        if (!this.#overLimit(tx)) this.#presentCard();
        return;
      case "original": {
        if (tx.type !== "void") return this.#holdChosen(tx, v);
        const original = v === 0 ? this.journal.latest(voidable) : this.journal.find(v);
        if (original?.kind === "refund") {
          // acquirers (China UnionPay among them) take no void of a refund: the screen says the transaction is not allowed, not "not found"
          this.#log(`trace ${v} is a refund, which cannot be voided`);
          return this.#result({ id: "DECLINED", responseCode: "12" });
        }
        if (!original || !voidable(original)) {
          this.#log(`no approved sale or completion with trace ${v || "(last)"}`);
          return this.#result({ id: "DECLINED", responseCode: "25" });
        }
        tx.originalStan = original.stan;
        tx.amount = original.amountMinor;
        // a completion read no card: its hold's card
        tx.cardLast4 = (original.truncatedPan || this.#originalOf(original).original?.truncatedPan || "").slice(-4);
        return this.#confirmLinked(tx);
      }
      case "basket":
        return this.#basketNumber(tx, v);
      case "cash": {
        const split = splitCash(tx.total!, v);
        tx.cash = split.cash;
        if (split.cardPart === 0) {
          this.#log("paid in cash");
          return this.#result({ id: "CHANGE_DUE", change: this.#money(split.change) });
        }
        tx.amount = split.cardPart;
        if (!this.#overLimit(tx)) this.#presentCard();
        return;
      }
      default:
        return;
    }
  }

  /**
   * A number ENTERed in the basket. With the configuration's product
   * table, a line is a PLU code naming a product, then its quantity, which
   * makes the line at the product's price, with its name for the receipt;
   * without one, a quantity then a unit price. ENTER alone where a line
   * starts ends the list (a list not empty): its total, then the cash part.
   */
  #basketNumber(tx: Tx, v: number): void {
    const basket = tx.basket!;
    const products = this.#p.config.receipt?.products;
    const byPlu = !!products?.length;
    const lineStart = byPlu ? tx.product === undefined : tx.quantity === undefined;
    if (v === 0) {
      if (!lineStart || basket.length === 0) return this.#showEntry(tx);
      tx.total = basketTotal(basket);
      return this.#enter("cash", { id: "BASKET_TOTAL", items: basket.length, total: this.#money(tx.total) }, this.#t.entry);
    }
    if (lineStart) {
      if (!byPlu) tx.quantity = v;
      else {
        tx.product = products!.find((p) => p.plu === v);
        if (!tx.product) this.#log(`no product with PLU ${v}`);
      }
    } else {
      basket.push(tx.product ? { quantity: v, unitPrice: tx.product.unitPrice, name: tx.product.name } : { quantity: tx.quantity!, unitPrice: v });
      tx.product = tx.quantity = undefined;
    }
    this.#showEntry(tx);
  }

  /** A completion or cancellation: the hold by its trace (ENTER alone: the latest open hold), then the amount or the confirmation. */
  #holdChosen(tx: Tx, trace: number): void {
    const holds = this.journal.openHolds();
    const hold = trace === 0 ? holds.at(-1) : holds.find((h) => h.stan === trace);
    if (!hold) {
      this.#log(`no open pre-authorization with trace ${trace || "(last)"}`);
      return this.#result({ id: "DECLINED", responseCode: "25" });
    }
    tx.originalStan = hold.stan;
    tx.held = hold.amountMinor;
    tx.cardLast4 = hold.truncatedPan.slice(-4);
    if (tx.type === "preauthCompletion") return this.#showEntry(tx, "amount");
    tx.amount = hold.amountMinor;
    this.#confirmLinked(tx);
  }

  /** A completion is for at most the amount held. */
  #confirmCompletion(tx: Tx): void {
    if (tx.amount > tx.held!) {
      this.#log("completion over the amount held");
      return this.#result({ id: "LIMIT_EXCEEDED", scope: "TRANSACTION", limit: this.#money(tx.held!) });
    }
    if (this.#overLimit(tx)) return;
    this.#confirmLinked(tx);
  }

  #confirmLinked(tx: Tx): void {
    const last4 = tx.cardLast4;
    this.#enter("confirm", { id: "CONFIRM_TRANSACTION", operation: tx.operation, amount: this.#money(tx.amount), ...(last4 ? { cardLast4: last4 } : {}) }, this.#t.entry);
  }

  /** Checks the limits (a completion is a sale of the day, a pre-authorization has its own); over one, shows which and returns true. */
  #overLimit(tx: Tx): boolean {
    const type = tx.type === "refund" ? "refund" : tx.type === "preauth" ? "preauth" : "sale";
    const w = this.#p.wallClock;
    // the day is the terminal's local day: its count starts again at local midnight, whatever the settlements
    const check = checkLimits(this.#p.config.limits, type, tx.amount, this.journal.dayTotals(localDay(w.utcMs(), w.offsetMinutes())));
    if (check.ok) return false;
    this.#log(`${type} over the ${check.scope === "DAY" ? "daily" : "transaction"} limit`);
    this.#result({ id: "LIMIT_EXCEEDED", scope: check.scope, limit: this.#money(check.limitMinor) });
    return true;
  }

  #presentCard(): void {
    const tx = this.#tx!;
    const inserted = tx.transport;
    if (inserted?.present && !tx.chipFailed) return this.#run(tx, () => this.#chip(inserted));
    const message: Message = tx.chipFailed
      ? { id: "FALLBACK_SWIPE" }
      : { id: "PRESENT_CARD", operation: tx.operation, ...(tx.type === "balance" ? {} : { amount: this.#money(tx.amount) }) };
    this.#enter("present-card", message, this.#t.card);
  }

  // ---- the stripe ----

  #swipe(tracks: SwipedTrack[]): void {
    const tx = this.#tx!;
    const w = this.#p.wallClock;
    const at = toLocalDateTime(w.utcMs(), w.offsetMinutes());
    const outcome = assessSwipe(tracks, { today: { year: at.year, month: at.month }, chipFailed: tx.chipFailed });
    if (outcome.kind === "rejected") {
      this.#log(`swipe refused (${outcome.code})`);
      const id = outcome.code === "CARD_EXPIRED" ? "CARD_EXPIRED" : outcome.code.startsWith("CARD_") ? "CARD_INVALID" : "READ_ERROR";
      return this.#enter("present-card", { id }, this.#t.card);
    }
    if (outcome.kind === "use-chip") {
      this.#log(`chip card ${outcome.summary.pan} swiped, chip required`);
      return this.#enter("present-card", { id: "USE_CHIP" }, this.#t.card);
    }
    const summary = outcome.summary;
    const pan = outcome.pan;
    const track2 = tracks.find((t): t is Extract<SwipedTrack, { ok: true }> => t.ok && t.track === 2)?.data;
    // YYMM after the field separator
    const expiryAt = track2 ? track2.indexOf("=") + 1 : 0;
    const expiry = track2?.slice(expiryAt, expiryAt + 4);
    tx.entry = outcome.fallback ? "fallback" : "swipe";
    this.#log(`card ${summary.pan} ${summary.scheme}${outcome.fallback ? " (fallback)" : ""}`);
    const request: AuthorizationRequest = {
      kind: requestKind(tx.type),
      amountMinor: tx.amount,
      currency: this.#currency.numeric,
      pan,
      ...(expiry ? { expiry } : {}),
      ...(track2 ? { track2 } : {}),
      entry: tx.entry,
    };
    const pinWanted = summary.serviceCode?.pin === "required" || summary.serviceCode?.pin === "if-pin-pad-present";
    if (!pinWanted) {
      tx.cvm = "signature";
      return this.#run(tx, () => this.#online(tx, request));
    }
    this.#pinEntry({ kind: "online", format: 0, pan }, false, (r) => {
      if (r.kind === "pin") {
        tx.cvm = "pin";
        this.#run(tx, () => this.#online(tx, { ...request, pinBlock: r.block, ...(r.ksn ? { ksn: r.ksn } : {}) }));
      } else this.#result({ id: r.kind === "timeout" ? "TIMEOUT" : "CANCELLED" });
    });
  }

  #pinEntry(target: PinTargetRequest, bypassAllowed: boolean, done: (r: PinResult) => void): void {
    const tx = this.#tx!;
    const amount = this.#money(tx.amount);
    this.#enter("pin", undefined, undefined);
    const display = { show: (lines: string[]) => this.#show({ id: "ENTER_PIN", amount, digits: lines.join("").split("*").length - 1 }) };
    this.#session = new PinSession({
      clock: this.#p.clock,
      display,
      crypto: this.#p.crypto,
      log: this.#p.log,
      bypassAllowed,
      target: target.kind === "offline" ? target : {
        ...target,
        keySource: () => {
          const next = this.#p.pinKeys.nextTransaction(["pin"]);
          return { key: next.keys.pin!, ksn: next.ksn };
        },
      },
      onDone: (r) => {
        this.#session = undefined;
        done(r);
      },
    });
  }

  // ---- the acquirer ----

  async #online(tx: Tx, request: AuthorizationRequest): Promise<void> {
    this.#busy("online");
    return this.#answered(tx, await this.acquirer.authorize(this.#withReceipt(tx, request)));
  }

  /** The host's answer to the transaction: the outcome, or the end of one abandoned while the host decided. */
  #answered(tx: Tx, result: AuthorizationResult): Promise<void> {
    tx.stan = result.stan;
    return tx.abandoned ? this.#abandoned(tx, result) : this.#finish(tx, result);
  }

  /** A transaction cancelled or timed out while the host decided: an approval that moved money is reversed. */
  async #abandoned(tx: Tx, result: AuthorizationResult): Promise<void> {
    if (result.status === "approved" && tx.type !== "balance") {
      await this.acquirer.reverse(result.stan);
      this.#log(`approval ${result.stan} reversed (abandoned)`);
    }
    // a request that failed leaving its own reversal queued ends as that failure says (sayReversal); any other end is the CANCEL asked for
    this.#end(tx, result.status === "failed" && result.reversalQueued ? this.#failure(result) : { id: "CANCELLED" });
  }

  /**
   * A request that failed: HOST_ERROR when an answer came but was refused,
   * to it or to an older reversal or advice sent before it (no silent
   * host), else NO_RESPONSE; REVERSAL QUEUED only when the reversal
   * waiting is this request's own.
   */
  #failure(result: AuthorizationResult): Message {
    return { id: hostAnswerRefused(result.error, result.cause) ? "HOST_ERROR" : "NO_RESPONSE", reversalQueued: !!result.reversalQueued };
  }

  /** The host's answer on screen and, for money that moved, the receipts. */
  async #finish(tx: Tx, result: AuthorizationResult): Promise<void> {
    if (result.status === "failed") return this.#end(tx, this.#failure(result));
    if (result.status === "declined") return this.#end(tx, { id: "DECLINED", responseCode: result.responseCode ?? "05" });
    if (tx.type === "balance") return this.#end(tx, { id: "BALANCE", balance: this.#money(result.balanceMinor ?? 0) });
    const approved: Message = { id: "APPROVED", amount: this.#money(tx.amount), ...(result.authCode?.trim() ? { authCode: result.authCode.trim() } : {}) };
    if (tx.detached) {
      // no receipt prints for a transaction whose state ended: a job its completion carried is closed, not left for the next boot
      const held = this.journal.printJobOf(Number(result.stan));
      if (held && !this.journal.printJob({ stan: held.stan, merchant: "skipped", customer: "skipped" })) this.#log("no room to record the print job");
      return this.#end(tx, approved);
    }
    this.#show(approved);
    await this.#printReceipts(tx, result.stan);
    this.#result(approved);
  }

  /** A confirmed void, pre-authorization completion or cancellation. */
  async #linked(tx: Tx): Promise<void> {
    this.#busy("online");
    const original = String(tx.originalStan).padStart(6, "0");
    // the receipt's data rides in the answer's record, as a sale's (withReceipt): no print-job record of its own to open the job
    const receipt = this.#receiptRecord(tx);
    const options = receipt ? { receipt } : {};
    const result = tx.type === "preauthCompletion"
      ? await this.acquirer.completePreauth(original, tx.amount, options)
      : tx.type === "preauthCancel"
        ? await this.acquirer.cancelPreauth(original, options)
        : await this.acquirer.void(original, options);
    return this.#answered(tx, result);
  }

  async #signOn(show: boolean, job: Job = {}): Promise<void> {
    if (this.#state !== "starting") this.#enter("sign-on", { id: "CONNECTING" }, this.#t.busy);
    try {
      await this.acquirer.signOn();
      // a request for a sign-on that came before this one is answered by it
      this.#signOnDue = false;
      if (show) this.#end(job, { id: "SIGNED_ON" });
    } catch (e) {
      if (!isXsposError(e) || !(e.code.startsWith("HOST_") || e.code === "NOT_SIGNED_ON")) throw e;
      this.#log(`sign-on failed (${e.code})`);
      if (show || this.#state === "starting") this.#end(job, { id: "NOT_SIGNED_ON" });
    }
  }

  /**
   * Settlement. A cancel or a time-out ends the state at once, while the
   * exchange goes on: the journal's settlement record decides what follows.
   * A batch the host accepted is closed in one record (the totals shown
   * and the report printed all the same); otherwise the batch stays open.
   */
  async #settle(job: Job): Promise<void> {
    this.#busy("settlement");
    const before = this.journal.lastSettlement;
    try {
      const r = await this.acquirer.settle();
      if (this.journal.lastSettlement === before) return this.#end(job, { id: "NO_RESPONSE", reversalQueued: false });
      // the batch is closed: what follows is shown and printed even after a cancel or a time-out
      job.detached = false;
      const t = r.totals;
      const message: Message = {
        id: "SETTLEMENT_TOTALS",
        sales: { count: t.debits, amount: this.#money(t.debitsMinor) },
        refunds: { count: t.credits, amount: this.#money(t.creditsMinor) },
        balanced: r.balanced,
      };
      this.#show(message);
      if (this.#p.receipts) {
        // dated as the settlement record is, so that the report printed again after a reboot is this one
        await this.#print(
          { kind: "settlement", report: settlementReport(t, r.balanced, this.#reportExtras(this.journal.lastSettlement!.utcSeconds * 1000)) },
          { report: "settlement", batch: t.batch, state: "queued" },
        );
      }
      this.#result(message);
    } catch (e) {
      if (!isXsposError(e) || !(e.code.startsWith("HOST_") || e.code === "UPLINK_STATE" || e.code === "REVERSAL_PENDING")) throw e;
      this.#log(`settlement failed (${e.code}), the batch stays open`);
      const refused = hostAnswerRefused(e.code, e instanceof UplinkError ? e.causeCode : undefined);
      // a settlement queues no reversal of its own: an older one that failed again is no news of it (sayReversal), TRY AGAIN as for a sale
      this.#end(job, { id: refused ? "HOST_ERROR" : "NO_RESPONSE", reversalQueued: false });
    }
  }

  async #reprint(): Promise<void> {
    let receipt = this.#lastReceipt;
    if (!receipt) {
      const last = this.journal.latest((t) => t.state === "completed" && t.kind !== "balance");
      if (last) receipt = this.#receiptOrNone(last, this.journal.receiptDataOf(last.stan));
    }
    if (!receipt || !this.#p.receipts) {
      this.#log("nothing to reprint");
      return this.#result({ id: "CANCELLED" });
    }
    await this.#print({ kind: "transaction", copy: "CARDHOLDER", transaction: receipt, reprint: true }, { stan: Number(receipt.trace), merchant: "none", customer: "queued" });
    this.#result({ id: "PRINTING", copy: "CARDHOLDER" });
  }

  /** The open batch's totals report, printed without settling: the batch stays open. */
  async #printTotals(): Promise<void> {
    if (!this.#p.receipts) {
      this.#log("no printer for the totals report");
      return this.#result({ id: "CANCELLED" });
    }
    const report = totalsReport(this.journal.totals(), this.#reportExtras(this.#p.wallClock.utcMs()));
    await this.#print({ kind: "totals", report }, { report: "totals", batch: this.journal.batchNumber, state: "queued" });
    this.#result({ id: "PRINTING" });
  }

  /** What a report prints beyond its totals, dated `epochMs` in the terminal's time zone; the operator's number from the configuration. */
  #reportExtras(epochMs: number): ReportExtras {
    const operator = this.#p.config.receipt?.operator;
    return { merchant: this.#merchant(), ...(operator ? { operator } : {}), currency: this.#currency, when: { epochMs, offsetMinutes: this.#p.wallClock.offsetMinutes() } };
  }

  #merchant(): ReceiptTransaction["merchant"] {
    const m = this.#p.merchant;
    return {
      name: m?.name ?? this.#p.config.terminal.merchantNameAndLocation,
      ...(m?.address ? { address: m.address } : {}),
      merchantId: this.#p.acquirer.merchantId,
      terminalId: this.#p.acquirer.terminalId,
    };
  }

  // ---- receipts ----

  /** The journal's record of the transaction a void, completion or cancellation refers to: the receipt prints its card. */
  #originalOf(view: TransactionView): { original?: TransactionView } {
    let original = view.originalStan ? this.journal.find(view.originalStan) : undefined;
    // a completion read no card: a void of it prints the card of the hold it completed
    if (original && !original.truncatedPan && original.originalStan) original = this.journal.find(original.originalStan) ?? original;
    return original ? { original } : {};
  }

  /** The copies of an approved transaction, when the terminal has a printer. */
  async #printReceipts(tx: Tx, stan: string): Promise<void> {
    const view = this.journal.find(Number(stan));
    const data = this.#receiptRecord(tx);
    if (!view || !data) return;
    const receipt = this.#receiptOrNone(view, data, tx.entry);
    if (!receipt) return;
    this.#lastReceipt = receipt;
    // what the receipt prints beyond the journal's other records, so that a copy printed after a reboot is the same
    const extra = data.cvm !== "none" || data.chip || data.cash || data.basket;
    const kept = !extra || this.journal.receiptDataOf(view.stan) !== undefined || this.journal.receiptData({ stan: view.stan, ...data });
    if (!kept) this.#log("no room to record the receipt's data");
    const copies: PrintRecord = { stan: view.stan, merchant: "queued", customer: "queued" };
    // a job given up at the merchant copy has its customer copy recorded skipped too: the menu's reprint prints it
    if (!(await this.#print({ kind: "transaction", copy: "MERCHANT", transaction: receipt, reprint: false }, copies))) return;
    if (tx.cvm === "signature") this.#show({ id: "SIGNATURE_REQUIRED" });
    await this.#print({ kind: "transaction", copy: "CARDHOLDER", transaction: receipt, reprint: false }, copies);
  }

  /**
   * A transaction's receipt from its journal records and `kept`, what the
   * receipt prints beyond them (the receipt record, or the transaction in
   * progress's own); none (logged) when the journal lacks what the receipt
   * needs, such as its masked PAN: nothing is made up.
   */
  #receiptOrNone(view: TransactionView, kept: Omit<ReceiptRecord, "stan"> | undefined, entry?: EntryMode): ReceiptTransaction | undefined {
    const basket = kept?.basket;
    try {
      return receiptOf(view, {
        merchant: this.#merchant(),
        ...this.#p.config.receipt,
        ...this.#originalOf(view),
        currency: this.#currency,
        cvm: kept?.cvm ?? "none",
        // the names the receipt printed, kept in its record: a reprint prints the same lines whatever the product table says now
        ...(basket ? { items: basket.lines.map((l, i) => ({ name: l.name ?? `ITEM ${i + 1}`, quantity: l.quantity, unitPrice: l.unitPrice, lineTotal: l.quantity * l.unitPrice })), subtotal: basket.subtotal } : {}),
        ...(kept?.cash ? { cash: kept.cash } : {}),
        ...(kept?.chip ? { receiptChip: kept.chip } : {}),
        ...(entry ? { entry } : {}),
      });
    } catch (e) {
      if (!isXsposError(e) || !e.code.startsWith("RECEIPT_")) throw e;
      this.#log(`no receipt for trace ${String(view.stan).padStart(6, "0")} (${e.code})`);
      return undefined;
    }
  }

  /**
   * What the receipt prints beyond the journal's other records, for the
   * record that completes the transaction to carry (no receipt record of
   * its own then); none without a printer.
   */
  #receiptRecord(tx: Tx): Omit<ReceiptRecord, "stan"> | undefined {
    if (!this.#p.receipts) return undefined;
    const chip = tx.chip ? receiptChipOf(tx.chip) : undefined;
    return {
      cvm: tx.cvm,
      ...(chip ? { chip } : {}),
      ...(tx.cash ? { cash: tx.cash } : {}),
      ...(tx.basket ? { basket: { subtotal: tx.total ?? 0, lines: basketLines(tx.basket) } } : {}),
    };
  }

  #withReceipt(tx: Tx, request: AuthorizationRequest): AuthorizationRequest {
    const receipt = this.#receiptRecord(tx);
    return receipt ? { ...request, receipt } : request;
  }

  /**
   * At boot: the copies a power cut left unprinted. A copy that had
   * started (`printing`, `interrupted`) may be partly on paper and prints
   * marked REPRINT; a `queued` one prints as it would have.
   */
  async #finishPrints(): Promise<void> {
    if (!this.#p.receipts) return;
    const pendingPrints = this.journal.pendingPrints();
    for (let i = 0; i < pendingPrints.length; i++) {
      const copies = pendingPrints[i];
      const view = this.journal.find(copies.stan);
      if (!view) continue;
      const receipt = this.#receiptOrNone(view, this.journal.receiptDataOf(view.stan));
      if (!receipt) continue;
      this.#log(`finishing the receipts of trace ${receipt.trace}`);
      const copyLabels = ["MERCHANT", "CARDHOLDER"] as const;
      for (let j = 0; j < copyLabels.length; j++) {
        const copy = copyLabels[j];
        const state = copy === "MERCHANT" ? copies.merchant : copies.customer;
        if (state !== "queued" && state !== "printing" && state !== "interrupted") continue;
        await this.#print({ kind: "transaction", copy, transaction: receipt, reprint: state !== "queued" }, copies);
      }
    }
    // a report a cut stopped: printed again once, marked; a settlement report from the settled record (its totals by type and scheme, its time)
    const report = this.journal.pendingReport();
    if (!report) return;
    const settled = this.journal.lastSettlement;
    let job: ReceiptJob | undefined;
    if (report.report === "totals") {
      if (report.batch === this.journal.batchNumber) job = { kind: "totals", report: totalsReport(this.journal.totals(), this.#reportExtras(this.#p.wallClock.utcMs())), reprint: true };
    } else if (settled?.batch === report.batch) {
      job = { kind: "settlement", report: settlementReport(this.journal.settledTotals()!, settled.balanced, this.#reportExtras(settled.utcSeconds * 1000)), reprint: true };
    }
    if (!job) {
      // its batch is gone (settled since): nothing to print it from, so the job is closed
      if (!this.journal.reportJob({ ...report, state: "skipped" })) this.#log("no room to record the report's print job");
      return;
    }
    this.#log(`printing the ${report.report} report of batch ${report.batch} again`);
    await this.#print(job, { ...report, state: "printing" });
  }

  /**
   * Prints one job; on a printer problem waits for the printer and prints
   * the copy again, marked REPRINT: part of it may already be on the paper.
   * CANCEL at the problem, its time-out or the printing state's time-out
   * gives the job up: this copy and the job's copies after it are recorded
   * skipped (not printed at the next boot; the menu's reprint prints the
   * receipt), and the result is false.
   */
  async #print(first: ReceiptJob, copies: PrintRecord | ReportJobRecord): Promise<boolean> {
    const receipts = this.#p.receipts!;
    let job = first;
    for (;;) {
      // the state's own time-out is the `copy` bound: a printer or driver that never ends the copy does not hold the terminal
      this.#enter("receipt", { id: "PRINTING", ...(job.kind === "transaction" ? { copy: job.copy } : {}) }, this.#t.copy);
      let problem: PrinterProblem | undefined;
      this.#markCopy(job, copies, "printing");
      try {
        const r = await this.#bounded(receipts.print(job));
        this.#clearTimer();
        if (r === undefined) return this.#giveUp(job, copies);
        problem = r.printed ? undefined : r.problem;
      } catch (e) {
        this.#clearTimer();
        if (!isXsposError(e)) throw e;
        if (e.code.startsWith("RECEIPT_")) {
          // the receipt cannot be built from its data: no printer would print it, so waiting on the printer is pointless
          this.#log(`receipt not printable (${e.code}), copy skipped`);
          this.#markCopy(job, copies, "skipped");
          return true;
        }
        problem = "ERROR";
      }
      // outside the try: a journal failure is not a printer problem
      if (problem === undefined) {
        this.#markCopy(job, copies, "done");
        return true;
      }
      this.#markCopy(job, copies, "interrupted");
      this.#log(`printer ${problem}`);
      const again = await new Promise<boolean>((resolve) => {
        this.#enter("receipt", { id: "PRINTER_PROBLEM", problem }, this.#t.printer);
        this.#printProblem = resolve;
      });
      this.#printProblem = undefined;
      if (!again) return this.#giveUp(job, copies);
      if (job.kind === "transaction") job = { ...job, reprint: true };
    }
  }

  /**
   * The print-job record of `job`'s copy as it goes to `state`: a copy's
   * end (done, skipped) is written; its start only when the journal does
   * not already hold it as the copy to print (the first one not ended of
   * a job its completion carried). A method, not a closure of `#print`:
   * a function made at run time in preloaded code is copied into RAM with
   * its bytecode.
   */
  #markCopy(job: ReceiptJob, copies: PrintRecord | ReportJobRecord, state: PrintState): void {
    if ("report" in copies) {
      // a report's job: its start and its end
      if (state === "interrupted" || (state === "printing" && copies.state === "printing")) return;
      copies.state = state;
      if (!this.journal.reportJob(copies)) this.#log("no room to record the report's print job");
      return;
    }
    if (job.kind !== "transaction") return;
    const merchant = job.copy === "MERCHANT";
    if (merchant) copies.merchant = state;
    else copies.customer = state;
    if (state === "interrupted") return;
    if (state === "printing") {
      const held = this.journal.printJobOf(copies.stan);
      const recorded = held && (merchant ? held.merchant : held.customer);
      if (recorded === "queued" || recorded === "printing" || recorded === "interrupted") return;
    }
    if (!this.journal.printJob(copies)) this.#log("no room to record the print job");
  }

  /** A print job given up at `job`'s copy: it and the job's copies after it recorded skipped. */
  #giveUp(job: ReceiptJob, copies: PrintRecord | ReportJobRecord): false {
    this.#log("print job given up, the rest of it not printed");
    // the merchant copy's end and the customer copy's in one record
    if ("stan" in copies && job.kind === "transaction" && job.copy === "MERCHANT" && copies.customer === "queued") copies.customer = "skipped";
    this.#markCopy(job, copies, "skipped");
    return false;
  }

  /**
   * A copy's printing, or undefined when the printing state's time-out
   * (the `copy` bound) came first: a printer or driver that never ends
   * the job does not hold the terminal. What the stuck job does later is
   * ignored.
   */
  async #bounded(printing: Promise<PrintResult>): Promise<PrintResult | undefined> {
    try {
      return await new Promise<PrintResult | undefined>((resolve, reject) => {
        this.#printStuck = () => resolve(undefined);
        printing.then(resolve, reject);
      });
    } finally {
      this.#printStuck = undefined;
    }
  }

  #printerStatus(ready: boolean): void {
    if (ready && this.#state === "receipt") this.#printProblem?.(true);
  }

  // ---- the chip ----

  #cardRemoved(): void {
    const s = this.#state;
    if (s === "remove-card") return this.#idle();
    if (s === "application") return this.#cardholder?.answer("cancel");
    if (s === "pin") return this.#session?.abort();
    // a card taken out before it was read is forgotten, whatever the slot still says: the terminal asks for a card when it needs one
    const tx = this.#tx;
    if (ENTRY_STATES.has(s) && tx?.transport) {
      tx.transport = undefined;
      this.#log(`the card was taken out at ${s}, before it was read`);
    }
    // during processing, online and completion the kernel finds the card gone and ends with card-removed
  }

  async #chip(transport: ApduTransport): Promise<void> {
    const tx = this.#tx!;
    this.#busy("processing");
    tx.entry = "chip";
    const cardholder = new KeypadCardholder({
      // once the state ended (a time-out), the kernel's questions to the cardholder are answered "cancel" at once
      enter: (state, message) => {
        if (!tx.detached) this.#enter(state, message, state === "application" ? this.#t.application : this.#t.busy);
        else if (state === "application") cardholder.answer("cancel");
      },
      show: (message) => {
        if (!tx.detached) this.#show(message);
      },
      pinEntry: (target, bypassAllowed, done) => (tx.detached ? done({ kind: "cancelled" }) : this.#pinEntry(target, bypassAllowed, done)),
      log: this.#p.log,
    });
    this.#cardholder = cardholder;
    const kernel = new EmvKernel({
      transport,
      crypto: this.#p.crypto,
      config: this.#p.config,
      cardholder,
      trace: (x) => cardholder.trace(x),
    });
    const first = await kernel.start(this.#emvTransaction(tx));
    this.#log(`chip ${first.kind}${first.kind === "cancelled" && first.cause === "timeout" ? " (time-out)" : ""}`);
    if (first.kind === "end-application") {
      if (first.fallback) {
        tx.chipFailed = true;
        tx.transport = undefined;
        this.#log(`chip failed (${first.reason}), the stripe may be used`);
        if (tx.detached) return this.#end(tx, { id: "CANCELLED" });
        return this.#enter("present-card", { id: "FALLBACK_SWIPE" }, this.#t.card);
      }
      return this.#end(tx, { id: first.reason === "no-application" ? "CARD_NOT_SUPPORTED" : first.reason === "card-blocked" ? "CARD_BLOCKED" : "READ_ERROR" });
    }
    if (first.kind === "card-removed") return this.#end(tx, { id: "CARD_REMOVED" });
    // a PIN entry or application choice nobody answered in time is a time-out, as on the stripe; CANCELLED is for the CANCEL key (or the card pulled at the PIN)
    if (first.kind === "cancelled") return this.#end(tx, { id: first.cause === "timeout" ? "TIMEOUT" : "CANCELLED" });
    if (tx.abandoned) {
      // cancelled or timed out while the card was read: nothing has gone to the host yet, so nothing goes
      kernel.abort();
      cardholder.clear();
      return this.#end(tx, { id: "CANCELLED" });
    }
    // the rest in a function of its own: this one's saved frame, with all it set up, is let go while the host answers
    return this.#chipAuthorized(tx, kernel, first, cardholder.takeOnlinePin());
  }

  /** The transaction's data elements for the kernel: its type, amount, local date and time, sequence counter. */
  #emvTransaction(tx: Tx): EmvTransaction {
    const w = this.#p.wallClock;
    const at = toLocalDateTime(w.utcMs(), w.offsetMinutes());
    const seconds = Math.floor(w.utcMs() / 1000) % 60;
    const two = (n: number) => String(n).padStart(2, "0");
    return {
      type: tx.type === "refund" ? "refund" : "purchase",
      amount: tx.amount,
      date: two(at.year % 100) + two(at.month) + two(at.day),
      time: two(at.hour) + two(at.minute) + two(seconds),
      sequenceCounter: (this.journal.peekStan() % 99_999_999) || 1,
      // a balance inquiry and a pre-authorization need the issuer
      ...(tx.type === "balance" || tx.type === "preauth" ? { forceOnline: true } : {}),
    };
  }

  /**
   * A chip transaction once the card has given its first cryptogram: the
   * advice of an offline approval, or the host's authorization and the
   * card's second GENERATE AC, with a reversal where the two disagree.
   */
  async #chipAuthorized(tx: Tx, kernel: EmvKernel, first: ApprovedOutcome | DeclinedOutcome | OnlineOutcome, onlinePin: ReturnType<KeypadCardholder["takeOnlinePin"]>): Promise<void> {
    tx.chip = first;
    tx.cvm = first.onlinePin || offlinePinVerified(first) ? "pin" : first.signatureRequired ? "signature" : "none";
    let request: AuthorizationRequest | undefined = chipRequest(requestKind(tx.type), tx.amount, this.#currency.numeric, first, onlinePin);
    if (tx.type === "sale" && first.kind === "approved") {
      // approved offline by the card: an advice tells the host
      // the receipt's data rides in the advice's record: the sale is one write until its copies print
      await this.acquirer.advise({ ...this.#withReceipt(tx, request), authCode: "Y1" });
      const view = this.journal.latest();
      return this.#finish(tx, { status: "approved", stan: view ? String(view.stan).padStart(6, "0") : "000000", reason: "approved offline", prompt: "APPROVED", authCode: "Y1" });
    }
    if ((tx.type === "sale" || tx.type === "preauth") && first.kind === "declined") return this.#end(tx, { id: "DECLINED", responseCode: "Z1" });
    // the card's online request is what the terminal completes or reverses after the host's answer
    const deferred = tx.type === "sale" || (tx.type === "preauth" && first.kind === "online");
    // online (a sale's ARQC), a refund's AAC by design, a balance inquiry: the host decides
    this.#busy("online");
    const authorizing = this.acquirer.authorize(this.#withReceipt(tx, { ...request, ...(deferred ? { deferCompletion: true } : {}) }));
    // let go while the host answers: this function's saved frame would hold the request (the PAN, track and chip data among it)
    request = undefined;
    const result = await authorizing;
    // a refund's AAC or a balance inquiry: no second GENERATE AC, the host's approval is final
    if (first.kind !== "online") return this.#answered(tx, result);
    tx.stan = result.stan;
    if (!tx.detached) this.#busy("completion");
    const final: KernelOutcome = await kernel.complete(result.status === "failed"
      ? { kind: "unable-to-go-online" }
      : { kind: "host", approved: result.status === "approved", responseCode: result.responseCode ?? "05", ...issuerAnswer(result.issuerData) });
    this.#log(`chip completion ${final.kind}`);
    if (!deferred || result.status !== "approved") {
      if (final.kind === "card-removed") return this.#end(tx, { id: "CARD_REMOVED" });
      return this.#answered(tx, result);
    }
    if (final.kind === "approved" && !tx.abandoned) {
      tx.chip = final;
      // the completion queues the TC upload (and the issuer script results) for the host in the same journal record
      this.acquirer.complete(result.stan, { iccData: completionChipData(final.de55, final.tsi, result.responseCode ?? "00") }, this.#receiptRecord(tx));
      return this.#finish(tx, result);
    }
    // the host approved but the card declined, left, or the merchant gave up: the approval is reversed
    await this.acquirer.reverse(result.stan);
    this.#log(`approval ${result.stan} reversed (${final.kind})`);
    if (final.kind === "card-removed") return this.#end(tx, { id: "CARD_REMOVED" });
    if (tx.abandoned) return this.#end(tx, { id: "CANCELLED" });
    this.#end(tx, { id: "DECLINED", responseCode: "Z3" });
  }
}
