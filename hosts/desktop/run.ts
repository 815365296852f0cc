/**
 * `make sim`: the desktop terminal simulator. The firmware image
 * (hosts/desktop/terminal.ts) runs on the real XS engine; this front end
 * draws its display and plays card swipes into its virtual magnetic heads.
 *
 * On a terminal it asks which card to swipe and how; otherwise, or with
 * `--demo`, it plays a fixed tour of the cases a terminal meets.
 */
import { createInterface } from "node:readline/promises";
import { bundleForXs, startXs, type XsRun } from "../../tools/xs-worker.ts";
import { SIM_CARDS } from "./cards.ts";
import type { SimMessage } from "./xs-channel.ts";
import type { SwipeRequest } from "./terminal.ts";

const WIDTH = 24;

function show(run: XsRun): void {
  for (const m of run.messages as SimMessage[]) {
    if (m.type === "log") console.log(`  · ${m.text}`);
    else {
      console.log("  ┌" + "─".repeat(WIDTH) + "┐");
      for (const line of m.lines) console.log("  │" + line.slice(0, WIDTH).padEnd(WIDTH) + "│");
      console.log("  └" + "─".repeat(WIDTH) + "┘");
    }
  }
}

const worker = await startXs();
const now = new Date();
let seed = 1;
let compute = 0;

async function call(expression: string): Promise<void> {
  const run = await worker.evaluate(expression);
  compute += run.compute ?? 0;
  show(run);
}

function request(card: number, options: Partial<SwipeRequest> = {}): SwipeRequest {
  return { card: SIM_CARDS[card], speed: [30, 30], reverse: false, jitter: 0.03, damage: false, seed: seed++, ...options };
}

async function swipe(r: SwipeRequest): Promise<void> {
  const how = `${r.reverse ? "backwards" : "forwards"}, ${r.speed[0]}→${r.speed[1]} cm/s, jitter ${r.jitter * 100} %${r.damage ? ", scratched" : ""}`;
  console.log(`\n> swipe: ${r.card.label} (${how})`);
  await call(`xsposSim.swipe(${JSON.stringify(r)})`);
}

async function demo(): Promise<void> {
  await swipe(request(0));
  await swipe(request(0, { reverse: true, speed: [150, 105], jitter: 0.05 }));
  await swipe(request(2, { speed: [10, 13] }));
  await swipe(request(1));
  console.log("\n> the chip of the Mastercard fails");
  await call("xsposSim.setChipFailed(true)");
  await swipe(request(1, { speed: [60, 80] }));
  await call("xsposSim.setChipFailed(false)");
  await swipe(request(3));
  await swipe(request(4));
  await swipe(request(0, { damage: true }));
  await swipe(request(5, { speed: [100, 70] }));
}

async function interactive(): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const help = [
    ...SIM_CARDS.map((c, i) => `  ${i + 1}  swipe: ${c.label}`),
    "  add r (backwards), s (slow, 10 cm/s), f (fast, 150→105 cm/s), x (scratched): e.g. 2rf",
    "  c  the chip failed (next swipe of a chip card is a fallback)",
    "  q  quit",
  ].join("\n");
  console.log(help);
  for (;;) {
    const answer = (await rl.question("\nxspos> ")).trim().toLowerCase();
    if (answer === "q" || answer === "") break;
    if (answer === "c") {
      await call("xsposSim.setChipFailed(true)");
      continue;
    }
    const m = /^([0-9]+)([rsfx]*)$/.exec(answer);
    const index = m ? Number(m[1]) - 1 : -1;
    if (!m || !SIM_CARDS[index]) {
      console.log(help);
      continue;
    }
    const flags = m[2];
    await swipe(
      request(index, {
        reverse: flags.includes("r"),
        damage: flags.includes("x"),
        speed: flags.includes("s") ? [10, 10] : flags.includes("f") ? [150, 105] : [30, 30],
      }),
    );
  }
  rl.close();
}

try {
  console.log("xspos desktop simulator: terminal firmware on the XS engine, virtual magnetic heads");
  await worker.evaluate(await bundleForXs(new URL("./terminal.ts", import.meta.url).pathname));
  await call(`xsposSim.start(${JSON.stringify({ year: now.getFullYear(), month: now.getMonth() + 1 })})`);
  if (process.argv.includes("--demo") || !process.stdin.isTTY) await demo();
  else await interactive();
  await call("xsposSim.close()");
  console.log(`\nXS computation for the session: ${compute} units`);
} finally {
  await worker.close();
}
