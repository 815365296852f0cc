/**
 * `emvRun`: one EMV contact transaction between a test card and the
 * terminal's kernel, for the command line; or a scenario file run and
 * judged field by field. Returns plain JSON-able objects: the TVR, TSI,
 * CVM Results, each GENERATE AC's cryptogram, the outcome and the APDU
 * trace with cardholder data masked and PIN blocks withheld.
 */
import { decodeTsi } from "../../modules/emv/tsi.ts";
import { decodeTvr } from "../../modules/emv/tvr.ts";
import { fromHex } from "../../modules/core/hex.ts";
import { isXsposError } from "../../modules/core/error.ts";
import { join } from "node:path";
import { ScenarioError } from "./error.ts";
import { isName, jsonNames, readCardJson, readJsonFile, scenarioFolder } from "./files.ts";
import { loadScenario, runScenario, type Check } from "./run-scenario.ts";
import { runTransaction, type RunResult } from "./run-transaction.ts";
import type { HostSpec, TransactionSpec } from "./scenario.ts";

/** What `emvRun` takes. Either `scenario`, or `card` and `amount` (with the other options). */
export interface EmvRunOptions {
  /** a test card's name (test/emv/cards), a card profile file's path, or a profile as parsed JSON */
  card?: string | object;
  /** Amount, Authorised in minor units of the terminal's currency (HKD cents in the sample configuration), 0-999999999999 */
  amount?: number;
  /** a terminal configuration file's path, or the configuration as parsed JSON; the sample configuration when absent. The test CA keys are added. */
  config?: string | object;
  /** the PIN the cardholder types at each PIN prompt (offline or online), 4-12 digits; without it a PIN prompt is bypassed */
  pin?: string;
  /** how the host answers when the card asks to go online; without it the terminal has no host, and an ARQC ends as unable to go online (Book 3 §10.7) */
  online?: "approve" | "decline" | "unreachable";
  /** a scenario's name (test/emv/scenarios) or file path: run it and judge it; `all`, or a folder's path: run every scenario in it. No other option goes with it */
  scenario?: string;
  /** Transaction Date YYMMDD (default: today, UTC) */
  date?: string;
  /** Transaction Type (default purchase) */
  type?: "purchase" | "cash" | "cashback" | "refund";
}

/** What `emvRun` returns for a card. */
export interface EmvRunResult extends RunResult {
  /** the test card's name, or `file` / `json` */
  card: string;
  transaction: TransactionSpec;
  /** the names of the TVR and TSI bits set (Book 3 annex C5, C6) */
  tvrBits?: string[];
  tsiBits?: string[];
}

/** What `emvRun` returns for a folder of scenarios (`all` or a folder's path): each one's result, in name order, and the tally. */
export interface EmvRunSuiteResult {
  /** the folder's path as given, or `all` */
  suite: string;
  /** every scenario passed */
  pass: boolean;
  summary: { scenarios: number; passed: number; failed: number; failedScenarios: string[] };
  results: EmvRunScenarioResult[];
}

/** What `emvRun` returns for a scenario. */
export interface EmvRunScenarioResult {
  scenario: string;
  title: string;
  sections: string[];
  pass: boolean;
  checks: Check[];
  why: string;
  problems: string[];
  result: RunResult;
}

const OPTION_NAMES = ["card", "amount", "config", "pin", "online", "scenario", "date", "type"];
const PIN = /^[0-9]{4,12}$/;
/** PIN prompts answered in one transaction: more than any PIN Try Limit (1-15) can ask for. */
const MAX_PROMPTS = 16;
const YYMMDD = /^[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])$/;

/** One scenario (by name or file) run and judged. */
async function judged(nameOrPath: string): Promise<EmvRunScenarioResult> {
  const report = await runScenario(loadScenario(nameOrPath));
  return { scenario: report.name, title: report.title, sections: report.sections, pass: report.pass, checks: report.checks, why: report.why, problems: report.problems, result: report.actual };
}

function refuse(path: string, message: string): never {
  throw new ScenarioError("EMV_RUN_INPUT", path, message);
}

function today(): string {
  return new Date().toISOString().slice(2, 10).replaceAll("-", "");
}

function bitNames(decode: (bytes: Uint8Array) => { set: { name: string }[] }, hex: string | undefined): string[] | undefined {
  return hex === undefined ? undefined : decode(fromHex(hex)).set.map((b) => b.name);
}

