/**
 * `make sim`: the desktop terminal simulator. The firmware image
 * (hosts/desktop/terminal.ts) runs the terminal application on the real
 * XS engine; this front end draws its display, types on its keypad,
 * swipes and inserts cards, prints what its printer put on paper, and
 * runs the acquirer emulator it talks to. The terminal's journal, keys
 * and DUKPT registers and the emulator's ledger live in the simulator's
 * directory, so a restart meets both as they were.
 *
 * On a terminal it takes commands; otherwise, or with `--demo`, it plays
 * a fixed tour of the cases a terminal meets.
 */
import { parseSimOptions, SIM_USAGE } from "./sim-options.ts";
import { randomBytes } from "node:crypto";
import { createInterface } from "node:readline/promises";
import { fromHex } from "../../modules/core/hex.ts";
import { ISO87A } from "../../modules/iso8583/dialect.ts";
import { SAMPLE_CONFIG } from "../../modules/config/sample-config.ts";
import { startAcquirer } from "../acquirer/acquirer.ts";
import { defaultAccounts, type Account } from "../acquirer/accounts.ts";
import { TEST_BDK, TEST_TMK } from "../acquirer/test-keys.ts";
import { interpretEscPos } from "../escpos-paper/index.ts";
import { textWidth } from "../../modules/display/text-width.ts";
import { bundleForXs, startXs, type XsRun } from "../../tools/xs-worker.ts";
import { cardIssuers, profilePan } from "./card-issuers.ts";
import { CHIP_CARDS, SIM_CARDS } from "./cards.ts";
import { loadTestCard, readTestCaKeys, readTestCardJson } from "./emv-card/test-cards.ts";
import { NetBridge } from "./net-bridge.ts";
import { SimStorage, simDirectory } from "./sim-storage.ts";
import type { SimMessage } from "./xs-channel.ts";
import type { StartRequest, SwipeRequest } from "./terminal.ts";

const parsed = parseSimOptions(process.argv.slice(2));
if (parsed.kind === "help") {
  console.log(SIM_USAGE);
  process.exit(0);
}
if (parsed.kind === "error") {
  console.error(`xspos simulator: ${parsed.message}\n${SIM_USAGE}`);
  process.exit(2);
}
const options = parsed.options;
const verbose = options.verbose;
const WIDTH = 20;
const chinese = options.zh;
/** how long, in the terminal's time, quitting waits for it to finish (a sale's answer, its receipts) */
const QUIT_BOUND_MS = 30_000;
/** The simulator's manager PIN (its digest is provisioned in a fresh key store). */
const MANAGER_PIN = "9876";
/** ANSI X9.24-1:2009 annex A test initial KSN. */
const TEST_KSN = "FFFF9876543210E00000";
const KEYS: Record<string, string> = { e: "ENTER", k: "CANCEL", b: "CLEAR", m: "MENU", f: "F1", ".": "." };
const KEY_PATTERN = /00|[0-9ekbmf.]/g;
/** states in which the digits typed are secret */
const SECRET_STATES = new Set(["pin", "manager-pin"]);

let state = "off";
let cardIn = false;
let idle = false;
let paper: number[] = [];
/** TVR byte 5 (EMV 4.4 Book 3 annex C5): bits 8 to 5 */
const TVR_BYTE5 = ["default TDOL used", "issuer authentication failed", "script processing failed before the final GENERATE AC", "script processing failed after the final GENERATE AC"];
const TVR_LINE = /^(?:TVR|终端验证结果)\s+([0-9A-F]{10})$/;

function draw(lines: string[]): void {
  console.log("  ┌" + "─".repeat(WIDTH) + "┐");
  // a Chinese character takes two columns of the display
  for (const line of lines) console.log("  │" + line + " ".repeat(Math.max(0, WIDTH - textWidth(line))) + "│");
  console.log("  └" + "─".repeat(WIDTH) + "┘");
}

/** Prints each receipt as the paper shows it once its cut has come. */
function printPaper(): void {
  for (;;) {
    let cut = -1;
    for (let i = 0; i + 2 < paper.length && cut < 0; i++) if (paper[i] === 0x1d && paper[i + 1] === 0x56) cut = i + (paper[i + 2] >= 65 ? 4 : 3);
    if (cut < 0) return;
    const bytes = Uint8Array.from(paper.slice(0, cut));
    paper = paper.slice(cut);
    const result = interpretEscPos(bytes, { width: 80, chinese });
    const lines = result.items.flatMap((item) => (item.type === "text" ? [item.text] : []));
    // a cut with nothing before it (the printer's recovery after paper-out) is no receipt
    if (!lines.some((l) => l.trim() !== "")) continue;
    console.log("  ✂ receipt");
    for (const line of lines) console.log(`  ▌ ${line}`);
    const tvr = lines.map((l) => TVR_LINE.exec(l.trim())).find((m) => m);
    if (tvr) {
      const byte5 = parseInt(tvr[1].slice(8), 16);
      const set = TVR_BYTE5.filter((_, i) => byte5 & (0x80 >> i));
      console.log(`  (TVR byte 5 = ${tvr[1].slice(8)}: ${set.length ? set.join(", ") : "issuer authentication passed or not performed, no script failed"})`);
    }
  }
}

