/**
 * The EMV L2 scenario format (test/emv/scenarios/README.md): what a
 * scenario file holds, read and checked field by field. An unknown field
 * is refused, so a misspelt expectation is not silently left unchecked.
 */
import { ScenarioError } from "./error.ts";

/** What the cardholder answers to one PIN prompt: the digits typed, or an action. */
export type PinAction = string;
/** The PIN prompt actions that are not digits. */
export const PIN_ACTIONS = ["bypass", "cancel", "unavailable"] as const;

/** The issuer script commands a scenario names (Book 3 §6.5). */
export const SCRIPT_COMMANDS = ["applicationBlock", "applicationUnblock", "cardBlock", "pinUnblock", "pinChange", "putData"] as const;
/** One of {@link SCRIPT_COMMANDS}. */
export type ScriptCommandKind = (typeof SCRIPT_COMMANDS)[number];

/** One issuer script command the host sends: named (the host adds secure messaging) or raw. */
export interface ScriptCommandSpec {
  command?: ScriptCommandKind;
  /** PUT DATA: the tag (P1 P2) and the new value, hex */
  tag?: string;
  data?: string;
  /** PIN CHANGE: the new PIN's digits (enciphered by the host, never shown) */
  newPin?: string;
  /** `wrong`: the MAC is not the one the card computes */
  mac?: "valid" | "wrong";
  /** a command APDU as is, hex, instead of a named one */
  apdu?: string;
}

/** One issuer script of the host's answer. */
export interface ScriptSpec {
  template: "71" | "72";
  /** Issuer Script Identifier (9F18), 4 bytes hex; none when absent */
  id?: string;
  commands: ScriptCommandSpec[];
}

/** How the host answers an online request. */
export interface HostSpec {
  answer: "approve" | "decline" | "unreachable";
  /** Authorisation Response Code, two characters (default 00 to approve, 05 to decline) */
  responseCode?: string;
  /** the Issuer Authentication Data: the ARPC the issuer computes (`valid`), one with a bit flipped (`wrong`), or none */
  issuerAuthentication?: "valid" | "wrong" | "none";
  scripts?: ScriptSpec[];
}

/** The kernel's outcomes (modules/emv/kernel/outcome.ts). */
export type OutcomeKind = "approved" | "declined" | "online" | "end-application" | "card-removed" | "cancelled";
/** The cryptogram types of the CID (Book 3 §6.5.5.4). */
export type CryptogramKind = "AAC" | "TC" | "ARQC";

/** What the scenario expects; every field given is compared, the others are not. */
export interface Expectation {
  outcome: OutcomeKind;
  path?: "offline" | "online" | "unable-to-go-online";
  reason?: string;
  step?: string;
  fallback?: boolean;
  tvr?: string;
  tsi?: string;
  cvmResults?: string;
  cryptograms?: CryptogramKind[];
  odaMethod?: "SDA" | "DDA" | "CDA" | "none";
  scriptResults?: string;
  pinPrompts?: number;
  arqc?: "valid" | "invalid";
  signatureRequired?: boolean;
  authorisationResponseCode?: string;
}

/** The transaction the terminal starts. */
export interface TransactionSpec {
  type: "purchase" | "cash" | "cashback" | "refund";
  amount: number;
  otherAmount?: number;
  date: string;
  time: string;
  service?: "goods" | "services";
  forceOnline?: boolean;
}

/** A scenario, checked (test/emv/scenarios/README.md describes each field). */
export interface Scenario {
  name: string;
  title: string;
  /** the EMV 4.4 sections the scenario exercises, e.g. "Book 3 §10.5.1" */
  sections: string[];
  card: { profile: string; set?: Record<string, unknown>; resign: boolean; mute: boolean };
  terminal: { set?: Record<string, unknown>; withoutCaKeys: { rid: string; index: string }[]; randomNumber: number };
  transaction: TransactionSpec;
  cardholder: { application?: number; pins: PinAction[]; removeCardAfterCommand?: number };
  host?: HostSpec;
  expect: Expectation;
  /** the expectation's justification from the books, one line */
  why: string;
  /** one line per status field (tvr, tsi, cvmResults): how the books give its value, or why the transaction has none; required for each the expectation leaves out */
  notes?: Partial<Record<StatusField, string>>;
}

/** The status fields every transaction past GET PROCESSING OPTIONS has, and the judge requires there. */
export const STATUS_FIELDS = ["tvr", "tsi", "cvmResults"] as const;
export type StatusField = (typeof STATUS_FIELDS)[number];

type Obj = Record<string, unknown>;

const NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
const SECTION = /^Book [1-4] [^\x00-\x1f]{1,60}$/;
const HEX = /^(?:[0-9A-Fa-f]{2})*$/;
const DIGITS = /^[0-9]+$/;
const SIX_DIGITS = /^[0-9]{6}$/;
const ARC = /^[0-9A-Za-z]{2}$/;
const TAG2 = /^[0-9A-Fa-f]{4}$/;
const PIN_DIGITS = /^[0-9]{4,12}$/;
const WORD = /^[a-z-]{1,32}$/;

function fail(path: string, message: string): never {
  throw new ScenarioError("SCENARIO_FIELD", path, message);
}

function object(value: unknown, path: string, fields: readonly string[]): Obj {
  if (value === null || typeof value !== "object" || Array.isArray(value)) fail(path, "an object expected");
  for (const key of Object.keys(value)) if (!fields.includes(key)) fail(path ? `${path}.${key}` : key, "not a field of the scenario format");
  return value as Obj;
}

const at = (path: string, key: string) => (path ? `${path}.${key}` : key);

function text(o: Obj, key: string, path: string, pattern?: RegExp, what = "text"): string {
  const v = o[key];
  if (typeof v !== "string" || (pattern && !pattern.test(v))) fail(at(path, key), `${what} expected`);
  return v;
}

function optionalText(o: Obj, key: string, path: string, pattern?: RegExp, what?: string): string | undefined {
  return o[key] === undefined ? undefined : text(o, key, path, pattern, what);
}

function choice<T extends string>(o: Obj, key: string, path: string, values: readonly T[]): T {
  const v = o[key];
  if (typeof v !== "string" || !values.includes(v as T)) fail(at(path, key), `one of ${values.join(", ")} expected`);
  return v as T;
}

function optionalChoice<T extends string>(o: Obj, key: string, path: string, values: readonly T[]): T | undefined {
  return o[key] === undefined ? undefined : choice(o, key, path, values);
}

function integer(o: Obj, key: string, path: string, min: number, max: number): number {
  const v = o[key];
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) fail(at(path, key), `a whole number ${min} to ${max} expected`);
  return v;
}

function optionalInteger(o: Obj, key: string, path: string, min: number, max: number): number | undefined {
  return o[key] === undefined ? undefined : integer(o, key, path, min, max);
}

function optionalBoolean(o: Obj, key: string, path: string): boolean | undefined {
  const v = o[key];
  if (v !== undefined && typeof v !== "boolean") fail(at(path, key), "true or false expected");
  return v as boolean | undefined;
}

function list(o: Obj, key: string, path: string, max: number): unknown[] {
  const v = o[key];
  if (!Array.isArray(v) || v.length > max) fail(at(path, key), `a list of at most ${max} expected`);
  return v;
}

function overrides(o: Obj, key: string, path: string): Record<string, unknown> | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (v === null || typeof v !== "object" || Array.isArray(v)) fail(at(path, key), "an object of path → value expected");
  return v as Record<string, unknown>;
}

function hexBytes(o: Obj, key: string, path: string, bytes: number): string {
  const v = text(o, key, path, HEX, `${bytes} bytes of hex`);
  if (v.length !== bytes * 2) fail(at(path, key), `${bytes} bytes of hex expected`);
  return v.toUpperCase();
}

function optionalHexBytes(o: Obj, key: string, path: string, bytes: number): string | undefined {
  return o[key] === undefined ? undefined : hexBytes(o, key, path, bytes);
}

function pinAction(value: unknown, path: string): PinAction {
  if (typeof value !== "string" || !((DIGITS.test(value) && value.length >= 4 && value.length <= 12) || (PIN_ACTIONS as readonly string[]).includes(value))) {
    fail(path, `4 to 12 digits, or ${PIN_ACTIONS.join(", ")} expected`);
  }
  return value;
}

function scriptCommand(value: unknown, path: string): ScriptCommandSpec {
  const o = object(value, path, ["command", "tag", "data", "newPin", "mac", "apdu"]);
  const out: ScriptCommandSpec = {};
  if (o.apdu !== undefined) {
    out.apdu = text(o, "apdu", path, HEX, "a command APDU in hex").toUpperCase();
    if (out.apdu.length < 8 || Object.keys(o).length > 1) fail(path, "a raw command is its APDU alone, 4 bytes or more");
    return out;
  }
  out.command = choice(o, "command", path, SCRIPT_COMMANDS);
  const mac = optionalChoice(o, "mac", path, ["valid", "wrong"] as const);
  if (mac) out.mac = mac;
  if (out.command === "putData") {
    out.tag = text(o, "tag", path, TAG2, "a two-byte tag in hex").toUpperCase();
    out.data = text(o, "data", path, HEX, "hex").toUpperCase();
  } else if (o.tag !== undefined || o.data !== undefined) fail(path, "tag and data go with putData only");
  if (out.command === "pinChange") out.newPin = text(o, "newPin", path, PIN_DIGITS, "4 to 12 digits");
  else if (o.newPin !== undefined) fail(at(path, "newPin"), "goes with pinChange only");
  return out;
}

