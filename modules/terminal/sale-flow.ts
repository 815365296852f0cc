import type { KeyEvent } from "../core/keys.ts";
import type { Clock, Display, Log } from "../core/ports.ts";
import type { Crypto } from "../crypto/port.ts";
import type { TrackSummary } from "../card/card.ts";
import { PinSession, type PinKey, type PinResult } from "../pin/pin-session.ts";
import { AmountEntry } from "./amount-entry.ts";
import { formatAmount, type AmountLocale, type Currency } from "./currency.ts";
import { assessSwipe, type SwipedTrack } from "./swipe-outcome.ts";

/** A sale ready for online authorization: what the acquirer message will carry. */
export interface SaleRequest {
  amountMinor: number;
  currency: Currency;
  /** masked, for display, receipt and log */
  card: TrackSummary;
  /** the full PAN and track 2 (between its sentinels), for the authorization message only */
  pan: string;
  track2?: string;
  /** the stripe was used after the chip failed */
  fallback: boolean;
  /** the enciphered PIN block and its KSN, when a PIN was entered */
  pin?: Extract<PinResult, { kind: "pin" }>;
  /** the tracks as read, for the authorization message only: never shown, logged or stored */
  tracks: SwipedTrack[];
}

/** Options of {@link SaleFlow}. */
export interface SaleFlowOptions {
  clock: Clock;
  display: Display;
  log: Log;
  crypto: Crypto;
  currency: Currency;
  locale: AmountLocale;
  /** the key for each online PIN (the next DUKPT PIN key) */
  pinKey: () => PinKey;
  /** the terminal's calendar month, for expiry checks */
  today: () => { year: number; month: number };
  /** a sale is ready to go online */
  onRequest: (request: SaleRequest) => void;
}

type State =
  | { name: "amount"; entry: AmountEntry }
  | { name: "card"; amount: number; chipFailed: boolean }
  | { name: "pin"; amount: number; session: PinSession }
  | { name: "done" };

/**
 * The sale as a terminal runs it (the first steps of the payment flow):
 * amount on the keypad, then the card, then the PIN when the service code
 * asks for one, then a request ready for the acquirer. A chip card's
 * stripe is refused until the chip has failed; CANCEL at any step starts
 * over.
 */
export class SaleFlow {
  #o: SaleFlowOptions;
  #state: State = { name: "done" };

  constructor(options: SaleFlowOptions) {
    this.#o = options;
    this.start();
  }

  /** Starts a new sale at the amount prompt. */
  start(): void {
    if (this.#state.name === "pin") this.#state.session.abort();
    const entry = new AmountEntry({
      currency: this.#o.currency,
      locale: this.#o.locale,
      display: this.#o.display,
      prompt: ["SALE", "AMOUNT"],
      onDone: (r) => (r.kind === "amount" ? this.#askCard(r.minor, false) : this.start()),
    });
    this.#state = { name: "amount", entry };
  }

  /** Where the sale stands, for the host's status line. */
  get step(): "amount" | "card" | "pin" | "done" {
    return this.#state.name;
  }

  /** A key from the keypad. */
  key(event: KeyEvent): void {
    const s = this.#state;
    if (s.name === "amount") s.entry.key(event);
    else if (s.name === "pin") s.session.key(event);
    else if (s.name === "card" && event.key === "CANCEL") this.#cancel();
  }

  /** The chip reader reports that this card's chip could not be used: the stripe may now be swiped. */
  chipFailed(): void {
    const s = this.#state;
    if (s.name !== "card") return;
    this.#o.log.write("sale: chip failed, fallback to the stripe allowed");
    this.#askCard(s.amount, true);
  }

  /** A swipe from the magstripe reader. */
  swipe(tracks: SwipedTrack[]): void {
    const s = this.#state;
    if (s.name !== "card") return;
    const outcome = assessSwipe(tracks, { today: this.#o.today(), chipFailed: s.chipFailed });
    if (outcome.kind === "rejected") {
      this.#o.log.write(`sale: swipe refused (${outcome.code})`);
      return this.#o.display.show([...outcome.prompt, this.#amountLine(s.amount)]);
    }
    if (outcome.kind === "use-chip") {
      this.#o.log.write(`sale: chip card ${outcome.summary.pan}, chip required`);
      return this.#o.display.show([...outcome.prompt, this.#amountLine(s.amount)]);
    }
    const card = outcome.summary;
    const fallback = outcome.fallback;
    const t2 = tracks.find((t) => t.ok && t.track === 2);
    const cardData = { card, pan: outcome.pan, ...(t2 && t2.ok ? { track2: t2.data } : {}) };
    this.#o.log.write(`sale: card ${card.pan} ${card.scheme}${fallback ? " (fallback)" : ""}`);
    const pinWanted = card.serviceCode?.pin === "required" || card.serviceCode?.pin === "if-pin-pad-present";
    if (!pinWanted) return this.#ready({ amountMinor: s.amount, currency: this.#o.currency, ...cardData, fallback, tracks });
    const session = new PinSession({
      clock: this.#o.clock,
      display: this.#o.display,
      log: this.#o.log,
      crypto: this.#o.crypto,
      prompt: [this.#amountLine(s.amount), "ENTER PIN"],
      target: { kind: "online", format: 0, pan: outcome.pan, keySource: this.#o.pinKey },
      onDone: (r) => {
        if (r.kind === "pin") this.#ready({ amountMinor: s.amount, currency: this.#o.currency, ...cardData, fallback, tracks, pin: r });
        else if (r.kind === "bypass") this.#ready({ amountMinor: s.amount, currency: this.#o.currency, ...cardData, fallback, tracks });
        else this.#cancel(r.kind === "failed" ? r.code : r.kind);
      },
    });
    this.#state = { name: "pin", amount: s.amount, session };
  }

  #askCard(amount: number, chipFailed: boolean): void {
    this.#state = { name: "card", amount, chipFailed };
    this.#o.display.show([this.#amountLine(amount), chipFailed ? "SWIPE CARD" : "INSERT OR SWIPE"]);
  }

  #ready(request: SaleRequest): void {
    this.#state = { name: "done" };
    this.#o.display.show([this.#amountLine(request.amountMinor), request.card.pan, "AUTHORIZING"]);
    this.#o.onRequest(request);
  }

  #cancel(reason = "cancelled"): void {
    this.#o.log.write(`sale: ${reason}`);
    this.#o.display.show(["CANCELLED"]);
    this.start();
  }

  #amountLine(minor: number): string {
    return formatAmount(minor, this.#o.currency, this.#o.locale);
  }
}
