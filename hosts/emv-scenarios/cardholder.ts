/**
 * The cardholder of a scenario, behind the kernel's `CardholderPort`:
 * application choice and PIN prompts answered from the scenario. Digits
 * become the ISO 9564-1 format 2 PIN block of an offline PIN (which the
 * kernel wipes once sent) or, for an online PIN, only the fact that one
 * was entered; nothing here keeps or shows them.
 */
import type { Crypto } from "../../modules/crypto/port.ts";
import type { ApplicationChoice, CardholderPort, PinEntry, PinRequest } from "../../modules/emv/kernel/ports.ts";
import { clearPinBlock } from "../../modules/pin/pin-block.ts";
import type { PinAction } from "./scenario.ts";

/** One PIN prompt as the report shows it: no digits. */
export interface PinPrompt {
  kind: "offline" | "online";
  enciphered?: boolean;
  triesLeft?: number;
  retry?: boolean;
  /** what the cardholder did: `pin` (digits entered), `bypass`, `cancel`, `unavailable`, or `none` when the scenario had no answer left */
  answer: "pin" | "bypass" | "cancel" | "unavailable" | "none";
}

/** A cardholder answering from a script; `prompts` and `choices` record what was asked, without digits. */
export class ScenarioCardholder implements CardholderPort {
  readonly prompts: PinPrompt[] = [];
  readonly choices: { candidates: string[]; retry: boolean; confirm: boolean; chosen: number }[] = [];
  #pins: PinAction[];
  #application: number | undefined;
  #crypto: Crypto;

  /**
   * @param application - the index (in the order shown) the cardholder picks; the first when absent
   * @param pins - one answer per PIN prompt, in order
   */
  constructor(crypto: Crypto, pins: readonly PinAction[], application?: number) {
    this.#crypto = crypto;
    this.#pins = [...pins];
    this.#application = application;
  }

  chooseApplication(choice: ApplicationChoice): Promise<number | "cancel"> {
    // a second choice (after a failed one) falls back to the first offered
    const chosen = this.choices.length === 0 && this.#application !== undefined ? this.#application : 0;
    this.choices.push({ candidates: choice.candidates.map((c) => c.aid), retry: choice.retry, confirm: choice.confirm, chosen });
    return Promise.resolve(chosen);
  }

  enterPin(request: PinRequest): Promise<PinEntry> {
    const action = this.#pins.shift();
    const prompt: PinPrompt = { kind: request.kind, answer: "none" };
    if (request.kind === "offline") {
      prompt.enciphered = request.enciphered;
      prompt.retry = request.retry;
      if (request.triesLeft !== undefined) prompt.triesLeft = request.triesLeft;
    }
    this.prompts.push(prompt);
    if (action === undefined) return Promise.resolve({ kind: "cancelled" });
    if (action === "bypass" || action === "cancel" || action === "unavailable") {
      prompt.answer = action;
      return Promise.resolve({ kind: action === "bypass" ? "bypassed" : action === "cancel" ? "cancelled" : "unavailable" });
    }
    prompt.answer = "pin";
    if (request.kind === "online") return Promise.resolve({ kind: "online-pin" });
    const digits = Uint8Array.from(action, (c) => c.charCodeAt(0) - 48);
    const block = clearPinBlock(this.#crypto, 2, digits);
    digits.fill(0);
    return Promise.resolve({ kind: "offline-pin", block });
  }

  /** PIN answers the transaction did not use. */
  get pinsLeft(): number {
    return this.#pins.length;
  }
}
