import TCP from "embedded:io/socket/tcp";
import Timer from "timer";
import { UplinkError } from "../../modules/uplink/error.ts";
import type { Connection, Link } from "../../modules/uplink/ports.ts";

/**
 * The network port over Wi-Fi on the device: ECMA-419 TCP sockets
 * (`embedded:io/socket/tcp`). The socket is connected when it first
 * becomes writable. The acquirer is given by IP address. A connection
 * that asks for TLS is refused with `HOST_CONNECT` before any socket is
 * opened: no TLS socket, CA certificate or host-name check is set up on
 * this board, and a plain connection in its place would send the
 * authorization in the clear.
 */
export class WifiLink implements Link {
  connect(host: string, port: number, options: { tls?: boolean; timeoutMs: number }): Promise<Connection> {
    if (options.tls) return Promise.reject(new UplinkError("HOST_CONNECT", "TLS is not configured on this board"));
    return new Promise((resolve, reject) => void new WifiConnection(host, port, options.timeoutMs, resolve, reject));
  }
}

/**
 * One TCP connection to the acquirer, settling `connect`'s promise: with
 * the connection once the socket is first writable, with `HOST_CONNECT`
 * when it cannot open, fails before that or the time runs out. Its
 * callbacks are this class's methods behind one-line arrows: a function
 * made at run time in preloaded code is copied into RAM with its
 * bytecode, for every connection.
 */
class WifiConnection implements Connection {
  onData: ((bytes: Uint8Array) => void) | undefined = undefined;
  onClose: (() => void) | undefined = undefined;
  #socket: TCP | undefined;
  #connected = false;
  readonly #timer: ReturnType<typeof Timer.set>;
  readonly #where: string;
  readonly #resolve: (connection: Connection) => void;
  readonly #reject: (e: Error) => void;

  constructor(host: string, port: number, timeoutMs: number, resolve: (connection: Connection) => void, reject: (e: Error) => void) {
    this.#where = `${host}:${port}`;
    this.#resolve = resolve;
    this.#reject = reject;
    // the one callback gone once connected: its body may stay inline
    this.#timer = Timer.set(() => {
      if (this.#connected) return;
      this.#socket?.close();
      reject(new UplinkError("HOST_CONNECT", `no connection to ${host}:${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    try {
      this.#socket = new TCP({
        address: host,
        port,
        nodelay: true,
        format: "buffer",
        onWritable: () => this.#writable(),
        onReadable: (bytes: number) => this.#readable(bytes),
        onError: () => this.#failed(),
      });
    } catch {
      Timer.clear(this.#timer);
      reject(new UplinkError("HOST_CONNECT", `cannot open a socket to ${this.#where}`));
    }
  }

  write(bytes: Uint8Array): void {
    this.#socket?.write(bytes);
  }

  close(): void {
    this.#socket?.close();
    this.#socket = undefined;
  }

  #writable(): void {
    if (this.#connected) return;
    this.#connected = true;
    Timer.clear(this.#timer);
    this.#resolve(this);
  }

  #readable(bytes: number): void {
    this.onData?.(new Uint8Array(this.#socket!.read(bytes) as ArrayBuffer));
  }

  #failed(): void {
    Timer.clear(this.#timer);
    this.#socket = undefined;
    if (!this.#connected) this.#reject(new UplinkError("HOST_CONNECT", `cannot connect to ${this.#where}`));
    else this.onClose?.();
  }
}
