/**
 * The messages between main.ts's side of the virtual card
 * (worker-card.ts) and the card's EMV application in its worker
 * (card-worker.ts). XS marshalling copies them from one machine to the
 * other: plain objects and Uint8Arrays.
 */
import type { CommandApdu } from "../../modules/iso7816/apdu.ts";

/** To the worker, first: the card of the wallet (wallet.ts) to play. */
export interface StartCard {
  walletIndex: number;
}

/** To the worker, then: one command APDU, as a plain object. */
export type CommandMessage = CommandApdu;

/** From the worker, to {@link StartCard}: the card's answer to reset and protocol, or why there is no card. */
export type CardStarted = { atr: Uint8Array; protocol: 0 | 1 } | { error: string; message: string };

/** From the worker, to each {@link CommandMessage}: the answer, and whether the card has left the reader since (the profile's removal point). */
export interface AnswerMessage {
  data?: Uint8Array;
  sw: number;
  removed: boolean;
}
