/**
 * The web front end's inputs: each POST /api/input body read strictly,
 * then played on the session's queue, or refused in words when the
 * terminal cannot take it now (a swipe while no card is asked for, a key
 * that changes nothing). Also the ticker that keeps the terminal's clock
 * in step with the wall clock. Nothing here writes what was typed
 * anywhere: a key refused while a PIN is asked for is named `•`.
 */
import { CHIP_CARDS, SIM_CARDS } from "../cards.ts";
import { keySecret, PowerCutError, type SimSession } from "../sim-session.ts";
import type { FaultKind } from "../../acquirer/faults.ts";
import type { SimMessage } from "../xs-channel.ts";

/** The keys of the keypad, as the page names them (data-key) and the image's keypad knows them. */
export const WEB_KEYS: readonly string[] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "00", ".", "ENTER", "CANCEL", "CLEAR", "MENU", "F1"];
const FAULTS: readonly FaultKind[] = ["drop", "delay", "garbage", "wrong-mac"];
const SPEEDS: Record<string, [number, number]> = { slow: [10, 10], normal: [30, 30], fast: [150, 105] };
const DIGIT = /^[0-9]+$/;
/** how often the ticker lets the terminal's clock catch up with the wall clock */
const TICK_MS = 100;
/** the most one tick lets the clock run (after a pause of the process) */
const MAX_TICK_MS = 2000;

/** An answer to POST /api/input. */
export interface InputAnswer {
  status: 200 | 400 | 409 | 500;
  body: { ok: true } | { error: { code: string; message: string } };
}

const ok = (): InputAnswer => ({ status: 200, body: { ok: true } });
const malformed = (message: string): InputAnswer => ({ status: 400, body: { error: { code: "BAD_INPUT", message } } });

/** The refusal of an input the terminal cannot take now. */
class NotNow extends Error {}

type Input =
  | { kind: "key"; key: string }
  | { kind: "swipe"; card: number; reverse: boolean; speed: [number, number]; damage: boolean }
  | { kind: "insert"; card: number }
  | { kind: "remove" }
  | { kind: "fault"; fault: FaultKind }
  | { kind: "power"; on: boolean }
  | { kind: "paper"; in: boolean };

const isIndex = (v: unknown, length: number): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0 && v < length;

/** Reads a body as one input; a string saying what is wrong otherwise. */
export function readInput(body: unknown): Input | string {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return "the body must be a JSON object";
  const o = body as Record<string, unknown>;
  const keys = Object.keys(o);
  const only = (...allowed: string[]) => keys.every((k) => allowed.includes(k));
  if ("key" in o) {
    if (!only("key")) return "a key comes alone";
    return typeof o.key === "string" && WEB_KEYS.includes(o.key) ? { kind: "key", key: o.key } : `key must be one of ${WEB_KEYS.join(" ")}`;
  }
  if ("swipe" in o) {
    if (!only("swipe", "reverse", "speed", "damage")) return "a swipe takes only reverse, speed and damage";
    if (!isIndex(o.swipe, SIM_CARDS.length)) return `swipe must be a card's index, 0 to ${SIM_CARDS.length - 1}`;
    if (o.reverse !== undefined && typeof o.reverse !== "boolean") return "reverse must be true or false";
    if (o.damage !== undefined && typeof o.damage !== "boolean") return "damage must be true or false";
    if (o.speed !== undefined && (typeof o.speed !== "string" || !(o.speed in SPEEDS))) return "speed must be slow, normal or fast";
    return { kind: "swipe", card: o.swipe, reverse: o.reverse === true, damage: o.damage === true, speed: SPEEDS[(o.speed as string | undefined) ?? "normal"] };
  }
  if ("insert" in o) {
    if (!only("insert")) return "an insert comes alone";
    return isIndex(o.insert, CHIP_CARDS.length) ? { kind: "insert", card: o.insert } : `insert must be a chip card's index, 0 to ${CHIP_CARDS.length - 1}`;
  }
  if ("remove" in o) return only("remove") && o.remove === true ? { kind: "remove" } : 'remove takes only {"remove": true}';
  if ("fault" in o) {
    if (!only("fault")) return "a fault comes alone";
    return typeof o.fault === "string" && (FAULTS as readonly string[]).includes(o.fault) ? { kind: "fault", fault: o.fault as FaultKind } : `fault must be one of ${FAULTS.join(", ")}`;
  }
  if ("power" in o) return only("power") && (o.power === "cut" || o.power === "on") ? { kind: "power", on: o.power === "on" } : 'power must be "cut" or "on"';
  if ("paper" in o) return only("paper") && (o.paper === "out" || o.paper === "in") ? { kind: "paper", in: o.paper === "in" } : 'paper must be "out" or "in"';
  return "the body must hold one of key, swipe, insert, remove, fault, power, paper";
}

/** Plays inputs on a session and keeps its clock with the wall clock. */
export class WebInputs {
  readonly #session: SimSession;
  #lastSync = Date.now();
  #ticker: ReturnType<typeof setInterval> | undefined;
  #poweringOn = false;

  constructor(session: SimSession) {
    this.#session = session;
  }

