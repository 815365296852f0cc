import type { CommandApdu, ResponseApdu } from "./apdu.ts";

/** Callbacks for a card arriving and leaving, named as the drivers' constructor options are. */
export interface CardPresenceListener {
  /** A card was inserted (contact) or entered the field (contactless). */
  onInserted?(): void;
  /** The card left; an exchange under way has failed with `CARD_REMOVED`. */
  onRemoved?(): void;
}

/**
 * The APDU transport port: all the EMV kernel sees of a card reader. The
 * contact slot (`SmartcardSlot`) implements it, a contactless reader will;
 * activation (ATR, PPS, or polling and anticollision) is the reader's
 * business, done before the kernel starts.
 */
export interface ApduTransport {
  /** True while a card is in the slot or the field. */
  readonly present: boolean;
  /**
   * Sends one command APDU, given as fields or as its bytes, and resolves
   * with the card's response (after any GET RESPONSE the protocol needs).
   * @throws Iso7816Error `APDU_INVALID` for a command that cannot be sent;
   *   `CARD_REMOVED`, `CARD_MUTE`, `CARD_PARITY`, `SLOT_STATE` and protocol
   *   codes (`T0_*`, `T1_*`) when the card could not be talked to: the reader
   *   has then deactivated it.
   */
  transmit(command: CommandApdu | Uint8Array): Promise<ResponseApdu>;
  /**
   * Calls `listener` on each insertion and removal from now on.
   * @returns a function that ends the subscription
   */
  subscribe(listener: CardPresenceListener): () => void;
}
