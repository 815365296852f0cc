/**
 * The byte channel a protocol engine runs on: the slot driver's UART,
 * with waiting times in ETU so that engines need not know the clock.
 */
export interface CardChannel {
  /** Sends bytes; resolves when they are on the line. */
  write(bytes: Uint8Array): Promise<void>;
  /**
   * Exactly `n` bytes: the first within `firstWaitEtu`, each next one
   * within `nextWaitEtu` of the one before.
   * @throws Iso7816Error `CARD_MUTE` (waiting time exceeded), `CARD_REMOVED`, and for
   *   T=1 `CARD_PARITY` (a byte arrived with a parity error)
   */
  read(n: number, firstWaitEtu: number, nextWaitEtu?: number): Promise<Uint8Array>;
  /** Drops whatever has arrived and not been read (after an error). */
  discard(): void;
}
