/**
 * The simulator's network timing, on the XS engine: a link whose
 * connections measure, on the terminal's clock, each round trip from the
 * first bytes of a request written to the first bytes of its answer, and
 * report it to the front end as network time.
 */
import type { Clock } from "../../modules/core/ports.ts";
import type { Connection, Link } from "../../modules/uplink/ports.ts";
import { send } from "./xs-channel.ts";

/** `link` with each round trip on its connections reported as device time. */
export function timedLink(link: Link, clock: Pick<Clock, "now">): Link {
  return {
    async connect(host, port, options) {
      const inner = await link.connect(host, port, options);
      let sentAt: number | undefined;
      const outer: Connection = {
        onData: undefined,
        onClose: undefined,
        write(bytes) {
          sentAt ??= clock.now();
          inner.write(bytes);
        },
        close: () => inner.close(),
      };
      inner.onData = (bytes) => {
        if (sentAt !== undefined) send({ type: "device-time", networkMs: clock.now() - sentAt });
        sentAt = undefined;
        outer.onData?.(bytes);
      };
      inner.onClose = () => outer.onClose?.();
      return outer;
    },
  };
}
