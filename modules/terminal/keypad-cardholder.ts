import { digitOf, type KeypadKey } from "../core/keys.ts";
import type { Log } from "../core/ports.ts";
import type { Message } from "../display/message.ts";
import type { ApduExchange, ApplicationChoice, CardholderPort, PinEntry, PinRequest } from "../emv/kernel/ports.ts";
import type { PinResult } from "../pin/pin-session.ts";
import { panInRecord } from "./chip-data.ts";

/** Where a PIN goes: to the acquirer under DUKPT (format 0, with the card's PAN), or to the card (format 2). */
export type PinTargetRequest = { kind: "online"; format: 0; pan: string } | { kind: "offline" };

/** What the cardholder side needs of the terminal: its screen, its states and its PIN session. */
export interface CardholderHost {
  /** shows the application choice (`application`) or goes back to work (`processing`), with the state's time-out */
  enter(state: "application" | "processing", message: Message): void;
  show(message: Message): void;
  /** runs one PIN session in the terminal's `pin` state */
  pinEntry(target: PinTargetRequest, bypassAllowed: boolean, done: (r: PinResult) => void): void;
  log: Log;
}

/**
 * The kernel's cardholder port on the terminal's keypad and screen, for
 * one chip transaction: the application choice (1-9, or ENTER to
 * confirm), offline PIN as the PIN session's format 2 block, online PIN
 * as a DUKPT block kept here for the authorization request. The PAN that
 * block needs is taken from the card's records as they pass the trace.
 */
export class KeypadCardholder implements CardholderPort {
  readonly #host: CardholderHost;
  #choose: ((answer: number | "cancel" | "timeout") => void) | undefined;
  #choice: ApplicationChoice | undefined;
  #pan: string | undefined;
  #onlinePin: { block: Uint8Array; ksn?: Uint8Array } | undefined;

  constructor(host: CardholderHost) {
    this.#host = host;
  }

  /** The kernel's APDU trace. */
  trace(x: ApduExchange): void {
    const pan = panInRecord(x);
    if (pan) this.#pan = pan;
  }

  /** The online PIN block and its KSN, once: the request takes it. */
  takeOnlinePin(): { block: Uint8Array; ksn?: Uint8Array } | undefined {
    const pin = this.#onlinePin;
    this.#onlinePin = undefined;
    return pin;
  }

  /** Forgets the PAN and any PIN block (the transaction is over). */
  clear(): void {
    this.#pan = undefined;
    this.#onlinePin = undefined;
    if (this.#choose) this.answer("cancel");
  }

  chooseApplication(choice: ApplicationChoice): Promise<number | "cancel" | "timeout"> {
    return new Promise((resolve) => {
      this.#choose = resolve;
      this.#choice = choice;
      const labels = choice.candidates.map((c) => (c.label ?? c.aid).slice(0, 16));
      this.#host.enter("application", choice.confirm ? { id: "CONFIRM_APPLICATION", label: labels[0] } : { id: "SELECT_APPLICATION", labels: labels.slice(0, 9) });
    });
  }

  /** A key while the choice is on screen. */
  key(k: KeypadKey): void {
    const choice = this.#choice;
    if (!choice) return;
    if (choice.confirm) {
      if (k === "ENTER") this.answer(0);
      return;
    }
    const d = digitOf(k);
    if (d !== undefined && d >= 1 && d <= Math.min(9, choice.candidates.length)) this.answer(d - 1);
  }

  /** Ends the choice: an index, `cancel` (CANCEL, the card removed) or `timeout` (the state's time-out). */
  answer(answer: number | "cancel" | "timeout"): void {
    const resolve = this.#choose;
    this.#choose = undefined;
    this.#choice = undefined;
    if (!resolve) return;
    this.#host.enter("processing", { id: "PROCESSING" });
    resolve(answer);
  }

  enterPin(request: PinRequest): Promise<PinEntry> {
    return new Promise((resolve) => {
      const offline = request.kind === "offline";
      const pan = offline ? undefined : request.pan || this.#pan;
      if (offline) {
        if (request.retry) this.#host.show({ id: "WRONG_PIN", ...(request.triesLeft !== undefined ? { triesLeft: request.triesLeft } : {}) });
      } else if (!pan) {
        this.#host.log.write("terminal: online PIN asked before the PAN was read");
        resolve({ kind: "unavailable" });
        return;
      }
      this.#host.pinEntry(offline ? { kind: "offline" } : { kind: "online", format: 0, pan: pan! }, true, (r) => {
        this.#host.enter("processing", { id: "PROCESSING" });
        if (r.kind === "pin") {
          if (offline) return resolve({ kind: "offline-pin", block: r.block });
          this.#onlinePin = { block: r.block, ...(r.ksn ? { ksn: r.ksn } : {}) };
          resolve({ kind: "online-pin" });
        } else if (r.kind === "bypass") resolve({ kind: "bypassed" });
        else if (r.kind === "failed") resolve({ kind: "unavailable" });
        // the cardholder who walked away is told so: the kernel ends a time-out apart from a cancel
        else if (r.kind === "timeout") resolve({ kind: "timed-out" });
        else resolve({ kind: "cancelled" });
      });
    });
  }
}
