/**
 * The link to the acquirer, telling the heap meter when a message is
 * written and when the answer's bytes arrive: the heap sampled while the
 * terminal is online is then placed before and after the exchange, so
 * that what building the request and reading the answer leave in the
 * heap shows apart. Nothing of the bytes is kept.
 */
import type { Connection, Link } from "../../modules/uplink/ports.ts";

/** Wraps `link`: `mark` hears each write ("writing a message") and each arrival ("bytes from the host"). */
export function markedLink(link: Link, mark: (what: string) => void): Link {
  return {
    connect: (host, port, options) => link.connect(host, port, options).then((connection) => new MarkedConnection(connection, mark)),
  };
}

/**
 * A connection whose writes and arrivals are marked. A class at module
 * level, not closures made for each connection: those would be copied
 * into the heap the meter measures, with their code, as the terminal's.
 */
class MarkedConnection implements Connection {
  onData: ((bytes: Uint8Array) => void) | undefined = undefined;
  onClose: (() => void) | undefined = undefined;
  readonly #connection: Connection;
  readonly #mark: (what: string) => void;

  constructor(connection: Connection, mark: (what: string) => void) {
    this.#connection = connection;
    this.#mark = mark;
    connection.onData = (bytes) => this.#arrived(bytes);
    connection.onClose = () => this.onClose?.();
  }

  write(bytes: Uint8Array): void {
    this.#mark("writing a message to the host");
    this.#connection.write(bytes);
  }

  close(): void {
    this.#connection.close();
  }

  #arrived(bytes: Uint8Array): void {
    this.#mark("bytes from the host");
    this.onData?.(bytes);
  }
}
