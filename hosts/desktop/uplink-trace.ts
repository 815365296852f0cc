/**
 * The simulator's uplink trace, on the Node side of the network bridge:
 * each ISO 8583 message the terminal sends or receives, reassembled from
 * its frames, unpacked and shown with the masking of `xspos iso8583
 * unpack` (modules/iso8583/mask: PAN and tracks masked, DE55's cardholder
 * tags masked), the PIN block (DE52) hidden whole.
 */
import { FrameDecoder } from "../../modules/uplink/framing.ts";
import { unpack } from "../../modules/iso8583/codec.ts";
import { ISO87A } from "../../modules/iso8583/dialect.ts";
import { maskField } from "../../modules/iso8583/mask.ts";
import type { BridgeObservation } from "./net-bridge.ts";

/** DE52, the PIN block: never shown, even enciphered. */
const PIN_BLOCK = 52;

/** One message as a line: its MTI, then each field as `n=value`, masked. */
export function isoMessageText(raw: Uint8Array): string {
  let message;
  try {
    message = unpack(ISO87A, raw);
  } catch (e) {
    return `unreadable message, ${raw.length} bytes (${(e as { code?: string }).code ?? "error"})`;
  }
  const fields = [...message.fields].sort(([a], [b]) => a - b).map(([n, v]) => `${n}=${n === PIN_BLOCK ? "(PIN block hidden)" : maskField(n, v).value}`);
  return [message.mti, ...fields].join(" ");
}

export class UplinkTrace {
  #decoders = new Map<string, FrameDecoder>();
  #message: (dir: "to-host" | "from-host", text: string) => void;
  #net: (text: string) => void;

  constructor(message: (dir: "to-host" | "from-host", text: string) => void, net: (text: string) => void) {
    this.#message = message;
    this.#net = net;
  }

  /** Takes in what the bridge saw. */
  observe(o: BridgeObservation): void {
    if (o.kind === "open") return this.#net(`connection ${o.id} to ${o.host}:${o.port} open`);
    if (o.kind === "close") {
      this.#decoders.delete(`${o.id}:sent`);
      this.#decoders.delete(`${o.id}:received`);
      return this.#net(`connection ${o.id} closed by the ${o.by === "peer" ? "host" : "terminal"}`);
    }
    const key = `${o.id}:${o.kind}`;
    let decoder = this.#decoders.get(key);
    if (!decoder) this.#decoders.set(key, (decoder = new FrameDecoder("binary2")));
    let frames: Uint8Array[];
    try {
      frames = decoder.push(o.bytes);
    } catch {
      this.#decoders.delete(key);
      return this.#net(`connection ${o.id}: bytes that are no frame`);
    }
    for (const raw of frames) this.#message(o.kind === "sent" ? "to-host" : "from-host", isoMessageText(raw));
  }
}
