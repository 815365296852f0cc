import { concat } from "../core/bytes.ts";
import { toHex } from "../core/hex.ts";
import type { CardChannel } from "./channel.ts";
import { apduCase, type CommandApdu, type ResponseApdu } from "./apdu.ts";
import { Iso7816Error } from "./error.ts";

/** What one command brings back: the data bytes and the status bytes. */
interface T0Answer {
  data: Uint8Array;
  sw1: number;
  sw2: number;
}

const NO_DATA = new Uint8Array(0);

/**
 * T=0, ISO/IEC 7816-3 section 10: the 5-byte header, procedure bytes
 * (NULL 60, ACK = INS for all remaining bytes, INS XOR FF for one), status
 * bytes, 61xx answered with GET RESPONSE and 6Cxx with the header resent
 * with the right Le, a warning (62xx, 63xx) to a case 4 command answered
 * with GET RESPONSE and returned with the data, all within the work
 * waiting time.
 */
export class T0Protocol {
  #channel: CardChannel;
  #wwtEtu: number;

  /**
   * @param wwtEtu - work waiting time: 960 × WI × Di ETU (EMV adds 480 × Di)
   */
  constructor(channel: CardChannel, wwtEtu: number) {
    this.#channel = channel;
    this.#wwtEtu = wwtEtu;
  }

  /**
   * One command, its response.
   * @throws Iso7816Error `APDU_INVALID` (extended lengths need T=1), `T0_PROCEDURE`, `T0_LENGTH`, channel errors
   */
  async transmit(command: CommandApdu): Promise<ResponseApdu> {
    const kind = apduCase(command);
    if (kind.endsWith("E")) throw new Iso7816Error("APDU_INVALID", "extended lengths need T=1 (or ENVELOPE) on a T=0 card");
    const header = (p3: number) => Uint8Array.of(command.cla, command.ins, command.p1, command.p2, p3 & 0xff);
    let result: T0Answer;
    if (kind === "1") result = await this.#exchange(header(0), undefined, 0);
    else if (kind === "3S" || kind === "4S") result = await this.#exchange(header(command.data!.length), command.data, 0);
    else result = await this.#receive(header(command.le!), command.le!);
    let data = result.data;
    // a case 4 command answered by a warning (62xx, 63xx) still has data waiting: EMV Book 1 §9.3.1.3
    // has the terminal fetch it with GET RESPONSE (Le = 00) and return it with that first warning
    let warning: number | undefined;
    if (kind === "4S" && (result.sw1 === 0x62 || result.sw1 === 0x63)) {
      warning = (result.sw1 << 8) | result.sw2;
      result = await this.#getResponse(0);
      data = concat(data, result.data);
    }
    // 61xx: more data waits; GET RESPONSE until it is all in (ISO 7816-4 5.1.3, EMV Book 1 9.3.1)
    while (result.sw1 === 0x61) {
      result = await this.#getResponse(result.sw2);
      data = concat(data, result.data);
    }
    if (warning !== undefined) {
      // data only when GET RESPONSE delivered it all; the status is the application's warning either way
      const complete = result.sw1 === 0x90 && result.sw2 === 0x00;
      return { data: complete ? data : new Uint8Array(0), sw1: warning >> 8, sw2: warning & 0xff, sw: warning };
    }
    return { data, sw1: result.sw1, sw2: result.sw2, sw: (result.sw1 << 8) | result.sw2 };
  }

  /** GET RESPONSE for `le` bytes (0: up to 256), resent once with the length a 6Cxx names. */
  #getResponse(le: number): Promise<T0Answer> {
    return this.#receive(Uint8Array.of(0x00, 0xc0, 0x00, 0x00, le), le || 256);
  }

  /** A command that receives `le` bytes (1 to 256, P3 of `header`), resent once with the length a 6Cxx names. */
  async #receive(header: Uint8Array, le: number): Promise<T0Answer> {
    const result = await this.#exchange(header, undefined, le);
    if (result.sw1 !== 0x6c) return result;
    return this.#exchange(Uint8Array.of(header[0], header[1], header[2], header[3], result.sw2), undefined, result.sw2 || 256);
  }

  async #exchange(header: Uint8Array, out: Uint8Array | undefined, le: number): Promise<T0Answer> {
    const c = this.#channel;
    const ins = header[1];
    await c.write(header);
    let sent = 0;
    // the bytes as they come, in one array of the length asked for: an array of numbers would take a slot a byte
    const data = out ? NO_DATA : new Uint8Array(le);
    let received = 0;
    for (;;) {
      const pb = (await c.read(1, this.#wwtEtu))[0];
      if (pb === 0x60) continue;
      if ((pb & 0xf0) === 0x60 || (pb & 0xf0) === 0x90) {
        const sw2 = (await c.read(1, this.#wwtEtu))[0];
        return { data: received === data.length ? data : data.slice(0, received), sw1: pb, sw2 };
      }
      const all = pb === ins;
      const one = pb === (ins ^ 0xff);
      if (!all && !one) throw new Iso7816Error("T0_PROCEDURE", `procedure byte ${toHex(Uint8Array.of(pb))} out of place`);
      if (out && sent < out.length) {
        const chunk = all ? out.subarray(sent) : out.subarray(sent, sent + 1);
        await c.write(chunk);
        sent += chunk.length;
      } else if (!out && received < le) {
        const bytes = await c.read(all ? le - received : 1, this.#wwtEtu, this.#wwtEtu);
        data.set(bytes, received);
        received += bytes.length;
      } else if (!out) {
        throw new Iso7816Error("T0_LENGTH", `the card sends more than the ${le} bytes asked for`);
      } else throw new Iso7816Error("T0_PROCEDURE", "the card asks for data after all of it was sent");
    }
  }
}