  /** Starts the ticker: every 100 ms, when nothing else is queued, the terminal's clock runs the wall time since the last step. */
  startClock(): void {
    this.#lastSync = Date.now();
    this.#ticker = setInterval(() => {
      const s = this.#session;
      if (!s.powered || s.busy) return;
      void this.#act(async () => {
        const elapsed = Math.min(Date.now() - this.#lastSync, MAX_TICK_MS);
        this.#lastSync = Date.now();
        if (elapsed > 0) await s.evaluate(`xsposSim.wait(${elapsed}, true)`);
        await s.pump();
      }).catch(() => {});
    }, TICK_MS);
  }

  stopClock(): void {
    if (this.#ticker) clearInterval(this.#ticker);
    this.#ticker = undefined;
  }

  /** Powers the terminal up and starts it (recovery, sign-on), on the queue. */
  boot(): Promise<void> {
    return this.#act(async () => {
      const s = this.#session;
      await s.powerUp();
      await s.startTerminal();
      if (!s.paperIn) await s.evaluate("xsposSim.paper(false)");
      await s.pump();
    });
  }

  /** Plays one POST /api/input body. */
  async input(body: unknown): Promise<InputAnswer> {
    const input = readInput(body);
    if (typeof input === "string") return malformed(input);
    try {
      await this.#play(input);
      return ok();
    } catch (e) {
      if (e instanceof NotNow || e instanceof PowerCutError) {
        const message = e instanceof PowerCutError ? "the terminal lost power before it took the input" : e.message;
        this.#session.notice(message);
        return { status: 409, body: { error: { code: "NOT_NOW", message } } };
      }
      // the message of an unexpected error may hold what was typed: only its code goes out
      return { status: 500, body: { error: { code: (e as { code?: string }).code ?? "SIMULATOR_ERROR", message: "the simulator failed to play the input" } } };
    }
  }

  async #play(input: Input): Promise<void> {
    const s = this.#session;
    if (input.kind === "fault") {
      s.inject(input.fault);
      s.simulatorLine(`simulator: the acquirer will answer the next sale (0200) with the fault "${input.fault}"`);
      return;
    }
    if (input.kind === "power") return input.on ? this.#powerOn() : this.#powerCut();
    if (input.kind === "paper") {
      if (s.paperIn === input.in) throw new NotNow(`the paper is already ${input.in ? "in" : "out"}`);
      s.paperIn = input.in;
      s.emitPaper();
      if (!s.powered) return;
      return this.#act(async () => {
        if (s.powered) await this.#step(`xsposSim.paper(${input.in})`);
      });
    }
    if (!s.powered) throw new NotNow("the terminal is off: power it on first");
    await this.#act(async () => {
      if (!s.powered) throw new NotNow("the terminal is off: power it on first");
      if (input.kind === "key") return this.#key(input.key);
      if (input.kind === "swipe") {
        if (s.state !== "present-card") throw new NotNow(`the terminal is not asking for a card now (${s.state}): the swipe is not taken`);
        const request = s.swipeRequest(input.card, { reverse: input.reverse, speed: input.speed, damage: input.damage });
        // the swipe plays out on the terminal's clock as the ticker runs it with the wall clock
        return this.#step(`xsposSim.swipe(${JSON.stringify(request)}, 0)`);
      }
      if (input.kind === "insert") {
        if (s.cardIn) throw new NotNow("a card is already in the chip reader: remove it first");
        if (s.state !== "present-card") throw new NotNow(`the terminal is not asking for a card now (${s.state}): the card is not inserted`);
        return this.#step(s.insertExpression(input.card));
      }
      if (!s.cardIn) throw new NotNow("there is no card in the chip reader");
      return this.#step("xsposSim.remove()");
    });
  }

  /** A key: refused when it changed nothing (no screen, no log line, no paper, the same state), as the text front end says. */
  async #key(key: string): Promise<void> {
    const s = this.#session;
    const before = s.state;
    const messages: SimMessage[] = await s.evaluate(`xsposSim.press(${JSON.stringify([key])})`);
    const after = messages.reduce((state, m) => (m.type === "state" ? m.state : state), before);
    const changed = messages.some((m) => m.type === "display" || m.type === "log" || m.type === "paper") || after !== before;
    await s.pump();
    if (!changed) throw new NotNow(`the terminal does not take ${keySecret(before, messages) && DIGIT.test(key) ? "•" : key} now (${before})`);
  }

  async #step(expression: string): Promise<void> {
    await this.#session.evaluate(expression);
    await this.#session.pump();
  }

  async #powerCut(): Promise<void> {
    if (!this.#session.powered) throw new NotNow("the terminal is already off");
    // at once, not on the queue: the power goes whatever the terminal is doing
    await this.#session.powerCut();
    this.#session.simulatorLine("simulator: power cut, the firmware stopped where it was");
  }

  async #powerOn(): Promise<void> {
    if (this.#session.powered || this.#poweringOn) throw new NotNow("the terminal is already on");
    this.#poweringOn = true;
    this.#session.simulatorLine("simulator: power on, the firmware starts on the same journal and keys");
    try {
      await this.boot();
    } finally {
      this.#poweringOn = false;
    }
  }

  /** Runs `action` on the session's queue; the clock counts from its end. */
  #act<T>(action: () => Promise<T>): Promise<T> {
    return this.#session.enqueue(async () => {
      try {
        return await action();
      } finally {
        this.#lastSync = Date.now();
      }
    });
  }
}