/**
 * Runs one transaction (or a scenario).
 * @throws ScenarioError `EMV_RUN_INPUT` for missing, unknown or malformed options; `SCENARIO_FILE` for a card, configuration or scenario that cannot be read; `SCENARIO_SETUP` for one the card or the terminal refuses; `SCENARIO_FIELD` for a malformed scenario
 */
export async function emvRun(options: EmvRunOptions): Promise<EmvRunResult | EmvRunScenarioResult | EmvRunSuiteResult> {
  if (options === null || typeof options !== "object") refuse("", "an options object expected");
  for (const key of Object.keys(options)) if (!OPTION_NAMES.includes(key)) refuse(key, "not an option of emvRun");
  if (options.scenario !== undefined) {
    const others = Object.keys(options).filter((k) => k !== "scenario" && (options as Record<string, unknown>)[k] !== undefined);
    if (others.length) refuse(others[0], "a scenario sets up its own transaction: give it alone");
    if (typeof options.scenario !== "string" || !options.scenario) refuse("scenario", "a scenario's name or file path expected");
    const folder = scenarioFolder(options.scenario);
    if (folder === undefined) return judged(options.scenario);
    const names = jsonNames(folder);
    if (names.length === 0) throw new ScenarioError("SCENARIO_FILE", "scenario", "the folder holds no scenario (.json file)");
    const results: EmvRunScenarioResult[] = [];
    for (const name of names) results.push(await judged(join(folder, `${name}.json`)));
    const failed = results.filter((r) => !r.pass).map((r) => r.scenario);
    return { suite: options.scenario, pass: failed.length === 0, summary: { scenarios: results.length, passed: results.length - failed.length, failed: failed.length, failedScenarios: failed }, results };
  }
  const { card, amount, pin, online } = options;
  if (card === undefined) refuse("card", "a test card's name, a profile file or a profile expected");
  if (typeof card !== "string" && (card === null || typeof card !== "object" || Array.isArray(card))) refuse("card", "a test card's name, a profile file or a profile expected");
  if (typeof amount !== "number" || !Number.isInteger(amount) || amount < 0 || amount > 999_999_999_999) refuse("amount", "a whole number of minor units, 0 to 999999999999, expected");
  if (online !== undefined && online !== "approve" && online !== "decline" && online !== "unreachable") refuse("online", "approve, decline or unreachable expected");
  if (pin !== undefined && (typeof pin !== "string" || !PIN.test(pin))) refuse("pin", "4 to 12 digits expected");
  const date = options.date ?? today();
  if (typeof date !== "string" || !YYMMDD.test(date)) refuse("date", "YYMMDD expected");
  const type = options.type ?? "purchase";
  if (!["purchase", "cash", "cashback", "refund"].includes(type)) refuse("type", "purchase, cash, cashback or refund expected");
  const cardJson = typeof card === "string" ? readCardJson(card, "card") : card;
  const config = typeof options.config === "string" ? readJsonFile(options.config, "config") : options.config;
  const transaction: TransactionSpec = { type, amount, date, time: "120000" };
  // no host at all: an online request ends as unable to go online, as with an unreachable one
  const host: HostSpec | undefined = online === undefined ? undefined : { answer: online };
  let result: RunResult;
  try {
    result = await runTransaction({ card: cardJson, resign: false, config, randomNumber: 99, transaction, pins: Array(MAX_PROMPTS).fill(pin ?? "bypass"), host, where: { card: "card", terminal: "config" } });
  } catch (e) {
    // the kernel refuses a transaction it cannot run (EMV_KERNEL_INPUT): the options were at fault
    if (isXsposError(e, "EMV_KERNEL_INPUT")) refuse("", e.message);
    throw e;
  }
  // the cardholder types the same PIN at every prompt; prompts left over are no problem
  // and without --online having no host is the request, not a problem
  result.problems = result.problems.filter((p) => !p.includes("PIN answer(s) not used") && !(online === undefined && p.includes("no host answer was given")));
  const out: EmvRunResult = { card: typeof card === "string" ? (isName(card) ? card : "file") : "json", transaction, ...result };
  const tvrBits = bitNames(decodeTvr, result.tvr);
  const tsiBits = bitNames(decodeTsi, result.tsi);
  if (tvrBits) out.tvrBits = tvrBits;
  if (tsiBits) out.tsiBits = tsiBits;
  return out;
}
