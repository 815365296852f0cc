import { UplinkError } from "./error.ts";
import { FrameDecoder, frame, type LengthHeader } from "./framing.ts";
import type { Connection, Link } from "./ports.ts";

/**
 * A Link whose far end is a function, for tests on any engine (the jPOS
 * loopback channel idea): each framed message written is handed to
 * `respond`, and what it returns comes back framed, as separate chunks,
 * on the next turn of the job queue.
 */
export class LoopbackLink implements Link {
  #respond: (message: Uint8Array) => Uint8Array[];
  #header: LengthHeader;
  /** connections refused while true */
  down = false;
  connections = 0;

  constructor(respond: (message: Uint8Array) => Uint8Array[], header: LengthHeader = "binary2") {
    this.#respond = respond;
    this.#header = header;
  }

  connect(host: string, port: number): Promise<Connection> {
    if (this.down) return Promise.reject(new UplinkError("HOST_CONNECT", `${host}:${port} refuses connections`));
    this.connections++;
    const decoder = new FrameDecoder(this.#header);
    let open = true;
    const connection: Connection = {
      onData: undefined,
      onClose: undefined,
      write: (bytes) => {
        if (!open) return;
        const messages = decoder.push(bytes);
        for (let i = 0; i < messages.length; i++) {
          const message = messages[i];
          const answers = this.#respond(message);
          for (let j = 0; j < answers.length; j++) {
            const answer = answers[j];
            void Promise.resolve().then(() => open && connection.onData?.(frame(answer, this.#header)));
          }
        }
      },
      close: () => {
        open = false;
      },
    };
    return Promise.resolve(connection);
  }
}
