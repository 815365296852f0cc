/**
 * `make sim`: the desktop terminal simulator. The firmware image
 * (hosts/desktop/terminal.ts) runs on the real XS engine; this front end
 * draws its display, types on its keypad and plays card swipes into its
 * virtual magnetic heads.
 *
 * On a terminal it takes commands; otherwise, or with `--demo`, it plays
 * a fixed tour of the cases a terminal meets.
 */
import { randomBytes } from "node:crypto";
import { fromHex } from "../../modules/core/hex.ts";
import { ISO87A } from "../../modules/iso8583/dialect.ts";
import { startAcquirer } from "../acquirer/acquirer.ts";
import { TEST_BDK, TEST_TMK } from "../acquirer/test-keys.ts";
import { NetBridge } from "./net-bridge.ts";
import { createInterface } from "node:readline/promises";
import { bundleForXs, startXs, type XsRun } from "../../tools/xs-worker.ts";
import { SIM_CARDS } from "./cards.ts";
import type { SimMessage } from "./xs-channel.ts";
import type { SwipeRequest } from "./terminal.ts";

const WIDTH = 24;
const KEYS: Record<string, string> = { e: "ENTER", k: "CANCEL", b: "CLEAR", ".": "." };

const verbose = process.argv.includes("--verbose");

function draw(lines: string[]): void {
  console.log("  ┌" + "─".repeat(WIDTH) + "┐");
  for (const line of lines) console.log("  │" + line.slice(0, WIDTH).padEnd(WIDTH) + "│");
  console.log("  └" + "─".repeat(WIDTH) + "┘");
}

/** Log lines as they come; the display as it ends up (every screen with --verbose). */
function show(run: XsRun): void {
  const messages = run.messages as SimMessage[];
  const screens = messages.filter((m) => m.type === "display");
  for (const m of messages) {
    if (m.type === "log") console.log(`  · ${m.text}`);
    else if (m.type === "display" && (verbose || m === screens[screens.length - 1])) draw(m.lines);
  }
}

const bridge = new NetBridge();
const acquirerLog: string[] = [];
const acquirer = await startAcquirer({ dialect: ISO87A, bdk: fromHex(TEST_BDK), tmk: fromHex(TEST_TMK), log: (line) => acquirerLog.push(line) });
const worker = await startXs((m) => {
  const message = m as SimMessage;
  if (message.type === "random") return new Uint8Array(randomBytes(message.n));
  return bridge.handle(message);
});
const now = new Date();
let seed = 1;
let compute = 0;

async function call(expression: string): Promise<void> {
  const run = await worker.evaluate(expression);
  compute += run.compute ?? 0;
  show(run);
  await pump();
}

/**
 * While the firmware holds a connection, hands it what the acquirer sends
 * and lets its clock run (so its time-outs can fire), 50 ms at a time.
 */
async function pump(): Promise<void> {
  while (bridge.open > 0) {
    const event = await bridge.next(50);
    const expression = !event ? "xsposSim.wait(50)" : "hex" in event ? `xsposSim.netData(${event.id}, "${event.hex}")` : `xsposSim.netClosed(${event.id})`;
    const run = await worker.evaluate(expression);
    compute += run.compute ?? 0;
    for (const line of acquirerLog.splice(0)) console.log(`  ◦ ${line}`);
    show(run);
  }
  for (const line of acquirerLog.splice(0)) console.log(`  ◦ ${line}`);
}

function request(card: number, options: Partial<SwipeRequest> = {}): SwipeRequest {
  return { card: SIM_CARDS[card], speed: [30, 30], reverse: false, jitter: 0.03, damage: false, seed: seed++, ...options };
}

async function swipe(r: SwipeRequest): Promise<void> {
  const how = `${r.reverse ? "backwards" : "forwards"}, ${r.speed[0]}→${r.speed[1]} cm/s, jitter ${r.jitter * 100} %${r.damage ? ", scratched" : ""}`;
  console.log(`\n> swipe: ${r.card.label} (${how})`);
  await call(`xsposSim.swipe(${JSON.stringify(r)})`);
}

/** Types keys: digits, `00`, and e (ENTER), k (CANCEL), b (CLEAR), `.`. */
async function type(keys: string, secret = false): Promise<void> {
  const list = keys.match(/00|[0-9ekb.]/g) ?? [];
  console.log(`\n> keys: ${secret ? list.map((k) => (/[0-9]/.test(k) ? "•" : KEYS[k] ?? k)).join(" ") : list.map((k) => KEYS[k] ?? k).join(" ")}`);
  await call(`xsposSim.press(${JSON.stringify(list.map((k) => KEYS[k] ?? k))})`);
}

