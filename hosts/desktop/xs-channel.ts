/**
 * The simulator's line to its Node front end, on the XS engine: one JSON
 * message per call, the front end's answer back.
 */
import { sendToParent } from "../../tools/xs-send.ts";

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
  | { type: "flash-write"; offset: number; hex: string }
  | { type: "flash-erase"; index: number }
  | { type: "store-read"; file: string; key: string }
  | { type: "store-write"; file: string; key: string; hex: string }
  | { type: "store-delete"; file: string; key: string }
  | { type: "paper"; hex: string }
  | { type: "state"; state: string; card: boolean };

export function send(message: SimMessage): ArrayBuffer {
  return sendToParent(message);
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
