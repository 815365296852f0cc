/**
 * Node side of the XS runs: bundles the portable harness and its targets
 * with bundleForXs and drives it in one xsnap worker (tools/xs-worker.ts).
 */
import { bundleForXs, startXs } from "../../tools/xs-worker.ts";
import type { FailureRecord, Outcome, TargetReport } from "./harness.ts";

type Message =
  | { type: "failure"; failure: FailureRecord }
  | { type: "report"; report: TargetReport }
  | { type: "replay"; outcome: Outcome; ms: number }
  | { type: "error"; error: string };

export interface XsFuzzer {
  fuzz(name: string, inputs: number, seed: number): Promise<{ report: TargetReport; failures: FailureRecord[] }>;
  replay(name: string, hex: string): Promise<{ outcome: Outcome; ms: number }>;
  close(): Promise<void>;
}

export async function startXsFuzzer(): Promise<XsFuzzer> {
  const worker = await startXs();
  await worker.evaluate(await bundleForXs(new URL("./xs-entry.ts", import.meta.url).pathname));
  const call = async (code: string): Promise<Message[]> => {
    const { messages } = await worker.evaluate(code);
    const error = (messages as Message[]).find((m) => m.type === "error");
    if (error && error.type === "error") throw new Error(`on XS: ${error.error}`);
    return messages as Message[];
  };
  return {
    async fuzz(name, inputs, seed) {
      const messages = await call(`__fuzz(${JSON.stringify(name)}, ${inputs}, ${seed})`);
      const report = messages.find((m) => m.type === "report");
      if (!report || report.type !== "report") throw new Error(`on XS: ${name} did not finish`);
      return { report: report.report, failures: messages.flatMap((m) => (m.type === "failure" ? [m.failure] : [])) };
    },
    async replay(name, hex) {
      const messages = await call(`__replay(${JSON.stringify(name)}, ${JSON.stringify(hex)})`);
      const replayed = messages.find((m) => m.type === "replay");
      if (!replayed || replayed.type !== "replay") throw new Error(`on XS: the replay of ${name} did not finish`);
      return { outcome: replayed.outcome, ms: replayed.ms };
    },
    close: () => worker.close(),
  };
}
