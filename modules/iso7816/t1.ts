import { concat } from "../core/bytes.ts";
import type { CardChannel } from "./channel.ts";
import { Iso7816Error } from "./error.ts";
import { classify, decodeBlock, encodeBlock, iBlockPcb, rBlockPcb, sBlockPcb, type T1Block } from "./t1-block.ts";

/** T=1 parameters from the ATR and the slot's timing. */
export interface T1Options {
  /** the card's information field size (TA3, default 32) */
  ifsc: number;
  edc: "LRC" | "CRC";
  /** block waiting time and character waiting time, ETU */
  bwtEtu: number;
  cwtEtu: number;
  /** retransmissions of one block before resynchronisation (EMV: 2) */
  maxRetries?: number;
}

/**
 * T=1, ISO/IEC 7816-3 section 11 with the EMV Book 1 10.3 rules: I-blocks
 * with chaining both ways, R-blocks acknowledging chains and asking for a
 * block again, S-blocks for IFS, WTX, RESYNCH and ABORT; an invalid block
 * (EDC, parity, structure, sequence) or a block waiting time out is
 * answered with an R-block, at most `maxRetries` times, then the link is
 * resynchronised and the exchange abandoned.
 */
export class T1Protocol {
  #channel: CardChannel;
  #o: Required<T1Options>;
  #ns = 0;
  #nr = 0;
  #ifsd = 32;
  /** blocks exchanged (for tests and the benchmark's line-time model) */
  blocks = 0;

  constructor(channel: CardChannel, options: T1Options) {
    this.#channel = channel;
    this.#o = { maxRetries: 2, ...options };
  }

  get ifsc(): number {
    return this.#o.ifsc;
  }

  /** Tells the card the terminal's information field size (S(IFS request)), as EMV asks after the ATR. */
  async negotiateIfsd(ifsd = 254): Promise<void> {
    const reply = await this.#exchange({ nad: 0, pcb: sBlockPcb("IFS", false), inf: Uint8Array.of(ifsd) });
    const k = classify(reply.pcb);
    if (k.kind !== "S" || k.type !== "IFS" || !k.response || reply.inf[0] !== ifsd) throw new Iso7816Error("T1_BLOCK", "the card did not confirm the IFSD");
    this.#ifsd = ifsd;
  }

  /**
   * Sends an APDU (chained into I-blocks of at most IFSC bytes) and returns
   * the card's response (its chain joined).
   * @throws Iso7816Error `T1_ABORTED` after failed recovery, `T1_BLOCK`, channel errors
   */
  async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    const size = this.#o.ifsc;
    let reply: T1Block | undefined;
    for (let at = 0; at < apdu.length || at === 0; at += size) {
      const chunk = apdu.subarray(at, at + size);
      const more = at + size < apdu.length;
      reply = await this.#exchange({ nad: 0, pcb: iBlockPcb(this.#ns, more), inf: chunk });
      this.#ns ^= 1;
      if (!more) break;
      const k = classify(reply.pcb);
      if (k.kind !== "R" || k.nr !== this.#ns) throw new Iso7816Error("T1_BLOCK", "the card did not acknowledge a chained block");
    }
    const response: number[] = [];
    for (;;) {
      const k = classify(reply!.pcb);
      if (k.kind !== "I" || k.ns !== this.#nr) throw new Iso7816Error("T1_BLOCK", `expected the card's I-block ${this.#nr}`);
      const inf = reply!.inf;
      for (let i = 0; i < inf.length; i++) response.push(inf[i]);
      this.#nr ^= 1;
      if (!k.more) return Uint8Array.from(response);
      reply = await this.#exchange({ nad: 0, pcb: rBlockPcb(this.#nr, 0), inf: new Uint8Array(0) });
    }
  }

  /**
   * Sends `block`, returns the card's next meaningful block. WTX and IFS
   * requests are answered on the way; errors are recovered by the rules.
   */
  async #exchange(block: T1Block): Promise<T1Block> {
    let send = block;
    let retries = 0;
    let wtx = 1;
    for (;;) {
      await this.#channel.write(encodeBlock(send, this.#o.edc));
      this.blocks++;
      let reply: T1Block;
      try {
        reply = await this.#read(this.#o.bwtEtu * wtx);
        wtx = 1;
      } catch (e) {
        if (!(e instanceof Iso7816Error) || e.code === "CARD_REMOVED") throw e;
        this.#channel.discard();
        if (++retries > this.#o.maxRetries) return this.#resynchronise();
        const error = e.code === "T1_EDC" || e.code === "CARD_PARITY" ? 1 : 2;
        // after an I- or R-block, ask for the card's block again; an S-request is simply repeated
        if (classify(send.pcb).kind !== "S") send = { nad: 0, pcb: rBlockPcb(this.#nr, error), inf: new Uint8Array(0) };
        continue;
      }
      const k = classify(reply.pcb);
      if (k.kind === "S" && !k.response) {
        if (k.type === "WTX" || k.type === "IFS") {
          if (k.type === "WTX") wtx = Math.max(1, reply.inf[0] ?? 1);
          else this.#o.ifsc = reply.inf[0];
          // the response carries the request's field
          send = { nad: 0, pcb: sBlockPcb(k.type, true), inf: reply.inf };
          continue;
        }
        if (k.type === "ABORT") throw new Iso7816Error("T1_ABORTED", "the card aborted the chain");
      }
      const original = classify(block.pcb);
      if (k.kind === "R" && original.kind === "I" && k.nr === original.ns) {
        // the card asks for our I-block again
        if (++retries > this.#o.maxRetries) return this.#resynchronise();
        send = block;
        continue;
      }
      return reply;
    }
  }

  async #read(firstWaitEtu: number): Promise<T1Block> {
    const c = this.#channel;
    const prologue = await c.read(3, firstWaitEtu, this.#o.cwtEtu);
    const rest = await c.read(prologue[2] + (this.#o.edc === "LRC" ? 1 : 2), this.#o.cwtEtu, this.#o.cwtEtu);
    return decodeBlock(concat(prologue, rest), this.#o.edc, this.#ifsd);
  }

  /** S(RESYNCH): sequence numbers back to 0; the exchange in progress is lost either way. */
  async #resynchronise(): Promise<never> {
    try {
      await this.#channel.write(encodeBlock({ nad: 0, pcb: sBlockPcb("RESYNCH", false), inf: new Uint8Array(0) }, this.#o.edc));
      const reply = await this.#read(this.#o.bwtEtu);
      const k = classify(reply.pcb);
      if (k.kind === "S" && k.type === "RESYNCH" && k.response) {
        this.#ns = 0;
        this.#nr = 0;
        throw new Iso7816Error("T1_ABORTED", "the block could not be exchanged; the link was resynchronised, the command is lost");
      }
    } catch (e) {
      if (e instanceof Iso7816Error && (e.code === "T1_ABORTED" || e.code === "CARD_REMOVED")) throw e;
    }
    throw new Iso7816Error("T1_ABORTED", "the card does not answer the resynchronisation");
  }
}
