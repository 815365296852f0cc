import type { TerminateReason } from "./outcome.ts";

/**
 * How a step ends the transaction early. Steps throw it, and only the
 * kernel's entry points catch it and turn it into an outcome (adding the
 * step): deep in a step, throwing is simpler than threading a result
 * through every caller. It is not an `Error`: nothing outside the kernel
 * ever sees it.
 */
export class KernelStop {
  constructor(
    /** `timed-out`: the cardholder did not answer in time; it ends as a `cancelled` outcome with that cause */
    readonly kind: "end-application" | "card-removed" | "cancelled" | "timed-out",
    readonly reason: TerminateReason = "card-io",
    readonly detail = "",
    readonly sw?: number,
    /** false when a working chip refused its applications, so the stripe must not replace it */
    readonly fallback?: boolean,
  ) {}
}

/** Ends the application with a reason ("terminate the transaction"). */
export function terminate(reason: TerminateReason, detail: string, sw?: number, fallback?: boolean): never {
  throw new KernelStop("end-application", reason, detail, sw, fallback);
}

/** The status word as four hex digits, for details. */
export function swText(sw: number): string {
  const hex = "0123456789ABCDEF";
  return hex[(sw >> 12) & 15] + hex[(sw >> 8) & 15] + hex[(sw >> 4) & 15] + hex[sw & 15];
}