async function demo(): Promise<void> {
  await type("1250e");
  await swipe(request(0));
  await call("xsposSim.wait(2500)");
  await type("4000e");
  await swipe(request(3, { reverse: true, speed: [150, 105], jitter: 0.05 }));
  await type("1234e", true);
  await call("xsposSim.wait(2500)");
  await type("9999e");
  await swipe(request(1));
  console.log("\n> the Mastercard goes into the chip reader");
  await call(`xsposSim.insert(${JSON.stringify(SIM_CARDS[1])})`);
  await swipe(request(1, { speed: [60, 80] }));
  await call("xsposSim.wait(2500)");
  await type("500e");
  await swipe(request(4));
  await swipe(request(5));
  await swipe(request(0, { damage: true }));
  await swipe(request(2, { speed: [10, 13] }));
  await call("xsposSim.wait(2500)");
  await type("75e");
  await swipe(request(6, { speed: [100, 70] }));
  await call("xsposSim.wait(2500)");
  console.log("\n> the acquirer will not answer the next sale");
  acquirer.inject({ on: "0200", kind: "drop" });
  await type("2000e");
  await swipe(request(0));
  await call("xsposSim.wait(2500)");
  console.log("\n> the next sale sends the reversal first");
  await type("300e");
  await swipe(request(2));
  await call("xsposSim.wait(2500)");
  await type("250000e");
  await swipe(request(0));
  await call("xsposSim.wait(2500)");
  console.log("\n> end of day");
  await call("xsposSim.settle()");
}

async function interactive(): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const help = [
    "  keys:  digits, 00, e = ENTER, k = CANCEL, b = CLEAR   (e.g. 1250e)",
    ...SIM_CARDS.map((c, i) => `  s${i + 1}    swipe: ${c.label}`),
    "         add r (backwards), s (slow, 10 cm/s), f (fast, 150→105 cm/s), x (scratched): e.g. s2rf",
    "  i2     insert card 2 into the chip reader (a chip that fails allows the stripe)",
    "  d      the acquirer drops its next answer;  t  settle the batch",
    "  w      wait 3 s",
    "  q      quit",
  ].join("\n");
  console.log(help);
  for (;;) {
    const answer = (await rl.question("\nxspos> ")).trim().toLowerCase();
    if (answer === "q") break;
    const m = /^s([0-9]+)([rsfx]*)$/.exec(answer);
    if (m && SIM_CARDS[Number(m[1]) - 1]) {
      const flags = m[2];
      await swipe(
        request(Number(m[1]) - 1, {
          reverse: flags.includes("r"),
          damage: flags.includes("x"),
          speed: flags.includes("s") ? [10, 10] : flags.includes("f") ? [150, 105] : [30, 30],
        }),
      );
    } else if (/^i[0-9]+$/.test(answer) && SIM_CARDS[Number(answer.slice(1)) - 1]) {
      const card = SIM_CARDS[Number(answer.slice(1)) - 1];
      console.log(`\n> insert: ${card.label}`);
      await call(`xsposSim.insert(${JSON.stringify(card)})`);
    }
    else if (answer === "w") await call("xsposSim.wait(3000)");
    else if (/^(00|[0-9ekb.])+$/.test(answer)) await type(answer);
    else console.log(help);
  }
  rl.close();
}

try {
  console.log("xspos desktop simulator: terminal firmware on the XS engine; virtual stripe heads and keypad");
  await worker.evaluate(await bundleForXs(new URL("./terminal.ts", import.meta.url).pathname));
  console.log(`acquirer emulator on 127.0.0.1:${acquirer.port} (iso87a)${process.argv.includes("--4g") ? ", reached through a virtual 4G modem" : ""}`);
  const uplink = process.argv.includes("--4g") ? "4g" : "wifi";
  await call(`xsposSim.start(${JSON.stringify({ year: now.getFullYear(), month: now.getMonth() + 1 })}, ${acquirer.port}, "${uplink}")`);
  if (process.argv.includes("--demo") || !process.stdin.isTTY) await demo();
  else await interactive();
  await call("xsposSim.close()");
  console.log(`\nXS computation for the session: ${compute} units`);
} finally {
  await worker.close();
  bridge.close();
  await acquirer.close();
}
