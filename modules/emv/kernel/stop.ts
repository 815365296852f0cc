import { toHex } from "../../core/hex.ts";
import type { TerminateReason } from "./outcome.ts";

/**
 * How a step ends the transaction early. Steps throw it, and only the
 * kernel's entry points catch it and turn it into an outcome (adding the
 * step): deep in a step, throwing is simpler than threading a result
 * through every caller. It is not an `Error`: nothing outside the kernel
 * ever sees it.
 */
export class KernelStop {
  /** `timed-out`: the cardholder did not answer in time; it ends as a `cancelled` outcome with that cause */
  declare readonly kind: "end-application" | "card-removed" | "cancelled" | "timed-out";
  declare readonly reason: TerminateReason;
  declare readonly detail: string;
  declare readonly sw?: number;
  /** false when a working chip refused its applications, so the stripe must not replace it */
  declare readonly fallback?: boolean;

  constructor(kind: KernelStop["kind"], reason: TerminateReason = "card-io", detail = "", sw?: number, fallback?: boolean) {
    this.kind = kind;
    this.reason = reason;
    this.detail = detail;
    this.sw = sw;
    this.fallback = fallback;
  }
}

/** Ends the application with a reason ("terminate the transaction"). */
export function terminate(reason: TerminateReason, detail: string, sw?: number, fallback?: boolean): never {
  throw new KernelStop("end-application", reason, detail, sw, fallback);
}

/** Ends the application on a status word the command may not answer ("terminate the transaction"), naming both (the status word as four hex digits). */
export function terminateOnStatus(command: string, sw: number): never {
  terminate("status", `${command} answered ${toHex(Uint8Array.of(sw >> 8, sw & 0xff))}`, sw);
}
