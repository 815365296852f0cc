/**
 * The simulator's line to its Node front end, on the XS engine: one JSON
 * message per call, the front end's answer back. Storage writes carry
 * their bytes as a binary payload after the JSON (`sendBytes`), never as
 * text: key material stays in buffers that can be wiped.
 */
import { sendBytesToParent, sendToParent } from "../../tools/xs-send.ts";

/** Messages the simulated terminal sends to its front end. */
export type SimMessage =
  | { type: "display"; lines: string[] }
  | { type: "log"; text: string }
  | { type: "random"; n: number }
  | { type: "wall" }
  | { type: "idle"; idle: boolean }
  | { type: "net-connect"; host: string; port: number; tls: boolean; timeoutMs: number }
  | { type: "net-write"; id: number; hex: string }
  | { type: "net-close"; id: number }
  | { type: "flash-read"; offset: number; length: number }
  /** `bytes`: the payload of {@link sendBytes} */
  | { type: "flash-write"; offset: number; bytes: Uint8Array }
  | { type: "flash-erase"; index: number }
  | { type: "store-read"; file: string; key: string }
  /** `bytes`: the payload of {@link sendBytes} (a key or the DUKPT registers) */
  | { type: "store-write"; file: string; key: string; bytes: Uint8Array }
  | { type: "store-delete"; file: string; key: string }
  | { type: "paper"; hex: string }
  | { type: "state"; state: string; card: boolean }
  /** a key reached the terminal while it was in `state` (the key itself is not said: it may be a PIN digit) */
  | { type: "key-state"; state: string }
  /** one APDU on the card line, its cardholder data masked and a VERIFY's data hidden */
  | { type: "trace"; kind: "apdu"; dir: "to-card" | "from-card"; text: string }
  /** modeled device time to add to the transaction's: card I/O (and its bound before PPS), printing (the network's is modelled on the Node side) */
  | { type: "device-time"; cardIoMs?: number; cardIoBoundMs?: number; printMs?: number };

export function send(message: SimMessage): ArrayBuffer {
  return sendToParent(message);
}

/** Messages whose payload goes as bytes after the JSON header, without it. */
type BytesMessage = Extract<SimMessage, { bytes: Uint8Array }> extends infer M ? (M extends unknown ? Omit<M, "bytes"> : never) : never;

/**
 * Sends `message` with `bytes` as its binary payload; the request buffer
 * that held a copy of them is wiped before this returns.
 */
export function sendBytes(message: BytesMessage, bytes: Uint8Array): ArrayBuffer {
  return sendBytesToParent(message, bytes);
}

/** Random bytes from the front end's operating system (XS has no entropy source of its own). */
export function hostRandom(n: number): Uint8Array {
  const bytes = new Uint8Array(send({ type: "random", n }));
  if (bytes.length !== n) throw new Error("the simulator's front end gave no random bytes");
  return bytes;
}

/** The front end's wall clock at this moment: UTC milliseconds and the local offset in minutes. */
export function hostWallClock(): { utcMs: number; offsetMinutes: number } {
  const [utcMs, offsetMinutes] = String.fromCharCode(...new Uint8Array(send({ type: "wall" }))).split(",").map(Number);
  if (!Number.isFinite(utcMs) || !Number.isFinite(offsetMinutes)) throw new Error("the simulator's front end gave no wall clock");
  return { utcMs, offsetMinutes };
}