function host(value: unknown, path: string): HostSpec {
  const o = object(value, path, ["answer", "responseCode", "issuerAuthentication", "scripts"]);
  const out: HostSpec = { answer: choice(o, "answer", path, ["approve", "decline", "unreachable"] as const) };
  if (out.answer === "unreachable") {
    if (Object.keys(o).length > 1) fail(path, "an unreachable host answers nothing else");
    return out;
  }
  const code = optionalText(o, "responseCode", path, ARC, "two letters or digits");
  if (code !== undefined) out.responseCode = code;
  const ia = optionalChoice(o, "issuerAuthentication", path, ["valid", "wrong", "none"] as const);
  if (ia) out.issuerAuthentication = ia;
  if (o.scripts !== undefined) {
    out.scripts = list(o, "scripts", path, 8).map((s, i) => {
      const p = `${path}.scripts[${i}]`;
      const so = object(s, p, ["template", "id", "commands"]);
      const script: ScriptSpec = {
        template: choice(so, "template", p, ["71", "72"] as const),
        commands: list(so, "commands", p, 15).map((c, j) => scriptCommand(c, `${p}.commands[${j}]`)),
      };
      const id = optionalHexBytes(so, "id", p, 4);
      if (id) script.id = id;
      return script;
    });
  }
  return out;
}

const OUTCOMES = ["approved", "declined", "online", "end-application", "card-removed", "cancelled"] as const;
const CRYPTOGRAMS = ["AAC", "TC", "ARQC"] as const;

function expectation(value: unknown, path: string): Expectation {
  const fields = ["outcome", "path", "reason", "step", "fallback", "tvr", "tsi", "cvmResults", "cryptograms", "odaMethod", "scriptResults", "pinPrompts", "arqc", "signatureRequired", "authorisationResponseCode"];
  const o = object(value, path, fields);
  const out: Expectation = { outcome: choice(o, "outcome", path, OUTCOMES) };
  const p = optionalChoice(o, "path", path, ["offline", "online", "unable-to-go-online"] as const);
  if (p) out.path = p;
  const reason = optionalText(o, "reason", path, WORD, "a reason (card-blocked, no-application, ...)");
  if (reason) out.reason = reason;
  const step = optionalText(o, "step", path, WORD, "a step (selection, read-records, ...)");
  if (step) out.step = step;
  const fallback = optionalBoolean(o, "fallback", path);
  if (fallback !== undefined) out.fallback = fallback;
  const tvr = optionalHexBytes(o, "tvr", path, 5);
  if (tvr) out.tvr = tvr;
  const tsi = optionalHexBytes(o, "tsi", path, 2);
  if (tsi) out.tsi = tsi;
  const cvm = optionalHexBytes(o, "cvmResults", path, 3);
  if (cvm) out.cvmResults = cvm;
  if (o.cryptograms !== undefined) {
    out.cryptograms = list(o, "cryptograms", path, 2).map((c, i) => {
      if (typeof c !== "string" || !(CRYPTOGRAMS as readonly string[]).includes(c)) fail(`${path}.cryptograms[${i}]`, "AAC, TC or ARQC expected");
      return c as CryptogramKind;
    });
  }
  const oda = optionalChoice(o, "odaMethod", path, ["SDA", "DDA", "CDA", "none"] as const);
  if (oda) out.odaMethod = oda;
  const scripts = optionalText(o, "scriptResults", path, HEX, "hex");
  if (scripts !== undefined) {
    if (scripts.length === 0 || scripts.length % 10 !== 0) fail(`${path}.scriptResults`, "5 bytes of hex per script expected");
    out.scriptResults = scripts.toUpperCase();
  }
  const prompts = optionalInteger(o, "pinPrompts", path, 0, 15);
  if (prompts !== undefined) out.pinPrompts = prompts;
  const arqc = optionalChoice(o, "arqc", path, ["valid", "invalid"] as const);
  if (arqc) out.arqc = arqc;
  const signature = optionalBoolean(o, "signatureRequired", path);
  if (signature !== undefined) out.signatureRequired = signature;
  const arc = optionalText(o, "authorisationResponseCode", path, ARC, "two letters or digits");
  if (arc) out.authorisationResponseCode = arc;
  return out;
}

