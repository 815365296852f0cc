/** What the emulator can do wrong, once, to the next message of a type. */
export type FaultKind =
  /** no answer at all */
  | "drop"
  /** answer after `delayMs` */
  | "delay"
  /** answer with bytes that are no message */
  | "garbage"
  /** answer with a MAC that does not verify */
  | "wrong-mac"
  /** answer twice */
  | "duplicate"
  /** close the connection instead of answering */
  | "disconnect"
  /** answer a settlement 95 (reconcile error) whatever the totals, so that the terminal uploads its batch */
  | "reconcile"
  /** forget the terminal's session MAC key before handling the request: it and every MAC'd request after it are answered A0 (sign on again) until the terminal signs on */
  | "sign-on";

export interface Fault {
  /** MTI of the request it applies to, e.g. 0200 or 0400 */
  on: string;
  kind: FaultKind;
  delayMs?: number;
  /** process the request (move the money) before failing to answer; default true */
  process?: boolean;
}
