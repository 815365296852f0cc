/**
 * An in-memory {@link ApduTransport} for tests of what runs above the card
 * reader (the EMV kernel): each command must be the next one of the
 * script, in hex, and gets the scripted response; insertion and removal
 * are played by hand.
 */
import { fromHex, toHex } from "../../modules/core/hex.ts";
import { encodeCommand, parseResponse, type CommandApdu, type ResponseApdu } from "../../modules/iso7816/apdu.ts";
import { Iso7816Error } from "../../modules/iso7816/error.ts";
import type { ApduTransport, CardPresenceListener } from "../../modules/iso7816/transport.ts";

/** One step: the command expected (hex of its bytes) and the response to give (hex, data then SW1 SW2). */
export interface ScriptStep {
  command: string;
  response: string;
}

export class ScriptedTransport implements ApduTransport {
  #steps: ScriptStep[];
  #listeners = new Set<CardPresenceListener>();
  present: boolean;
  /** every command received, in hex */
  readonly sent: string[] = [];

  constructor(steps: ScriptStep[], options: { present?: boolean } = {}) {
    this.#steps = [...steps];
    this.present = options.present ?? true;
  }

  /** Steps not yet played. */
  get remaining(): number {
    return this.#steps.length;
  }

  async transmit(command: CommandApdu | Uint8Array): Promise<ResponseApdu> {
    if (!this.present) throw new Iso7816Error("CARD_REMOVED", "no card in the reader");
    const hex = toHex(command instanceof Uint8Array ? command : encodeCommand(command));
    this.sent.push(hex);
    const step = this.#steps.shift();
    if (!step) throw new Error(`the script has ended; the command was ${hex}`);
    if (toHex(fromHex(step.command)) !== hex) throw new Error(`the script expected ${step.command}, the command was ${hex}`);
    return parseResponse(fromHex(step.response));
  }

  subscribe(listener: CardPresenceListener): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  insert(): void {
    this.present = true;
    for (const l of [...this.#listeners]) l.onInserted?.();
  }

  remove(): void {
    this.present = false;
    for (const l of [...this.#listeners]) l.onRemoved?.();
  }
}
