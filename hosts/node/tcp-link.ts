import * as net from "node:net";
import * as tls from "node:tls";
import { UplinkError } from "../../modules/uplink/error.ts";
import type { Connection, Link } from "../../modules/uplink/ports.ts";

/** The network port on Node's TCP (and TLS) sockets. */
export class TcpLink implements Link {
  #tlsOptions: tls.ConnectionOptions;

  /** @param tlsOptions - CA and server name for TLS connections */
  constructor(tlsOptions: tls.ConnectionOptions = {}) {
    this.#tlsOptions = tlsOptions;
  }

  connect(host: string, port: number, options: { tls?: boolean; timeoutMs: number }): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = options.tls ? tls.connect({ host, port, ...this.#tlsOptions }) : net.connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new UplinkError("HOST_CONNECT", `no connection to ${host}:${port} within ${options.timeoutMs} ms`));
      }, options.timeoutMs);
      socket.once("error", (e) => {
        clearTimeout(timer);
        reject(new UplinkError("HOST_CONNECT", `cannot connect to ${host}:${port}: ${(e as NodeJS.ErrnoException).code ?? e.message}`));
      });
      socket.once(options.tls ? "secureConnect" : "connect", () => {
        clearTimeout(timer);
        socket.removeAllListeners("error");
        resolve(new SocketConnection(socket));
      });
    });
  }
}

class SocketConnection implements Connection {
  onData: ((bytes: Uint8Array) => void) | undefined;
  onClose: (() => void) | undefined;
  #socket: net.Socket;
  #closed = false;

  constructor(socket: net.Socket) {
    this.#socket = socket;
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.onData?.(new Uint8Array(chunk)));
    const closed = () => {
      if (this.#closed) return;
      this.#closed = true;
      this.onClose?.();
    };
    socket.on("close", closed);
    socket.on("error", closed);
  }

  write(bytes: Uint8Array): void {
    if (!this.#closed) this.#socket.write(bytes);
  }

  close(): void {
    this.#closed = true;
    this.#socket.destroy();
  }
}
