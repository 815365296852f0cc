import type { Crypto } from "../../crypto/port.ts";
import { EmvError } from "../error.ts";
import type { OdaTables } from "./card-keys.ts";
import type { CardSession } from "./card-session.ts";
import { getChallengeCommand, getData, VERIFY_P2, verifyCommand } from "./commands.ts";
import type { TransactionContext } from "./context.ts";
import { encipherPin, pinEnciphermentKey } from "./pin-encipherment.ts";
import type { CardholderPort, PinEntry } from "./ports.ts";
import { setBit, TVR } from "./status-bits.ts";
import { compressedNumericDigits } from "../format.ts";
import { KernelStop, terminate, terminateOnStatus } from "./stop.ts";

/** A PIN entry the kernel cannot use is the port's mistake, not the cardholder's. */
function wrongAnswer(entry: PinEntry | undefined, asked: string): never {
  if (entry?.kind === "offline-pin" && entry.block instanceof Uint8Array) entry.block.fill(0);
  throw new EmvError("EMV_KERNEL_INPUT", `enterPin answered ${String(entry?.kind)} to a request for ${asked}`);
}

/** What a PIN entry that gave no PIN means for the CVM: bypass, no PIN pad, or the end of the transaction. */
function noPin(ctx: TransactionContext, entry: PinEntry | undefined, asked: string): false {
  switch (entry?.kind) {
    case "cancelled":
      throw new KernelStop("cancelled");
    case "timed-out":
      throw new KernelStop("timed-out");
    case "unavailable":
      setBit(ctx.tvr, TVR.pinPadNotWorking);
      return false;
    case "bypassed":
      setBit(ctx.tvr, TVR.pinNotEntered);
      ctx.pinBypassed = true;
      return false;
    default:
      return wrongAnswer(entry, asked);
  }
}

/**
 * Offline PIN verification, EMV 4.4 Book 3 §10.5.1 (plaintext) and Book 2
 * §7 (enciphered): the PIN Try Counter first (0: "PIN Try Limit
 * exceeded"), then PIN entry and VERIFY until the card accepts, counts the
 * last try (63C0) or blocks the PIN (6983, 6984). The PIN block is wiped
 * after each VERIFY and never reaches the trace.
 * @returns whether the card verified the PIN
 */
export async function verifyOfflinePin(
  ctx: TransactionContext,
  session: CardSession,
  crypto: Crypto,
  cardholder: CardholderPort,
  tables: OdaTables,
  enciphered: boolean,
): Promise<boolean> {
  // the PIN Try Counter (9F17), when the card gives it (Book 3 §10.5.1)
  const counter = (await getData(session, "9F17", 1))?.[0];
  if (counter === 0) {
    setBit(ctx.tvr, TVR.pinTryLimitExceeded);
    return false;
  }
  const key = enciphered ? pinEnciphermentKey(ctx, crypto, tables) : undefined;
  if (enciphered && !key) return false;
  let triesLeft = counter;
  for (let retry = false; triesLeft !== 0; retry = true) {
    const request = { kind: "offline" as const, enciphered, retry, ...(triesLeft !== undefined ? { triesLeft } : {}) };
    const entry = await session.whilePresent(cardholder.enterPin(request));
    if (entry?.kind !== "offline-pin") return noPin(ctx, entry, "an offline PIN");
    const block = entry.block;
    if (!(block instanceof Uint8Array) || block.length !== 8) wrongAnswer(entry, "an 8-byte PIN block");
    let data: Uint8Array | undefined;
    try {
      if (key) {
        // the card's 8 bytes to encipher the PIN with
        const challenge = await session.transmit(getChallengeCommand());
        data = challenge.sw === 0x9000 && challenge.data.length === 8 ? encipherPin(crypto, key, block, challenge.data) : undefined;
        if (!data) return false;
      } else data = block.slice();
      const response = await session.transmit(verifyCommand(enciphered ? VERIFY_P2.enciphered : VERIFY_P2.plaintext, data), true);
      if (response.sw === 0x9000) return true;
      // 63Cx: a wrong PIN, x tries left; 6983, 6984: the PIN is blocked
      if (response.sw1 === 0x63 && (response.sw2 & 0xf0) === 0xc0) triesLeft = response.sw2 & 0x0f;
      else if (response.sw === 0x6983 || response.sw === 0x6984) triesLeft = 0;
      else terminateOnStatus("VERIFY", response.sw);
    } finally {
      block.fill(0);
      data?.fill(0);
    }
  }
  setBit(ctx.tvr, TVR.pinTryLimitExceeded);
  return false;
}

/**
 * Online PIN (Book 3 §10.5.2): the terminal's PIN session enciphers the
 * block for the issuer and keeps it; the kernel records "Online PIN
 * entered" (TVR byte 3 b3).
 * @returns whether a PIN was entered
 */
export async function enterOnlinePin(ctx: TransactionContext, session: CardSession, cardholder: CardholderPort): Promise<boolean> {
  // the PAN is mandatory and was read (Book 3 §10.2); the PIN block for the issuer is built with it
  const pan = compressedNumericDigits(ctx.card.get("5A") ?? new Uint8Array(0));
  if (!pan) terminate("data-missing", "no PAN (5A) for the online PIN block");
  const entry = await session.whilePresent(cardholder.enterPin({ kind: "online", pan }));
  if (entry?.kind === "online-pin") {
    setBit(ctx.tvr, TVR.onlinePinEntered);
    ctx.onlinePin = true;
    return true;
  }
  return noPin(ctx, entry, "an online PIN");
}