/**
 * A scenario from its parsed JSON.
 * @throws ScenarioError `SCENARIO_FIELD` naming the first field at fault
 */
export function parseScenario(json: unknown): Scenario {
  const o = object(json, "", ["name", "title", "sections", "card", "terminal", "transaction", "cardholder", "host", "expect", "why", "notes"]);
  const name = text(o, "name", "", NAME, "a name of lower-case letters, digits and dashes");
  const title = text(o, "title", "");
  if (title.length < 1 || title.length > 200) fail("title", "1 to 200 characters expected");
  const sections = list(o, "sections", "", 12).map((s, i) => {
    if (typeof s !== "string" || !SECTION.test(s)) fail(`sections[${i}]`, 'a section such as "Book 3 §10.5.1" expected');
    return s;
  });
  if (sections.length === 0) fail("sections", "at least one section");
  const why = text(o, "why", "");
  if (why.length < 10 || why.length > 600 || why.includes("\n")) fail("why", "one line of 10 to 600 characters expected");

  const c = object(o.card, "card", ["profile", "set", "resign", "mute"]);
  const card = {
    profile: text(c, "profile", "card", NAME, "a test card's name (test/emv/cards)"),
    resign: optionalBoolean(c, "resign", "card") ?? true,
    mute: optionalBoolean(c, "mute", "card") ?? false,
    ...(c.set !== undefined ? { set: overrides(c, "set", "card") } : {}),
  };

  const t = object(o.terminal ?? {}, "terminal", ["set", "withoutCaKeys", "randomNumber"]);
  const terminal = {
    withoutCaKeys: (t.withoutCaKeys === undefined ? [] : list(t, "withoutCaKeys", "terminal", 64)).map((k, i) => {
      const p = `terminal.withoutCaKeys[${i}]`;
      const ko = object(k, p, ["rid", "index"]);
      return { rid: hexBytes(ko, "rid", p, 5), index: hexBytes(ko, "index", p, 1) };
    }),
    randomNumber: optionalInteger(t, "randomNumber", "terminal", 1, 99) ?? 99,
    ...(t.set !== undefined ? { set: overrides(t, "set", "terminal") } : {}),
  };

  const x = object(o.transaction, "transaction", ["type", "amount", "otherAmount", "date", "time", "service", "forceOnline"]);
  const transaction: TransactionSpec = {
    type: optionalChoice(x, "type", "transaction", ["purchase", "cash", "cashback", "refund"] as const) ?? "purchase",
    amount: integer(x, "amount", "transaction", 0, 999_999_999_999),
    date: text(x, "date", "transaction", SIX_DIGITS, "YYMMDD"),
    time: optionalText(x, "time", "transaction", SIX_DIGITS, "HHMMSS") ?? "120000",
  };
  const other = optionalInteger(x, "otherAmount", "transaction", 0, 999_999_999_999);
  if (other !== undefined) transaction.otherAmount = other;
  const service = optionalChoice(x, "service", "transaction", ["goods", "services"] as const);
  if (service) transaction.service = service;
  const force = optionalBoolean(x, "forceOnline", "transaction");
  if (force !== undefined) transaction.forceOnline = force;

  const h = object(o.cardholder ?? {}, "cardholder", ["application", "pins", "removeCardAfterCommand"]);
  const cardholder: Scenario["cardholder"] = {
    pins: (h.pins === undefined ? [] : list(h, "pins", "cardholder", 15)).map((p, i) => pinAction(p, `cardholder.pins[${i}]`)),
  };
  const application = optionalInteger(h, "application", "cardholder", 0, 7);
  if (application !== undefined) cardholder.application = application;
  const remove = optionalInteger(h, "removeCardAfterCommand", "cardholder", 1, 10000);
  if (remove !== undefined) cardholder.removeCardAfterCommand = remove;

  const scenario: Scenario = { name, title, sections, card, terminal, transaction, cardholder, expect: expectation(o.expect, "expect"), why };
  if (o.host !== undefined) scenario.host = host(o.host, "host");
  const notes = o.notes === undefined ? {} : object(o.notes, "notes", STATUS_FIELDS);
  for (const field of STATUS_FIELDS) {
    const note = notes[field];
    if (note === undefined) {
      if (scenario.expect[field] === undefined) fail(`notes.${field}`, `expect.${field} is left out: say why the transaction has none`);
      continue;
    }
    if (typeof note !== "string" || note.length < 10 || note.length > 600 || note.includes("\n")) fail(`notes.${field}`, "one line of 10 to 600 characters expected");
  }
  if (o.notes !== undefined) scenario.notes = notes as Partial<Record<StatusField, string>>;
  return scenario;
}
