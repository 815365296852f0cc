/**
 * The main machine's side of the simulator's virtual EMV card: the card's
 * application runs in a worker (card-worker.ts), this proxy hands it the
 * commands the byte-level line model (hosts/desktop/virtual-card.ts) takes
 * off the line.
 */
import Worker from "worker";
import type { CommandApdu } from "../../modules/iso7816/apdu.ts";
import { EmvCardError, type EmvCardErrorCode } from "../desktop/emv-card/error.ts";
import type { SlotCard } from "../desktop/emv-card/slot.ts";
import type { CardResponse } from "../desktop/emv-card/state.ts";
import type { AnswerMessage, CardStarted, CommandMessage, StartCard } from "./card-messages.ts";

/** The worker's module, as the manifest names it (tools/build.mjs bundles hosts/sim/card-worker.ts into it). */
const CARD_WORKER = "card-worker";

/**
 * The worker's machine. The SDK's Linux, macOS and Windows simulators
 * (modules/base/worker/pcWorker.c, 8.2.3) give every worker the
 * manifest's `creation` and ignore these; where they count they are sized
 * from the card's share of the main machine's heap when it lived there
 * (1 350 slots and 16 KB of chunks when let go after a sale), with room
 * for an RSA signature's temporaries. Not measured in the worker.
 */
const CARD_WORKER_CREATION = {
  chunk: { initial: 48 * 1024, incremental: 8 * 1024 },
  heap: { initial: 2048, incremental: 512 },
  stack: 512,
};

/**
 * The virtual EMV card of the wallet's entry `walletIndex`, its
 * application running in a worker (card-worker.ts), so that its objects
 * and its signing are not in the terminal's heap. `profile` has the ATR
 * and protocol the worker's card gave; `process` posts one command and
 * answers when the worker has; `removed` is the card's at its last
 * answer (the profile's removal point). It sits behind the byte-level
 * line model as emvCardSlot's `SlotCard` (hosts/desktop/emv-card/slot.ts),
 * which keeps the slot driver waiting while an answer is pending.
 * @throws EmvCardError (the promise rejects) the worker's card could not be made from the profile
 */
export function startWorkerCard(walletIndex: number): Promise<WorkerCard> {
  const worker = new Worker(CARD_WORKER, CARD_WORKER_CREATION);
  return new Promise((resolve, reject) => {
    worker.onmessage = (started: CardStarted) => {
      if ("error" in started) {
        worker.terminate();
        reject(new EmvCardError(started.error as EmvCardErrorCode, "", started.message));
      } else resolve(new WorkerCard(worker, started.atr, started.protocol));
    };
    worker.postMessage({ walletIndex } satisfies StartCard);
  });
}

/** The main machine's side of a card in a worker: see {@link startWorkerCard}. */
export class WorkerCard implements SlotCard {
  readonly profile: { readonly atr: Uint8Array; readonly protocol: 0 | 1 };
  #removed = false;
  #worker: Worker | undefined;
  /** the answer the line model waits for: one command at a time, as on a card's line */
  #waiting: ((answer: CardResponse) => void) | undefined;

  constructor(worker: Worker, atr: Uint8Array, protocol: 0 | 1) {
    this.profile = { atr, protocol };
    this.#worker = worker;
    worker.onmessage = (answer: AnswerMessage) => {
      this.#removed = answer.removed;
      const waiting = this.#waiting;
      this.#waiting = undefined;
      waiting?.(answer.data === undefined ? { sw: answer.sw } : { data: answer.data, sw: answer.sw });
    };
  }

  get removed(): boolean {
    return this.#removed;
  }

  process(command: CommandApdu): Promise<CardResponse> {
    const worker = this.#worker;
    // a card whose worker has ended answers nothing: the line model drops an answer it no longer waits for
    if (!worker) return new Promise(() => {});
    const message: CommandMessage = { cla: command.cla, ins: command.ins, p1: command.p1, p2: command.p2 };
    if (command.data !== undefined) message.data = command.data;
    if (command.le !== undefined) message.le = command.le;
    return new Promise((resolve) => {
      this.#waiting = resolve;
      worker.postMessage(message);
    });
  }

  /** Ends the worker and its machine (the card is out of the slot and let go). */
  terminate(): void {
    this.#worker?.terminate();
    this.#worker = undefined;
    this.#waiting = undefined;
  }
}
