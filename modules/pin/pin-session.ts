import { digitOf, type KeyEvent } from "../core/keys.ts";
import type { Clock, Display, Log, TimerId } from "../core/ports.ts";
import type { Crypto } from "../crypto/port.ts";
import { toHex } from "../core/hex.ts";
import { isXsposError } from "../core/error.ts";
import { clearPinBlock, encryptPinBlock, MAX_PIN_LENGTH, MIN_PIN_LENGTH } from "./pin-block.ts";

/** The key that enciphers one online PIN: fetched once the PIN is complete, wiped after use. */
export interface PinKey {
  /** TDES key (formats 0, 3) or AES key (format 4) */
  key: Uint8Array;
  /** the DUKPT KSN that goes with the block, when the key is a DUKPT key */
  ksn?: Uint8Array;
}

/** Where the PIN goes. */
export type PinTarget =
  /** to the acquirer: an enciphered block under a key from `keySource` (typically the next DUKPT PIN key) */
  | { kind: "online"; format: 0 | 3 | 4; pan: string; keySource: () => PinKey }
  /** to the chip card (EMV plaintext offline PIN): the format 2 block for VERIFY */
  | { kind: "offline" };

/** How a PIN entry ended. Only `block` carries the PIN, enciphered unless it is for the card. */
export type PinResult =
  | { kind: "pin"; format: 0 | 2 | 3 | 4; block: Uint8Array; ksn?: Uint8Array }
  | { kind: "bypass" }
  | { kind: "cancelled" }
  | { kind: "timeout" }
  | { kind: "failed"; code: string };

/** Options of {@link PinSession}. */
export interface PinSessionOptions {
  clock: Clock;
  display: Display;
  crypto: Crypto;
  target: PinTarget;
  log?: Log;
  /** lines shown above the PIN echo (amount, "ENTER PIN") */
  prompt?: string[];
  /** 4 to 12 (ISO 9564-1); defaults 4 and 12 */
  minLength?: number;
  maxLength?: number;
  /** ms to the first key (default 30 000) and between keys (default 15 000) */
  firstKeyTimeoutMs?: number;
  interKeyTimeoutMs?: number;
  /** ENTER with no digit skips the PIN; only where the card's CVM list allows it */
  bypassAllowed?: boolean;
  onDone: (result: PinResult) => void;
}

/**
 * One PIN entry. The digits live in this object's own buffer and nowhere
 * else: the display gets one `*` per digit, the log gets events without
 * digits, and what leaves is a PIN block, enciphered before `onDone`
 * sees it. The buffer is overwritten however the session ends.
 */
export class PinSession {
  #digits = new Uint8Array(MAX_PIN_LENGTH);
  #length = 0;
  #options: PinSessionOptions;
  #min: number;
  #max: number;
  #timer: TimerId | undefined;
  #done = false;
  #hint: string | undefined;

  constructor(options: PinSessionOptions) {
    this.#options = options;
    this.#min = Math.max(MIN_PIN_LENGTH, options.minLength ?? MIN_PIN_LENGTH);
    this.#max = Math.min(MAX_PIN_LENGTH, options.maxLength ?? MAX_PIN_LENGTH);
    if (this.#min > this.#max) throw new RangeError("PIN minimum length is above its maximum");
    options.log?.write(`pin: entry started (${options.target.kind})`);
    this.#arm(options.firstKeyTimeoutMs ?? 30_000);
    this.#show();
  }

  /** True once the session has ended; later keys are ignored. */
  get done(): boolean {
    return this.#done;
  }

  /** Feeds one key from the keypad. */
  key(event: KeyEvent): void {
    if (this.#done || event.repeat) return;
    this.#hint = undefined;
    const digit = digitOf(event.key);
    if (digit !== undefined) {
      if (this.#length < this.#max) this.#digits[this.#length++] = digit;
    } else if (event.key === "CLEAR") {
      this.#wipe();
    } else if (event.key === "CANCEL") {
      return this.#finish({ kind: "cancelled" }, "cancelled");
    } else if (event.key === "ENTER") {
      if (this.#length === 0 && this.#options.bypassAllowed) return this.#finish({ kind: "bypass" }, "bypassed");
      if (this.#length >= this.#min) return this.#complete();
      this.#hint = `PIN: ${this.#min}-${this.#max} DIGITS`;
    }
    this.#arm(this.#options.interKeyTimeoutMs ?? 15_000);
    this.#show();
  }

  /** Abandons the entry (card removed, transaction aborted): same as CANCEL. */
  abort(): void {
    if (!this.#done) this.#finish({ kind: "cancelled" }, "aborted");
  }

  #complete(): void {
    const digits = this.#digits.subarray(0, this.#length);
    const target = this.#options.target;
    let result: Extract<PinResult, { kind: "pin" }>;
    try {
      if (target.kind === "offline") {
        result = { kind: "pin", format: 2, block: clearPinBlock(this.#options.crypto, 2, digits) };
      } else {
        const key = target.keySource();
        try {
          const block = encryptPinBlock(this.#options.crypto, digits, { format: target.format, key: key.key, pan: target.pan });
          result = { kind: "pin", format: target.format, block, ...(key.ksn ? { ksn: key.ksn } : {}) };
        } finally {
          key.key.fill(0);
        }
      }
    } catch (e) {
      if (!isXsposError(e)) throw e;
      return this.#finish({ kind: "failed", code: e.code }, `failed: ${e.code}`);
    }
    const ksn = result.ksn ? `, KSN ${toHex(result.ksn)}` : "";
    this.#finish(result, `block ready (format ${result.format}${ksn})`);
  }

  #finish(result: PinResult, event: string): void {
    this.#done = true;
    this.#wipe();
    if (this.#timer !== undefined) this.#options.clock.clear(this.#timer);
    this.#timer = undefined;
    this.#options.log?.write(`pin: ${event}`);
    this.#options.onDone(result);
  }

  #arm(ms: number): void {
    if (this.#timer !== undefined) this.#options.clock.clear(this.#timer);
    this.#timer = this.#options.clock.set(() => {
      this.#timer = undefined;
      this.#finish({ kind: "timeout" }, "timed out");
    }, ms);
  }

  #wipe(): void {
    this.#digits.fill(0);
    this.#length = 0;
  }

  #show(): void {
    const lines = (this.#options.prompt ?? ["ENTER PIN"]).concat("*".repeat(this.#length) || "_");
    if (this.#hint) lines.push(this.#hint);
    this.#options.display.show(lines);
  }
}
