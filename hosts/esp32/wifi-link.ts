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
    return new Promise((resolve, reject) => {
      let connected = false;
      let socket: TCP | undefined;
      const connection: Connection = {
        onData: undefined,
        onClose: undefined,
        write: (bytes) => socket?.write(bytes),
        close: () => {
          socket?.close();
          socket = undefined;
        },
      };
      const timer = Timer.set(() => {
        if (connected) return;
        socket?.close();
        reject(new UplinkError("HOST_CONNECT", `no connection to ${host}:${port} within ${options.timeoutMs} ms`));
      }, options.timeoutMs);
      try {
        socket = new TCP({
          address: host,
          port,
          nodelay: true,
          format: "buffer",
          onWritable() {
            if (connected) return;
            connected = true;
            Timer.clear(timer);
            resolve(connection);
          },
          onReadable(bytes: number) {
            const data = this.read(bytes) as ArrayBuffer;
            connection.onData?.(new Uint8Array(data));
          },
          onError() {
            Timer.clear(timer);
            socket = undefined;
            if (!connected) reject(new UplinkError("HOST_CONNECT", `cannot connect to ${host}:${port}`));
            else connection.onClose?.();
          },
        });
      } catch {
        Timer.clear(timer);
        reject(new UplinkError("HOST_CONNECT", `cannot open a socket to ${host}:${port}`));
      }
    });
  }
}
