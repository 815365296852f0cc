/**
 * The simulator's text front end (`--text`, `--demo`, `--interactive`):
 * draws the terminal's display as a box of characters, types on its
 * keypad, swipes and inserts cards, prints what its printer put on paper
 * and the acquirer emulator's log. On a terminal it takes commands;
 * otherwise, or with `--demo`, it plays a fixed tour of the cases a
 * terminal meets. Node only.
 */
import { interpretEscPos } from "../escpos-paper/index.ts";
import { textWidth } from "../../modules/display/text-width.ts";
import { CHIP_CARDS, SIM_CARDS } from "./cards.ts";
import { firstCutEnd, keySecret, MANAGER_PIN, SimSession } from "./sim-session.ts";
import type { SimOptions } from "./sim-options.ts";
import type { SimMessage } from "./xs-channel.ts";
import type { SwipeRequest } from "./terminal.ts";
import { openCommandLines, typedEcho } from "./text-input.ts";

const WIDTH = 20;
/** how long, in the terminal's time, quitting waits for it to finish (a sale's answer, its receipts) */
const QUIT_BOUND_MS = 30_000;
const KEYS: Record<string, string> = { e: "ENTER", k: "CANCEL", b: "CLEAR", m: "MENU", f: "F1", ".": "." };
const KEY_PATTERN = /00|[0-9ekbmf.]/g;
const DIGITS = /^[0-9]+$/;
/** TVR byte 5 (EMV 4.4 Book 3 annex C5): bits 8 to 5 */
const TVR_BYTE5 = ["default TDOL used", "issuer authentication failed", "script processing failed before the final GENERATE AC", "script processing failed after the final GENERATE AC"];
const TVR_LINE = /^(?:TVR|终端验证结果)\s+([0-9A-F]{10})$/;

/** The commands the interactive text front end takes, as its help lists them. */
export const TEXT_HELP = [
  "  keys:  digits, 00, e = ENTER, k = CANCEL, b = CLEAR, m = MENU, f = F1 (basket)   (e.g. 1250e)",
  ...SIM_CARDS.map((c, i) => `  ${`s${i + 1}`.padEnd(7)}swipe: ${c.label}`),
  "         add r (backwards), s (slow, 10 cm/s), f (fast, 150→105 cm/s), x (scratched): e.g. s2rf",
  ...CHIP_CARDS.map((c, i) => `  ${`i${i + 1}`.padEnd(7)}insert: ${c.label}`),
  "  r      remove the card from the chip reader",
  "  d      the acquirer drops its answer to the next 0200 (a sale, refund, void or completion; the terminal then reverses it)",
  "  t      settle the batch: presses MENU 5 and types the manager PIN itself",
  `  w      wait 3 s (more while printing)   p  paper out / paper in          q  quit (once the terminal is idle)`,
  `  the manager PIN is ${MANAGER_PIN}; card PINs are 1234`,
].join("\n");

