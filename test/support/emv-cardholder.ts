/**
 * The cardholder's side of the EMV kernel, scripted: application choices
 * and PIN entries answered from lists, every request kept for the test to
 * inspect. PIN blocks are built fresh for each answer, since the kernel
 * wipes what it is given.
 */
import type { ApplicationChoice, CardholderPort, PinEntry, PinRequest } from "../../modules/emv/kernel/ports.ts";

/** An ISO 9564-1 format 2 PIN block: 2, the length, the digits, F padding. */
export function format2PinBlock(pin: string): Uint8Array {
  const nibbles = [2, pin.length, ...Array.from(pin, (c) => c.charCodeAt(0) - 48)];
  while (nibbles.length < 16) nibbles.push(15);
  const out = new Uint8Array(8);
  for (let i = 0; i < 8; i++) out[i] = (nibbles[2 * i] << 4) | nibbles[2 * i + 1];
  return out;
}

/** A PIN answer: an offline PIN (digits), or another kind of entry. */
export type PinAnswer = { pin: string } | PinEntry;

export class ScriptedCardholder implements CardholderPort {
  readonly choices: ApplicationChoice[] = [];
  readonly pinRequests: PinRequest[] = [];
  /** the blocks handed to the kernel, to check they were wiped */
  readonly blocks: Uint8Array[] = [];
  #choose: (number | "cancel" | "timeout")[] | undefined;
  #pins: PinAnswer[];
  chooseApplication?: (choice: ApplicationChoice) => Promise<number | "cancel" | "timeout">;

  constructor(script: { choose?: (number | "cancel" | "timeout")[]; pins?: PinAnswer[] } = {}) {
    this.#choose = script.choose;
    this.#pins = script.pins ?? [];
    if (this.#choose) {
      this.chooseApplication = (choice) => {
        this.choices.push(choice);
        const answer = this.#choose!.shift();
        if (answer === undefined) throw new Error("the test did not expect another application choice");
        return Promise.resolve(answer);
      };
    }
  }

  enterPin(request: PinRequest): Promise<PinEntry> {
    this.pinRequests.push(request);
    const answer = this.#pins.shift();
    if (!answer) throw new Error(`the test did not expect a PIN request (${request.kind})`);
    if ("pin" in answer) {
      const block = format2PinBlock(answer.pin);
      this.blocks.push(block);
      return Promise.resolve({ kind: "offline-pin", block });
    }
    return Promise.resolve(answer);
  }

  /** PIN answers not used. */
  get pinsLeft(): number {
    return this.#pins.length;
  }
}
