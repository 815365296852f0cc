/**
 * The simulator's network port on the XS engine: connections are real
 * TCP sockets held by the Node front end, reached through xsnap's
 * issueCommand; incoming bytes come back through `deliver`.
 */
import { fromHex, toHex } from "../../modules/core/hex.ts";
import { UplinkError } from "../../modules/uplink/error.ts";
import type { Connection, Link } from "../../modules/uplink/ports.ts";
import { send } from "./xs-channel.ts";

const decoder = { decode: (b: ArrayBuffer) => String.fromCharCode(...new Uint8Array(b)) };

export class BridgeLink implements Link {
  #open = new Map<number, Connection>();
  /** writes so far, on every connection: a wait may stop at the next one */
  writes = 0;

  connect(host: string, port: number, options: { tls?: boolean; timeoutMs: number }): Promise<Connection> {
    const reply = JSON.parse(decoder.decode(send({ type: "net-connect", host, port, tls: !!options.tls, timeoutMs: options.timeoutMs }))) as { id?: number; error?: string };
    if (reply.id === undefined) return Promise.reject(new UplinkError("HOST_CONNECT", `cannot connect to ${host}:${port} (${reply.error ?? "refused"})`));
    const id = reply.id;
    const connection: Connection = {
      onData: undefined,
      onClose: undefined,
      write: (bytes) => {
        this.writes++;
        send({ type: "net-write", id, hex: toHex(bytes) });
      },
      close: () => {
        this.#open.delete(id);
        send({ type: "net-close", id });
      },
    };
    this.#open.set(id, connection);
    return Promise.resolve(connection);
  }

  /** Bytes the front end received on connection `id`. */
  deliver(id: number, hex: string): void {
    this.#open.get(id)?.onData?.(fromHex(hex));
  }

  /** The peer closed connection `id`. */
  closed(id: number): void {
    const c = this.#open.get(id);
    this.#open.delete(id);
    c?.onClose?.();
  }
}