/** Runs the text front end until the tour ends or the user quits. */
export async function runText(options: SimOptions, root: string): Promise<void> {
  const verbose = options.verbose;
  const chinese = options.zh;
  let state = "off";
  let cardIn = false;
  let idle = false;
  let paper: number[] = [];
  function draw(lines: string[]): void {
    console.log("  ┌" + "─".repeat(WIDTH) + "┐");
    // a Chinese character takes two columns of the display
    for (const line of lines) console.log("  │" + line + " ".repeat(Math.max(0, WIDTH - textWidth(line))) + "│");
    console.log("  └" + "─".repeat(WIDTH) + "┘");
  }

  /** Prints each receipt as the paper shows it once its cut has come. */
  function printPaper(): void {
    for (;;) {
      const cut = firstCutEnd(Uint8Array.from(paper), chinese);
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
  function show(messages: SimMessage[]): void {
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

  // --interactive takes commands from a pipe too (the tests type through one)
  const playDemo = options.demo || (!process.stdin.isTTY && !options.interactive);
  // the demo is a tour: its accounts start full each time (the ledger, counters and keys carry on)
  const session = await SimSession.open({ root, fresh: options.fresh, chinese, uplink: options["4g"] ? "4g" : "wifi", restoreBalances: !playDemo });
  const { storage, acquirer, acquirerLog } = session;

  async function call(expression: string): Promise<void> {
    show(await session.evaluate(expression));
    await pump();
  }

  /**
   * While the firmware holds a connection, hands it what the acquirer sends
   * and lets its clock run (so its time-outs can fire), 50 ms at a time.
   */
  async function pump(): Promise<void> {
    await session.pump((messages) => {
      for (const line of acquirerLog.splice(0)) console.log(`  ◦ ${line}`);
      show(messages);
    });
    for (const line of acquirerLog.splice(0)) console.log(`  ◦ ${line}`);
  }

  async function wait(ms: number): Promise<void> {
    // in steps, so that a connection opened meanwhile is served
    for (let done = 0; done < ms; done += 500) await call(`xsposSim.wait(${Math.min(500, ms - done)})`);
  }

  function request(card: number, options: Partial<SwipeRequest> = {}): SwipeRequest {
    return session.swipeRequest(card, options);
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
    if (state !== "present-card") console.log(`  (the terminal is not asking for a card now: ${state}; the card stays in the reader)`);
    await call(session.insertExpression(n));
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
    const name = (k: string, secret: boolean) => (secret && DIGITS.test(k) ? "•" : KEYS[k] ?? k);
    // each key echoed as the state it was pressed in allows: a line may reach the PIN prompt halfway (m59876e)
    let echo: string[] = [];
    const flushEcho = () => {
      if (echo.length) console.log(`\n> keys: ${echo.join(" ")}`);
      echo = [];
    };
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
      flushEcho();
      note();
      for (const line of notes.splice(0)) console.log(line);
      show(pending);
      pending = [];
    };
    let current = state;
    for (const k of list) {
      const messages = await session.evaluate(`xsposSim.press(${JSON.stringify([KEYS[k] ?? k])})`);
      const after = messages.reduce((s, m) => (m.type === "state" ? m.state : s), current);
      echo.push(name(k, keySecret(current, messages)));
      if (!messages.some((m) => m.type === "display" || m.type === "log" || m.type === "paper") && after === current) {
        if (ignoredIn !== current) note();
        ignoredIn = current;
        ignored.push(name(k, keySecret(current, messages)));
      } else note();
      current = after;
      pending.push(...messages);
      if (session.bridge.open > 0) {
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
    await waitPrinted(3000);
  }

  /** Lets the clock run `ms`, then on while the terminal prints (its printer takes the modelled printing time) and shows the result after it, at most 30 s more. */
  async function waitPrinted(ms: number): Promise<void> {
    await wait(ms);
    for (let done = 0; done < 30_000 && (state === "receipt" || state === "result"); done += 500) await wait(500);
  }

  async function demo(): Promise<void> {
    console.log("\n> a swipe sale without PIN");
    await type("1250e");
    await swipe(request(0));
    await waitPrinted(4000);
    console.log("\n> a swipe sale with PIN (debit card)");
    await type("4000e");
    await swipe(request(3, { reverse: true, speed: [150, 105], jitter: 0.05 }));
    await type("1234e");
    await waitPrinted(4000);
    console.log("\n> a chip sale with online PIN");
    await type("15000e");
    await insert(1);
    await wait(2000);
    await type("1234e");
    await waitPrinted(4000);
    await remove();
    await wait(1000);
    console.log("\n> the Mastercard's chip fails: its stripe is then accepted as a fallback");
    await type("9999e");
    await swipe(request(1));
    await insert(0);
    await wait(1000);
    await swipe(request(1, { speed: [60, 80] }));
    await waitPrinted(4000);
    await remove();
    console.log("\n> a card the host declines (over its limit)");
    await type("250000e");
    await swipe(request(0));
    await waitPrinted(4000);
    console.log("\n> a chip card that declines offline");
    await type("15000e");
    await insert(4);
    await waitPrinted(4000);
    await remove();
    await wait(1000);
    console.log("\n> the acquirer will not answer the next sale");
    acquirer.inject({ on: "0200", kind: "drop" });
    await type("2000e");
    await swipe(request(0));
    await waitPrinted(8000);
    console.log("\n> the next sale sends the reversal first");
    await type("300e");
    await swipe(request(2));
    await waitPrinted(4000);
    console.log("\n> a void of the last sale, through the manager menu");
    await managerMenu(3);
    await type("e");
    await type("e");
    await waitPrinted(4000);
    console.log("\n> a refund, through the manager menu");
    await managerMenu(4);
    await type("500e");
    await swipe(request(0));
    await waitPrinted(4000);
    await settle();
  }

  async function interactive(): Promise<void> {
    console.log(TEXT_HELP);
    // on a terminal, what is typed is echoed by the state the terminal is in: no PIN digit shows
    const lines = openCommandLines("xspos> ", (line) => typedEcho(line, state));
    let last = Date.now();
    let paperIn = true;
    for (;;) {
      process.stdout.write("\n");
      const next = await lines.next();
      if (next === undefined) {
        await untilIdle(QUIT_BOUND_MS);
        break;
      }
      // the terminal's clock runs with the wall clock between inputs
      const elapsed = Math.min(Date.now() - last, 600_000);
      last = Date.now();
      if (elapsed >= 5) await wait(elapsed);
      const answer = next.trim().toLowerCase();
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
        console.log("\n> the acquirer will not answer the next 0200 (a sale, refund, void or completion)");
      } else if (answer === "t") await settle();
      else if (answer === "w") await waitPrinted(3000);
      else if (answer === "p") {
        paperIn = !paperIn;
        console.log(`\n> paper ${paperIn ? "loaded" : "out"}`);
        await call(`xsposSim.paper(${paperIn})`);
      } else if (/^(00|[0-9ekbmf.])+$/.test(answer)) await type(answer);
      // digits are masked: a mistyped line may hold a PIN
      else console.log(`  (not a command, or no such card: ${answer.replace(/[0-9]/g, "#")})\n${TEXT_HELP}`);
      last = Date.now();
    }
    lines.close();
  }

  try {
    console.log(`xspos desktop simulator: the terminal application on the XS engine; files in ${storage.dir}`);
    await session.powerUp();
    console.log(`acquirer emulator on 127.0.0.1:${acquirer.port} (iso87a)${options["4g"] ? ", reached through a virtual 4G modem" : ""}`);
    show(await session.startTerminal());
    await pump();
    await wait(500);
    if (playDemo) {
      await demo();
      await untilIdle(QUIT_BOUND_MS);
    } else await interactive();
    await call("xsposSim.close()");
    console.log(`\nXS computation for the session: ${session.compute} units`);
  } finally {
    await session.close();
  }
}
