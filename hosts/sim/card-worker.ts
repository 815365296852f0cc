/**
 * The virtual EMV card's application in a Moddable worker, a machine of
 * its own (worker-card.ts starts it): the card's objects and its RSA
 * signing live in the worker's heap, not in the terminal's, which the
 * heap meter measures (heap-meter.ts), as on the board, whose card is a
 * real one. The code is the firmware's preloaded module, shared read-only
 * with the main machine; only the card's state is the worker's.
 *
 * The first message names the wallet's card (card-messages.ts
 * `StartCard`); the worker makes it from its profile and answers with the
 * ATR and the protocol; each later message is a command APDU, answered
 * with data, SW1 SW2 and whether the card has left the reader.
 */
import type { CommandApdu } from "../../modules/iso7816/apdu.ts";
import { createEmvCardFromJson, type EmvCard } from "../desktop/emv-card/emv-card.ts";
import { CryptCrypto } from "../esp32/crypt-crypto.ts";
import { hardwareRandom } from "../esp32/hardware-random.ts";
import type { AnswerMessage, CardStarted, CommandMessage, StartCard } from "./card-messages.ts";
import { WALLET } from "./wallet.ts";

let card: EmvCard | undefined;

self.onmessage = (message: StartCard | CommandMessage) => {
  if ("walletIndex" in message) return self.postMessage(start(message.walletIndex));
  if (!card) return self.postMessage({ sw: 0x6f00, removed: false } satisfies AnswerMessage);
  const command: CommandApdu = { cla: message.cla, ins: message.ins, p1: message.p1, p2: message.p2 };
  if (message.data !== undefined) command.data = message.data;
  if (message.le !== undefined) command.le = message.le;
  let answer: AnswerMessage;
  try {
    const r = card.process(command);
    answer = { sw: r.sw, removed: card.removed };
    if (r.data !== undefined) answer.data = r.data;
  } catch (e) {
    // no precise diagnosis, as a card that fails inside
    trace(`card: the application failed (${(e as { code?: string }).code ?? "error"})\n`);
    answer = { sw: 0x6f00, removed: card.removed };
  }
  self.postMessage(answer);
};

function start(walletIndex: number): CardStarted {
  const held = WALLET[walletIndex];
  if (held?.kind !== "chip" || held.profile === undefined) return { error: "CARD_PROFILE_MISSING", message: `wallet entry ${walletIndex} is not a chip card with a profile` };
  try {
    card = createEmvCardFromJson(held.profile, { crypto: new CryptCrypto(hardwareRandom) });
    return { atr: card.profile.atr, protocol: card.profile.protocol };
  } catch (e) {
    return { error: (e as { code?: string }).code ?? "error", message: (e as Error).message };
  }
}
