/**
 * The Node side of the simulator's network port: real sockets for the
 * firmware on XS. Connects and writes arrive as commands; received bytes
 * and closes wait in a queue until the front end hands them to XS.
 */
import * as net from "node:net";
import type { SimMessage } from "./xs-channel.ts";

type Event = { id: number; hex: string } | { id: number; closed: true };

/** What passed on the bridge, for a trace: a connection opened or closed, bytes sent or received. */
export type BridgeObservation =
  | { id: number; kind: "open"; host: string; port: number }
  | { id: number; kind: "close"; by: "terminal" | "peer" }
  | { id: number; kind: "sent" | "received"; bytes: Uint8Array };

const encoder = new TextEncoder();

export class NetBridge {
  #sockets = new Map<number, net.Socket>();
  #events: Event[] = [];
  #nextId = 1;
  #wake: (() => void) | undefined;
  #observe: (o: BridgeObservation) => void;

  /** `observe` sees each connection and the bytes on it (the simulator's uplink trace). */
  constructor(observe: (o: BridgeObservation) => void = () => {}) {
    this.#observe = observe;
  }

  /** Answers a network command from XS; undefined for other messages. */
  async handle(message: SimMessage): Promise<Uint8Array | undefined> {
    if (message.type === "net-connect") {
      const reply = await new Promise<object>((resolve) => {
        const socket = net.connect({ host: message.host, port: message.port });
        const timer = setTimeout(() => {
          socket.destroy();
          resolve({ error: "time-out" });
        }, message.timeoutMs);
        socket.once("error", (e: NodeJS.ErrnoException) => {
          clearTimeout(timer);
          resolve({ error: e.code ?? e.message });
        });
        socket.once("connect", () => {
          clearTimeout(timer);
          const id = this.#nextId++;
          this.#sockets.set(id, socket);
          this.#observe({ id, kind: "open", host: message.host, port: message.port });
          socket.removeAllListeners("error");
          socket.on("data", (chunk: Buffer) => {
            this.#observe({ id, kind: "received", bytes: new Uint8Array(chunk) });
            this.#push({ id, hex: chunk.toString("hex").toUpperCase() });
          });
          socket.on("close", () => {
            if (!this.#sockets.delete(id)) return;
            this.#observe({ id, kind: "close", by: "peer" });
            this.#push({ id, closed: true });
          });
          socket.on("error", () => socket.destroy());
          resolve({ id });
        });
      });
      return encoder.encode(JSON.stringify(reply));
    }
    if (message.type === "net-write") {
      const socket = this.#sockets.get(message.id);
      if (socket) this.#observe({ id: message.id, kind: "sent", bytes: new Uint8Array(Buffer.from(message.hex, "hex")) });
      socket?.write(Buffer.from(message.hex, "hex"));
      return new Uint8Array(0);
    }
    if (message.type === "net-close") {
      const socket = this.#sockets.get(message.id);
      if (this.#sockets.delete(message.id)) this.#observe({ id: message.id, kind: "close", by: "terminal" });
      socket?.destroy();
      return new Uint8Array(0);
    }
    return undefined;
  }

  /** Connections the firmware holds open. */
  get open(): number {
    return this.#sockets.size;
  }

  /** The next received event, waiting up to `ms` of real time for one. */
  async next(ms: number): Promise<Event | undefined> {
    if (!this.#events.length) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
    return this.#events.shift();
  }

  close(): void {
    for (const s of this.#sockets.values()) s.destroy();
    this.#sockets.clear();
  }

  #push(event: Event): void {
    this.#events.push(event);
    this.#wake?.();
  }
}