/** Log lines as they come; the display as it ends up (every screen with --verbose). */
function show(run: XsRun): void {
  const messages = run.messages as SimMessage[];
  const screens = messages.filter((m): m is Extract<SimMessage, { type: "display" }> => m.type === "display");
  for (const m of messages) {
    if (m.type === "log") console.log(`  · ${m.text}`);
    else if (m.type === "display" && (verbose || m === screens[screens.length - 1])) draw(m.lines);
    else if (m.type === "paper") paper.push(...Buffer.from(m.hex, "hex"));
    else if (m.type === "state") {
      state = m.state;
      cardIn = m.card;
    } else if (m.type === "idle") idle = m.idle;
  }
  printPaper();
}

const root = new URL("../..", import.meta.url).pathname;
const storage = new SimStorage(simDirectory(root), options.fresh);
// --interactive takes commands from a pipe too (the tests type through one)
const playDemo = options.demo || (!process.stdin.isTTY && !options.interactive);
const chipNames = CHIP_CARDS.flatMap((c) => (c.profile ? [c.profile] : []));
const chipAccounts: Account[] = chipNames.flatMap((name) =>
  loadTestCard(name).applications.flatMap((app) => {
    const pan = profilePan(app);
    return pan ? [{ pan, balanceMinor: 5_000_000, limitMinor: 2_000_000, expiry: "4912", ...(name === "dda" ? { pin: "1234" } : {}) }] : [];
  }),
);
const bridge = new NetBridge();
const acquirerLog: string[] = [];
const acquirer = await startAcquirer({
  dialect: ISO87A,
  bdk: fromHex(TEST_BDK),
  tmk: fromHex(TEST_TMK),
  accounts: [...defaultAccounts(), ...chipAccounts],
  issuer: cardIssuers(chipNames),
  log: (line) => void acquirerLog.push(line),
  // every request may change the ledger, a settled flag, the RRN counter or a session key
  onHandled: () => storage.saveAcquirer(acquirer),
});
// the demo is a tour: its accounts start full each time (the ledger, counters and keys carry on)
storage.restoreAcquirer(acquirer, { balances: !playDemo });
const worker = await startXs((m) => {
  const message = m as SimMessage;
  if (message.type === "random") return new Uint8Array(randomBytes(message.n));
  if (message.type === "wall") return new TextEncoder().encode(`${Date.now()},${-new Date().getTimezoneOffset()}`);
  return storage.handle(message) ?? bridge.handle(message);
});
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

async function wait(ms: number): Promise<void> {
  // in steps, so that a connection opened meanwhile is served
  for (let done = 0; done < ms; done += 500) await call(`xsposSim.wait(${Math.min(500, ms - done)})`);
}

function request(card: number, options: Partial<SwipeRequest> = {}): SwipeRequest {
  return { card: SIM_CARDS[card], speed: [30, 30], reverse: false, jitter: 0.03, damage: false, seed: seed++, ...options };
}

async function swipe(r: SwipeRequest): Promise<void> {
  const how = `${r.reverse ? "backwards" : "forwards"}, ${r.speed[0]}→${r.speed[1]} cm/s, jitter ${r.jitter * 100} %${r.damage ? ", scratched" : ""}`;
  console.log(`\n> swipe: ${r.card.label} (${how})`);
  if (state !== "present-card") console.log(`  (the terminal is not asking for a card now: ${state}; it ignores the swipe)`);
  await call(`xsposSim.swipe(${JSON.stringify(r)})`);
}

async function insert(n: number): Promise<void> {
  const card = CHIP_CARDS[n];
  console.log(`\n> insert: ${card.label}`);
  if (cardIn) return void console.log("  (a card is already in the reader: r removes it)");
  if (state !== "present-card") console.log(`  (the terminal is not asking for a card now: ${state})`);
  const what = card.profile ? { profile: readTestCardJson(card.profile) } : { deadAtr: card.deadAtr };
  await call(`xsposSim.insert(${JSON.stringify(what)})`);
}

