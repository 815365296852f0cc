/**
 * A TCP gate on 127.0.0.1 in front of a server: while open it forwards
 * every connection to the server; shut, its port refuses connections
 * (nothing listens: ECONNREFUSED) and the connections through it are cut.
 * The server behind it keeps its state, so a test can take "the host"
 * down and bring the same host back on the same port.
 */
import * as net from "node:net";

export interface TcpGate {
  /** the port clients connect to */
  port: number;
  /** stops listening and cuts every connection through the gate */
  shut(): Promise<void>;
  /** listens again on the same port */
  open(): Promise<void>;
  close(): Promise<void>;
}

export async function tcpGate(targetPort: number): Promise<TcpGate> {
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    // a cut connection's error is the gate's own doing
    s.on("error", () => {});
  };
  const server = net.createServer((client) => {
    track(client);
    const upstream = net.connect(targetPort, "127.0.0.1");
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  let listening = false;
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        listening = true;
        resolve();
      });
    });
  const shut = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (!listening) return resolve();
      listening = false;
      server.close(() => resolve());
    });
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    shut,
    open: () => (listening ? Promise.resolve() : listen(port)),
    close: shut,
  };
}
