import type { VirtualClock } from "../../modules/core/virtual-clock.ts";

/**
 * Runs `work` to completion on a virtual clock: lets promise jobs run,
 * then moves time `stepMs` at a time, until the work settles.
 */
export async function runWithClock<T>(clock: VirtualClock, work: Promise<T>, stepMs = 100): Promise<T> {
  let done = false;
  const result = work.finally(() => (done = true));
  result.catch(() => {});
  for (let i = 0; i < 20000 && !done; i++) {
    for (let j = 0; j < 10; j++) await Promise.resolve();
    if (!done) clock.advance(stepMs);
  }
  return result;
}