async function remove(): Promise<void> {
  console.log("\n> remove the card");
  if (!cardIn) return void console.log("  (no card in the reader)");
  await call("xsposSim.remove()");
}

/**
 * Types keys: digits, `00`, e (ENTER), k (CANCEL), b (CLEAR), m (MENU), f (F1), `.`; digits of a PIN show as •.
 * Each key goes on its own: one that changes nothing (no screen, no log line, no paper, the same state)
 * was not taken, and a line says which (a result screen takes only ENTER, USE CHIP READER no digit).
 */
async function type(keys: string): Promise<void> {
  const list = keys.match(KEY_PATTERN) ?? [];
  const name = (k: string, secret: boolean) => (secret && /[0-9]/.test(k) ? "•" : KEYS[k] ?? k);
  console.log(`\n> keys: ${list.map((k) => name(k, SECRET_STATES.has(state))).join(" ")}`);
  // what the keys did, shown at once (the last screen only, as for any step); the keys not taken said first
  let pending: SimMessage[] = [];
  const notes: string[] = [];
  let ignored: string[] = [];
  let ignoredIn = "";
  const note = () => {
    if (ignored.length) notes.push(`  (the terminal does not take ${ignored.join(" ")} now: ${ignoredIn}; it ignores ${ignored.length > 1 ? "them" : "it"})`);
    ignored = [];
  };
  const showPending = () => {
    note();
    for (const line of notes.splice(0)) console.log(line);
    show({ compute: null, allocate: null, messages: pending });
    pending = [];
  };
  let current = state;
  for (const k of list) {
    const run = await worker.evaluate(`xsposSim.press(${JSON.stringify([KEYS[k] ?? k])})`);
    compute += run.compute ?? 0;
    const messages = run.messages as SimMessage[];
    const after = messages.reduce((s, m) => (m.type === "state" ? m.state : s), current);
    if (!messages.some((m) => m.type === "display" || m.type === "log" || m.type === "paper") && after === current) {
      if (ignoredIn !== current) note();
      ignoredIn = current;
      ignored.push(name(k, SECRET_STATES.has(current)));
    } else note();
    current = after;
    pending.push(...messages);
    if (bridge.open > 0) {
      showPending();
      await pump();
      current = state;
    }
  }
  showPending();
  await pump();
}

/** Lets the terminal finish what it is doing (an answer, its receipts), at most `boundMs` of its time. */
async function untilIdle(boundMs: number): Promise<void> {
  idle = false;
  for (let done = 0; done < boundMs && !idle; done += 50) await call(`xsposSim.idle(${Math.min(50, boundMs - done)})`);
  if (!idle) console.log(`  (the terminal is still busy after ${boundMs / 1000} s: ${state}; closing anyway)`);
}

/** Goes through the manager menu: MENU, the item, the manager PIN (shown as •). */
async function managerMenu(item: number): Promise<void> {
  await type(`m${item}`);
  if (state === "manager-pin") await type(`${MANAGER_PIN}e`);
}

async function settle(): Promise<void> {
  console.log("\n> end of day: settlement through the manager menu");
  if (state !== "idle") return void console.log(`  (the terminal is busy: ${state}; settle when it is idle)`);
  await managerMenu(5);
  await wait(3000);
}

async function demo(): Promise<void> {
  console.log("\n> a swipe sale without PIN");
  await type("1250e");
  await swipe(request(0));
  await wait(4000);
  console.log("\n> a swipe sale with PIN (debit card)");
  await type("4000e");
  await swipe(request(3, { reverse: true, speed: [150, 105], jitter: 0.05 }));
  await type("1234e");
  await wait(4000);
  console.log("\n> a chip sale with online PIN");
  await type("15000e");
  await insert(1);
  await wait(2000);
  await type("1234e");
  await wait(4000);
  await remove();
  await wait(1000);
  console.log("\n> the Mastercard's chip fails: its stripe is then accepted as a fallback");
  await type("9999e");
  await swipe(request(1));
  await insert(0);
  await wait(1000);
  await swipe(request(1, { speed: [60, 80] }));
  await wait(4000);
  await remove();
  console.log("\n> a card the host declines (over its limit)");
  await type("250000e");
  await swipe(request(0));
  await wait(4000);
  console.log("\n> a chip card that declines offline");
  await type("15000e");
  await insert(4);
  await wait(4000);
  await remove();
  await wait(1000);
  console.log("\n> the acquirer will not answer the next sale");
  acquirer.inject({ on: "0200", kind: "drop" });
  await type("2000e");
  await swipe(request(0));
  await wait(8000);
  console.log("\n> the next sale sends the reversal first");
  await type("300e");
  await swipe(request(2));
  await wait(4000);
  console.log("\n> a void of the last sale, through the manager menu");
  await managerMenu(3);
  await type("e");
  await type("e");
  await wait(4000);
  console.log("\n> a refund, through the manager menu");
  await managerMenu(4);
  await type("500e");
  await swipe(request(0));
  await wait(4000);
  await settle();
}

