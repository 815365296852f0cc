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
    async connect(host, port, options) {
      const connection = await link.connect(host, port, options);
      const marked: Connection = {
        write(bytes) {
          mark("writing a message to the host");
          connection.write(bytes);
        },
        close: () => connection.close(),
        onData: undefined,
        onClose: undefined,
      };
      connection.onData = (bytes) => {
        mark("bytes from the host");
        marked.onData?.(bytes);
      };
      connection.onClose = () => marked.onClose?.();
      return marked;
    },
  };
}
