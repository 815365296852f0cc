/*
 * How the drivers' callbacks become the terminal's events, the same on
 * every host: the printer's status changes, the chip slot's presence
 * (insertion, activation, removal) and the card found in the slot at
 * boot. A host creates the drivers on its IO and hands them here; what
 * each callback means for the terminal is decided once, in this file.
 */
import { toHex } from "../core/hex.ts";
import type { Log } from "../core/ports.ts";
import type { ApduTransport, CardPresenceListener } from "../iso7816/transport.ts";
import type { TerminalEvent } from "./ports.ts";

/** What activation found, as the slot driver's `powerOn` reports it (drivers/smartcard `PowerOnResult`, structurally). */
export interface ActivatedCard {
  atr: { bytes: Uint8Array };
  protocol: 0 | 1;
  baud: number;
}

/**
 * A chip slot as the terminal's wiring needs it: the `ApduTransport` port
 * with its presence events, and activation (ATR, PPS). drivers/smartcard
 * `SmartcardSlot` is one; a module does not import a driver, so it is
 * named by its shape.
 */
export interface CardSlot extends ApduTransport {
  /** Cold reset, ATR, PPS; rejects when the card gives no usable answer (or leaves) and leaves the slot powered down. */
  powerOn(): Promise<ActivatedCard>;
}

/**
 * A printer status as the printer driver reports it (drivers/printer
 * `PrinterStatus`, structurally): only a `reported` status that says
 * `ready` lets a job go on; garbage, no answer or an unknown state do not.
 */
export interface PrinterStatusReport {
  kind: string;
  ready?: boolean;
}

/** The part of the terminal the drivers' events go to (`Terminal` from createTerminal). */
export interface TerminalEventSink {
  start(): Promise<void>;
  handle(event: TerminalEvent): void;
}

/** Options of {@link DeviceEvents}. */
export interface DeviceEventsOptions<S extends CardSlot> {
  log: Log;
  /**
   * What the terminal reads an activated card through: the slot itself
   * unless the host wraps it (the desktop simulator traces each APDU).
   */
  transport?: (slot: S, card: ActivatedCard) => ApduTransport;
}

/**
 * The drivers' callbacks as terminal events.
 *
 * - Printer: `printerStatus` is the printer driver's `onStatus`; a change
 *   of readiness (ready ⇄ not ready) becomes a `printer` event, so a
 *   printer ready again resumes the copy the terminal waits on. The
 *   printer is taken as ready until a status says otherwise.
 * - Chip slot: `attach(slot)` follows the slot's presence. A card that
 *   comes in is activated (`powerOn`) before the terminal sees it:
 *   `card-inserted` with its transport, or `chip-error` with the error's
 *   code when activation fails with the card still in (the stripe may
 *   then be used); a card that leaves is `card-removed`. A card already in
 *   the slot (at boot, or a slot attached with its card in) is activated
 *   the same way once the terminal has started: nothing reaches the
 *   terminal before `start` has ended.
 */
export class DeviceEvents<S extends CardSlot = CardSlot> {
  readonly #o: DeviceEventsOptions<S>;
  #terminal: TerminalEventSink | undefined;
  #started = false;
  #printerReady = true;
  #slots = new Set<S>();
  #activating = new Set<S>();
  #activation: Promise<void> = Promise.resolve();

  constructor(options: DeviceEventsOptions<S>) {
    this.#o = options;
  }

  /** Resolves once the activation under way, if any, has reached the terminal (for a host that runs a virtual clock). */
  get activation(): Promise<void> {
    return this.#activation;
  }

  /**
   * Starts `terminal` (recovery, sign-on, idle); from then on the drivers'
   * events reach it, and a card found in an attached slot is activated.
   */
  async start(terminal: TerminalEventSink): Promise<void> {
    this.#terminal = terminal;
    await terminal.start();
    this.#started = true;
    for (const slot of this.#slots) if (slot.present) this.#activate(slot);
  }

  /** The printer driver's `onStatus`. */
  printerStatus(status: PrinterStatusReport): void {
    const ready = status.kind === "reported" && status.ready === true;
    if (ready === this.#printerReady) return;
    this.#printerReady = ready;
    if (this.#started) this.#terminal?.handle({ type: "printer", ready });
  }

  /**
   * Follows `slot`'s presence; a card in it already is activated now (or
   * when the terminal has started).
   * @returns a function that stops following it (before the host closes the slot)
   */
  attach(slot: S): () => void {
    this.#slots.add(slot);
    const listener: CardPresenceListener = {
      onInserted: () => {
        if (this.#started) this.#activate(slot);
      },
      onRemoved: () => {
        if (this.#started) this.#terminal?.handle({ type: "card-removed" });
      },
    };
    const unsubscribe = slot.subscribe(listener);
    if (this.#started && slot.present) this.#activate(slot);
    return () => {
      unsubscribe();
      this.#slots.delete(slot);
    };
  }

  #activate(slot: S): void {
    if (this.#activating.has(slot)) return;
    this.#activating.add(slot);
    const log = this.#o.log;
    const done = slot.powerOn().then(
      (card) => {
        log.write(`chip: ATR ${toHex(card.atr.bytes)}, T=${card.protocol}, ${card.baud} bit/s`);
        this.#terminal?.handle({ type: "card-inserted", transport: this.#o.transport?.(slot, card) ?? slot });
      },
      (e: unknown) => {
        const code = (e as { code?: string } | undefined)?.code ?? "CHIP_ERROR";
        log.write(`chip: ${code}`);
        // a card pulled out during activation is no chip failure: its removal reaches the terminal as card-removed
        if (slot.present) this.#terminal?.handle({ type: "chip-error", code });
      },
    );
    this.#activation = done.finally(() => this.#activating.delete(slot));
  }
}