const HELP = [
  "  keys:  digits, 00, e = ENTER, k = CANCEL, b = CLEAR, m = MENU, f = F1 (basket)   (e.g. 1250e)",
  ...SIM_CARDS.map((c, i) => `  s${i + 1}    swipe: ${c.label}`),
  "         add r (backwards), s (slow, 10 cm/s), f (fast, 150→105 cm/s), x (scratched): e.g. s2rf",
  ...CHIP_CARDS.map((c, i) => `  i${i + 1}    insert: ${c.label}`),
  "  r      remove the card from the chip reader",
  "  d      the acquirer drops its next answer",
  "  t      settle the batch: presses MENU 5 and types the manager PIN itself",
  `  w      wait 3 s          p  paper out / paper in          q  quit (once the terminal is idle)`,
  `  the manager PIN is ${MANAGER_PIN}; card PINs are 1234`,
].join("\n");

async function interactive(): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  console.log(HELP);
  const lines = rl[Symbol.asyncIterator]();
  let last = Date.now();
  let paperIn = true;
  for (;;) {
    process.stdout.write("\nxspos> ");
    const next = await lines.next();
    if (next.done) {
      await untilIdle(QUIT_BOUND_MS);
      break;
    }
    // the terminal's clock runs with the wall clock between inputs
    const elapsed = Math.min(Date.now() - last, 600_000);
    last = Date.now();
    if (elapsed >= 5) await wait(elapsed);
    const answer = String(next.value).trim().toLowerCase();
    if (answer === "q") {
      await untilIdle(QUIT_BOUND_MS);
      break;
    }
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
    } else if (/^i[0-9]+$/.test(answer) && CHIP_CARDS[Number(answer.slice(1)) - 1]) await insert(Number(answer.slice(1)) - 1);
    else if (answer === "r") await remove();
    else if (answer === "d") {
      acquirer.inject({ on: "0200", kind: "drop" });
      console.log("\n> the acquirer will not answer the next sale");
    } else if (answer === "t") await settle();
    else if (answer === "w") await wait(3000);
    else if (answer === "p") {
      paperIn = !paperIn;
      console.log(`\n> paper ${paperIn ? "loaded" : "out"}`);
      await call(`xsposSim.paper(${paperIn})`);
    } else if (/^(00|[0-9ekbmf.])+$/.test(answer)) await type(answer);
    // digits are masked: a mistyped line may hold a PIN
    else console.log(`  (not a command, or no such card: ${answer.replace(/[0-9]/g, "#")})\n${HELP}`);
    last = Date.now();
  }
  rl.close();
}

try {
  console.log(`xspos desktop simulator: the terminal application on the XS engine; files in ${storage.dir}`);
  await worker.evaluate(await bundleForXs(new URL("./terminal.ts", import.meta.url).pathname));
  const uplink = options["4g"] ? "4g" : "wifi";
  console.log(`acquirer emulator on 127.0.0.1:${acquirer.port} (iso87a)${uplink === "4g" ? ", reached through a virtual 4G modem" : ""}`);
  const config = { ...SAMPLE_CONFIG, caKeys: [...SAMPLE_CONFIG.caKeys, ...readTestCaKeys()], aids: SAMPLE_CONFIG.aids.map((a) => ({ ...a, targetPercentage: 0, maxTargetPercentage: 0 })) };
  const start: StartRequest = {
    acquirerPort: acquirer.port,
    uplink,
    language: chinese ? "zh" : "en",
    config,
    managerPin: MANAGER_PIN,
    bdk: TEST_BDK,
    ksn: TEST_KSN,
    tmk: TEST_TMK,
  };
  await call(`xsposSim.start(${JSON.stringify(start)})`);
  await wait(500);
  if (playDemo) {
    await demo();
    await untilIdle(QUIT_BOUND_MS);
  } else await interactive();
  await call("xsposSim.close()");
  console.log(`\nXS computation for the session: ${compute} units`);
} finally {
  await worker.close();
  bridge.close();
  await acquirer.close();
  storage.saveAcquirer(acquirer);
  storage.close();
}
