import { parseDol, type DolEntry } from "../../../modules/emv/dol.ts";
import { isXsposError } from "../../../modules/core/error.ts";
import { tagInfo } from "../../../modules/emv/tags.ts";
import { isConstructedTag, tagBytes } from "../../../modules/emv/tlv.ts";
import { toHex } from "../../../modules/core/hex.ts";
import { encodeRecord, panDigits } from "./card-data.ts";
import { EmvCardError } from "./error.ts";
import {
  fail,
  fieldPath,
  inconsistent,
  itemPath,
  optional,
  readBoolean,
  readChoice,
  readHex,
  readInteger,
  readList,
  readMap,
  readObject,
  readPattern,
  readText,
  required,
  withDefault,
  type JsonObject,
} from "./profile-fields.ts";
import {
  SCRIPT_COMMAND_NAMES,
  type ApplicationProfile,
  type CardProfile,
  type CertificateSpec,
  type CryptogramDataTag,
  type IssuerScriptProfile,
  type PinProfile,
  type RecordProfile,
  type RsaPrivateKey,
  type ScriptCommandName,
} from "./profile.ts";
import { checkRsaPrivateKey } from "./rsa-private.ts";

// Module scope: XS compiles a regex literal each time it is evaluated.
const LANGUAGES = /^(?:[a-z]{2}){1,4}$/;
const PIN_DIGITS = /^[0-9]{4,12}$/;
const MMYY = /^(?:0[1-9]|1[0-2])[0-9]{2}$/;
const KEY_NAME = /^[a-z0-9-]{1,40}$/;
const ARC = /^[\x20-\x7E]{2}$/;
const TAG_TEXT = /^[0-9A-Fa-f]{2,6}$/;
const PAN_NIBBLES = /^[0-9]{12,19}F*$/;
const TRACK2_NIBBLES = /^[0-9]+D[0-9]{7,}F?$/;
const TWO_DIGITS = /^[0-9]{2}$/;
const SIX_DIGITS = /^[0-9]{6}$/;

const CARD_FIELDS = ["description", "atr", "protocol", "pse", "ppse", "blocked", "removeAfterCommand", "languagePreference", "applications"] as const;
const APPLICATION_FIELDS = [
  "aid", "label", "preferredName", "issuerCodeTableIndex", "priority", "confirmation", "languagePreference", "blocked", "pdol",
  "fciIssuerDiscretionaryData", "gpoFormat", "aip", "records", "data", "atc", "lastOnlineAtc", "pin", "riskManagement", "completion",
  "cryptogram", "internalAuthenticateFormat", "generateAcFormat", "iccDynamicNumberLength", "issuerScripts", "certificates",
  "iccPrivateKey", "pinPrivateKey",
] as const;
const KEY_FIELDS = ["modulus", "publicExponent", "p", "q", "dp", "dq", "qInv"] as const;

/** Data objects the card keeps as counters: the profile sets them through `atc`, `lastOnlineAtc` and `pin`. */
const COUNTER_TAGS: Record<string, string> = { "9F36": "atc", "9F13": "lastOnlineAtc", "9F17": "pin.triesLeft" };

/** The data objects tools/make-test-cards.ts writes: a profile read without its keys may name them in records before they exist. */
export const CERTIFICATE_TAGS: readonly string[] = ["8F", "90", "92", "9F32", "93", "9F46", "9F47", "9F48", "9F2D", "9F2E", "9F2F"];

/** AIP byte 1 bits (Book 3 annex C1). */
const AIP_SDA = 0x40;
const AIP_DDA = 0x20;
const AIP_CVM = 0x10;
const AIP_CDA = 0x01;

/** CVM codes (Book 3 annex C3) that verify a PIN offline, and those of them that encipher it. */
const OFFLINE_PIN_CVMS = [0x01, 0x03, 0x04, 0x05];
const ENCIPHERED_PIN_CVMS = [0x04, 0x05];

/** Options of {@link loadCardProfile}. */
export interface LoadOptions {
  /**
   * Require the keys and certificates the AIP calls for (default true).
   * `tools/make-test-cards.ts` reads a profile without them before it
   * makes them.
   */
  requireKeys?: boolean;
}

/**
 * A card profile from its JSON text.
 * @throws EmvCardError `CARD_PROFILE_FIELD` for text that is not JSON; as {@link loadCardProfile}
 */
export function parseCardProfile(text: string, options: LoadOptions = {}): CardProfile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new EmvCardError("CARD_PROFILE_FIELD", "", "the profile is not JSON");
  }
  return loadCardProfile(json, options);
}

/**
 * A card profile from its parsed JSON, every field checked (README.md,
 * "Profile schema").
 * @throws EmvCardError `CARD_PROFILE_FIELD`, `CARD_PROFILE_MISSING` or `CARD_PROFILE_DATA`, naming the field
 */
export function loadCardProfile(json: unknown, options: LoadOptions = {}): CardProfile {
  const c = readObject(json, "", CARD_FIELDS);
  const profile: CardProfile = {
    description: readText(required(c, "", "description"), "description", 1, 1000),
    atr: readHex(required(c, "", "atr"), "atr", 2, 33),
    protocol: readChoice(required(c, "", "protocol"), "protocol", [0, 1] as const),
    pse: withDefault(c, "", "pse", true, readBoolean),
    ppse: withDefault(c, "", "ppse", false, readBoolean),
    blocked: withDefault(c, "", "blocked", false, readBoolean),
    applications: readList(required(c, "", "applications"), "applications", 1, 8, (v, p) => readApplication(v, p, options.requireKeys ?? true)),
  };
  const removeAfter = optional(c, "removeAfterCommand");
  if (removeAfter !== undefined) profile.removeAfterCommand = readInteger(removeAfter, "removeAfterCommand", 1, 10_000);
  const languages = optional(c, "languagePreference");
  if (languages !== undefined) profile.languagePreference = readPattern(languages, "languagePreference", LANGUAGES, "1-4 ISO 639-1 codes in lower case");
  if (profile.atr[0] !== 0x3b && profile.atr[0] !== 0x3f) fail("atr", "an ATR starts with TS 3B or 3F");
  const aids = profile.applications.map((a) => toHex(a.aid));
  aids.forEach((aid, i) => {
    if (aids.indexOf(aid) !== i) inconsistent(fieldPath(itemPath("applications", i), "aid"), "the AID is listed twice");
  });
  return profile;
}

function readApplication(value: unknown, path: string, requireKeys: boolean): ApplicationProfile {
  const a = readObject(value, path, APPLICATION_FIELDS);
  const at = (key: string) => fieldPath(path, key);
  const get = (key: (typeof APPLICATION_FIELDS)[number]) => required(a, path, key);
  const app: ApplicationProfile = {
    aid: readHex(get("aid"), at("aid"), 5, 16),
    label: readText(get("label"), at("label"), 1, 16),
    confirmation: withDefault(a, path, "confirmation", false, readBoolean),
    blocked: withDefault(a, path, "blocked", false, readBoolean),
    gpoFormat: withDefault(a, path, "gpoFormat", 1 as const, (v, p) => readChoice(v, p, [1, 2] as const)),
    aip: readHex(get("aip"), at("aip"), 2),
    records: readList(get("records"), at("records"), 1, 64, readRecord),
    data: readData(get("data"), at("data")),
    atc: withDefault(a, path, "atc", 0, (v, p) => readInteger(v, p, 0, 0xfffe)),
    lastOnlineAtc: withDefault(a, path, "lastOnlineAtc", 0, (v, p) => readInteger(v, p, 0, 0xfffe)),
    riskManagement: readRiskManagement(get("riskManagement"), at("riskManagement")),
    completion: readCompletion(optional(a, "completion") ?? {}, at("completion")),
    cryptogram: readCryptogram(get("cryptogram"), at("cryptogram")),
    internalAuthenticateFormat: withDefault(a, path, "internalAuthenticateFormat", 1 as const, (v, p) => readChoice(v, p, [1, 2] as const)),
    generateAcFormat: withDefault(a, path, "generateAcFormat", 1 as const, (v, p) => readChoice(v, p, [1, 2] as const)),
    iccDynamicNumberLength: withDefault(a, path, "iccDynamicNumberLength", 8, (v, p) => readInteger(v, p, 2, 8)),
  };
  const text = (key: "preferredName", max: number) => {
    const v = optional(a, key);
    return v === undefined ? undefined : readText(v, at(key), 1, max);
  };
  const preferredName = text("preferredName", 16);
  if (preferredName !== undefined) app.preferredName = preferredName;
  const codeTable = optional(a, "issuerCodeTableIndex");
  if (codeTable !== undefined) app.issuerCodeTableIndex = readInteger(codeTable, at("issuerCodeTableIndex"), 1, 10);
  const priority = optional(a, "priority");
  if (priority !== undefined) app.priority = readInteger(priority, at("priority"), 1, 15);
  const languages = optional(a, "languagePreference");
  if (languages !== undefined) app.languagePreference = readPattern(languages, at("languagePreference"), LANGUAGES, "1-4 ISO 639-1 codes in lower case");
  const pdol = optional(a, "pdol");
  if (pdol !== undefined) app.pdol = readDol(pdol, at("pdol"));
  const discretionary = optional(a, "fciIssuerDiscretionaryData");
  if (discretionary !== undefined) app.fciIssuerDiscretionaryData = readHex(discretionary, at("fciIssuerDiscretionaryData"), 1, 200);
  const pin = optional(a, "pin");
  if (pin !== undefined) app.pin = readPin(pin, at("pin"));
  const scripts = optional(a, "issuerScripts");
  if (scripts !== undefined) app.issuerScripts = readIssuerScripts(scripts, at("issuerScripts"));
  const certificates = optional(a, "certificates");
  if (certificates !== undefined) app.certificates = readCertificates(certificates, at("certificates"));
  const iccKey = optional(a, "iccPrivateKey");
  if (iccKey !== undefined) app.iccPrivateKey = readPrivateKey(iccKey, at("iccPrivateKey"));
  const pinKey = optional(a, "pinPrivateKey");
  if (pinKey !== undefined) app.pinPrivateKey = readPrivateKey(pinKey, at("pinPrivateKey"));
  checkApplication(app, path, requireKeys);
  return app;
}

function readRecord(value: unknown, path: string): RecordProfile {
  const r = readObject(value, path, ["sfi", "record", "oda", "tags"]);
  return {
    sfi: readInteger(required(r, path, "sfi"), fieldPath(path, "sfi"), 1, 30),
    record: readInteger(required(r, path, "record"), fieldPath(path, "record"), 1, 255),
    oda: withDefault(r, path, "oda", false, readBoolean),
    tags: readList(required(r, path, "tags"), fieldPath(path, "tags"), 1, 32, (v, p) => readPattern(v, p, TAG_TEXT, "a tag in hex").toUpperCase()),
  };
}

/**
 * The data objects by tag: `a`, `an` and `ans` ones (Book 3 §4.3) as
 * text, every other one as hex; lengths as the dictionary allows.
 */
function readData(value: unknown, path: string): Map<string, Uint8Array> {
  const object = readMap(value, path);
  const out = new Map<string, Uint8Array>();
  for (const key of Object.keys(object)) {
    const p = fieldPath(path, key);
    const tag = key.toUpperCase();
    try {
      tagBytes(tag);
    } catch {
      fail(p, "the key is not a BER-TLV tag in hex");
    }
    if (isConstructedTag(tag)) fail(p, "a primitive data object expected (templates are built by the card)");
    if (COUNTER_TAGS[tag]) fail(p, `the card keeps this counter itself: set ${COUNTER_TAGS[tag]} instead`);
    if (out.has(tag)) fail(p, "the tag is given twice");
    const info = tagInfo(tag);
    const min = info?.length.min ?? 0;
    const max = info?.length.max ?? 252;
    if (info && (info.format === "a" || info.format === "an" || info.format === "ans")) {
      out.set(tag, Uint8Array.from(readText(object[key], p, min, max), (ch) => ch.charCodeAt(0)));
    } else out.set(tag, readHex(object[key], p, min, max));
  }
  return out;
}

function readDol(value: unknown, path: string): Uint8Array {
  const bytes = readHex(value, path, 0, 252);
  try {
    const total = parseDol(bytes).reduce((n, e) => n + e.length, 0);
    if (total > 252) fail(path, "a DOL asking for at most 252 bytes expected");
  } catch (e) {
    if (isXsposError(e) && e.code.startsWith("CARD_")) throw e;
    fail(path, "a Data Object List expected (tags, each with a one-byte length)");
  }
  return bytes;
}

function readPin(value: unknown, path: string): PinProfile {
  const o = readObject(value, path, ["value", "tryLimit", "triesLeft"]);
  const tryLimit = readInteger(required(o, path, "tryLimit"), fieldPath(path, "tryLimit"), 1, 15);
  const pin: PinProfile = {
    value: readPattern(required(o, path, "value"), fieldPath(path, "value"), PIN_DIGITS, "4-12 digits"),
    tryLimit,
    triesLeft: withDefault(o, path, "triesLeft", tryLimit, (v, p) => readInteger(v, p, 0, tryLimit)),
  };
  return pin;
}

function readRiskManagement(value: unknown, path: string): ApplicationProfile["riskManagement"] {
  const o = readObject(value, path, ["firstAc", "offlineLimit"]);
  const firstAc = readChoice(required(o, path, "firstAc"), fieldPath(path, "firstAc"), ["online", "decline", "offline-under-limit"] as const);
  const out: ApplicationProfile["riskManagement"] = { firstAc };
  const limit = optional(o, "offlineLimit");
  if (limit !== undefined) out.offlineLimit = readInteger(limit, fieldPath(path, "offlineLimit"), 0, 999_999_999_999);
  else if (firstAc === "offline-under-limit") throw new EmvCardError("CARD_PROFILE_MISSING", fieldPath(path, "offlineLimit"), "required with offline-under-limit");
  return out;
}

function readCompletion(value: unknown, path: string): ApplicationProfile["completion"] {
  const o = readObject(value, path, ["approvalCodes", "issuerAuthenticationFailure", "issuerAuthenticationRequired", "unableToGoOnline"]);
  return {
    approvalCodes: withDefault(o, path, "approvalCodes", ["00", "08", "10", "11"], (v, p) => readList(v, p, 1, 16, (x, q) => readPattern(x, q, ARC, "a two-character Authorisation Response Code"))),
    issuerAuthenticationFailure: withDefault(o, path, "issuerAuthenticationFailure", "decline" as const, (v, p) => readChoice(v, p, ["decline", "ignore"] as const)),
    issuerAuthenticationRequired: withDefault(o, path, "issuerAuthenticationRequired", false, readBoolean),
    unableToGoOnline: withDefault(o, path, "unableToGoOnline", "decline" as const, (v, p) => readChoice(v, p, ["approve", "decline"] as const)),
  };
}

function readCryptogram(value: unknown, path: string): ApplicationProfile["cryptogram"] {
  const o = readObject(value, path, ["imk", "masterKey", "dki", "cvn", "arpcMethod", "arpcKey", "acData"]);
  return {
    imk: readHex(required(o, path, "imk"), fieldPath(path, "imk"), 16),
    masterKey: withDefault(o, path, "masterKey", "optionA" as const, (v, p) => readChoice(v, p, ["optionA", "optionB"] as const)),
    dki: readHex(required(o, path, "dki"), fieldPath(path, "dki"), 1)[0],
    cvn: readHex(required(o, path, "cvn"), fieldPath(path, "cvn"), 1)[0],
    arpcMethod: withDefault(o, path, "arpcMethod", 1 as const, (v, p) => readChoice(v, p, [1, 2] as const)),
    arpcKey: withDefault(o, path, "arpcKey", "session-key" as const, (v, p) => readChoice(v, p, ["session-key", "master-key"] as const)),
    acData: withDefault(o, path, "acData", ["82", "9F36", "9F10"] as CryptogramDataTag[], (v, p) => {
      const list = readList(v, p, 0, 3, (x, q) => readChoice(x, q, ["82", "9F36", "9F10"] as const));
      if (new Set(list).size !== list.length) fail(p, "each tag at most once");
      return list;
    }),
  };
}

function readIssuerScripts(value: unknown, path: string): IssuerScriptProfile {
  const o = readObject(value, path, ["imkMac", "imkEnc", "macLength", "commands"]);
  const commandsPath = fieldPath(path, "commands");
  const listed = readObject(required(o, path, "commands"), commandsPath, SCRIPT_COMMAND_NAMES);
  const commands = new Map<ScriptCommandName, number>();
  for (const name of SCRIPT_COMMAND_NAMES) {
    const sw = optional(listed, name);
    if (sw === undefined) continue;
    const bytes = readHex(sw, fieldPath(commandsPath, name), 2);
    const word = (bytes[0] << 8) | bytes[1];
    if (word !== 0x9000 && (bytes[0] < 0x62 || bytes[0] > 0x6f)) fail(fieldPath(commandsPath, name), "9000 or an ISO/IEC 7816-4 error status (62xx-6Fxx) expected");
    commands.set(name, word);
  }
  return {
    imkMac: readHex(required(o, path, "imkMac"), fieldPath(path, "imkMac"), 16),
    imkEnc: readHex(required(o, path, "imkEnc"), fieldPath(path, "imkEnc"), 16),
    macLength: withDefault(o, path, "macLength", 8, (v, p) => readInteger(v, p, 4, 8)),
    commands,
  };
}

function readKeySpec(value: unknown, path: string) {
  const o = readObject(value, path, ["bits", "exponent", "serial", "expiry"]);
  return {
    bits: readKeyBits(required(o, path, "bits"), fieldPath(path, "bits")),
    exponent: readChoice(required(o, path, "exponent"), fieldPath(path, "exponent"), [3, 65537] as const),
    serial: readHex(required(o, path, "serial"), fieldPath(path, "serial"), 3),
    expiry: readPattern(required(o, path, "expiry"), fieldPath(path, "expiry"), MMYY, "a date MMYY"),
  };
}

function readKeyBits(value: unknown, path: string): number {
  const bits = readInteger(value, path, 512, 1984);
  if (bits % 8 !== 0) fail(path, "a whole number of bytes expected (bits a multiple of 8)");
  return bits;
}

function readCertificates(value: unknown, path: string): CertificateSpec {
  const o = readObject(value, path, ["caIndex", "issuer", "icc", "pinEncipherment", "sda"]);
  const issuerPath = fieldPath(path, "issuer");
  const i = readObject(required(o, path, "issuer"), issuerPath, ["key", "bits", "exponent", "serial", "expiry", "corrupt"]);
  const { key: _key, corrupt: _corrupt, ...issuerKey } = i;
  const spec: CertificateSpec = {
    caIndex: readHex(required(o, path, "caIndex"), fieldPath(path, "caIndex"), 1)[0],
    issuer: {
      key: readPattern(required(i, issuerPath, "key"), fieldPath(issuerPath, "key"), KEY_NAME, "a key name of lower-case letters, digits and -"),
      ...readKeySpec(issuerKey, issuerPath),
    },
  };
  const corrupt = optional(i, "corrupt");
  if (corrupt !== undefined) spec.issuer.corrupt = readChoice(corrupt, fieldPath(issuerPath, "corrupt"), ["hash"] as const);
  const icc = optional(o, "icc");
  if (icc !== undefined) spec.icc = readKeySpec(icc, fieldPath(path, "icc"));
  const pinKey = optional(o, "pinEncipherment");
  if (pinKey !== undefined) spec.pinEncipherment = readKeySpec(pinKey, fieldPath(path, "pinEncipherment"));
  const sda = optional(o, "sda");
  if (sda !== undefined) {
    const s = readObject(sda, fieldPath(path, "sda"), ["dataAuthenticationCode"]);
    spec.sda = { dataAuthenticationCode: readHex(required(s, fieldPath(path, "sda"), "dataAuthenticationCode"), fieldPath(fieldPath(path, "sda"), "dataAuthenticationCode"), 2) };
  }
  return spec;
}

function readPrivateKey(value: unknown, path: string): RsaPrivateKey {
  const o = readObject(value, path, KEY_FIELDS);
  const part = (key: (typeof KEY_FIELDS)[number], min: number, max: number) => readHex(required(o, path, key), fieldPath(path, key), min, max);
  const key: RsaPrivateKey = {
    modulus: part("modulus", 64, 248),
    publicExponent: part("publicExponent", 1, 3),
    p: part("p", 16, 124),
    q: part("q", 16, 124),
    dp: part("dp", 1, 124),
    dq: part("dq", 1, 124),
    qInv: part("qInv", 1, 124),
  };
  const problem = checkRsaPrivateKey(key);
  if (problem) inconsistent(path, problem);
  return key;
}

/** Luhn (ISO/IEC 7812-1 annex B) over all the digits, check digit included. */
function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

function nibbles(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += (b >> 4).toString(16) + (b & 15).toString(16);
  return s.toUpperCase();
}

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function checkDate(value: Uint8Array, path: string): void {
  const s = nibbles(value);
  const month = Number(s.slice(2, 4));
  const day = Number(s.slice(4, 6));
  const year = Number(s.slice(0, 2));
  const leap = year % 4 === 0;
  if (!SIX_DIGITS.test(s) || month < 1 || month > 12 || day < 1 || day > DAYS[month - 1] - (month === 2 && !leap ? 1 : 0)) {
    inconsistent(path, "a date YYMMDD in BCD expected");
  }
}

function dolEntries(app: ApplicationProfile, tag: string, path: string): DolEntry[] {
  const bytes = app.data.get(tag);
  if (!bytes) throw new EmvCardError("CARD_PROFILE_MISSING", fieldPath(path, tag), "required data object missing");
  try {
    const entries = parseDol(bytes);
    if (entries.reduce((n, e) => n + e.length, 0) > 252) inconsistent(fieldPath(path, tag), "the DOL asks for more than 252 bytes");
    return entries;
  } catch (e) {
    if (isXsposError(e) && e.code.startsWith("CARD_")) throw e;
    inconsistent(fieldPath(path, tag), "not a Data Object List");
  }
}

/** What must hold between the fields of one application. */
function checkApplication(app: ApplicationProfile, path: string, requireKeys: boolean): void {
  const dataPath = fieldPath(path, "data");
  const need = (tag: string) => {
    const v = app.data.get(tag);
    if (!v) throw new EmvCardError("CARD_PROFILE_MISSING", fieldPath(dataPath, tag), "required data object missing");
    return v;
  };
  // PAN (cn: digits, F padding), Luhn
  const panBytes = need("5A");
  const panNibbles = nibbles(panBytes);
  const pan = panDigits(panBytes);
  if (!PAN_NIBBLES.test(panNibbles) || panNibbles.length - pan.length > 1) inconsistent(fieldPath(dataPath, "5A"), "a PAN of 12-19 digits, F-padded, expected");
  if (!luhnValid(pan)) inconsistent(fieldPath(dataPath, "5A"), "the PAN fails the Luhn check");
  const expiry = need("5F24");
  checkDate(expiry, fieldPath(dataPath, "5F24"));
  const effective = app.data.get("5F25");
  if (effective) checkDate(effective, fieldPath(dataPath, "5F25"));
  // track 2 equivalent: PAN, D, YYMM, service code, discretionary data, F to fill the byte
  const track2 = nibbles(need("57"));
  const t2Path = fieldPath(dataPath, "57");
  const separator = track2.indexOf("D");
  if (separator < 0 || !TRACK2_NIBBLES.test(track2)) inconsistent(t2Path, "PAN, D, YYMM, service code and discretionary digits expected");
  if (track2.slice(0, separator) !== pan) inconsistent(t2Path, "the track 2 PAN is not the application PAN (5A)");
  if (track2.slice(separator + 1, separator + 5) !== nibbles(expiry).slice(0, 4)) inconsistent(t2Path, "the track 2 expiry is not the application's (5F24)");
  const serviceCode = app.data.get("5F30");
  if (serviceCode && nibbles(serviceCode).slice(1) !== track2.slice(separator + 5, separator + 8)) {
    inconsistent(fieldPath(dataPath, "5F30"), "the service code is not track 2's");
  }
  const psn = app.data.get("5F34");
  if (psn && !TWO_DIGITS.test(nibbles(psn))) inconsistent(fieldPath(dataPath, "5F34"), "a PAN sequence number of two digits expected");
  // DOLs
  const cdol1 = dolEntries(app, "8C", dataPath);
  dolEntries(app, "8D", dataPath);
  if (app.data.has("9F49")) dolEntries(app, "9F49", dataPath);
  if (app.riskManagement.firstAc === "offline-under-limit" && !cdol1.some((e) => e.tag === "9F02" && e.length === 6)) {
    inconsistent(fieldPath(dataPath, "8C"), "offline-under-limit reads the amount: CDOL1 must ask for 9F02 (6 bytes)");
  }
  const aip = app.aip[0];
  if (aip & AIP_CDA && !cdol1.some((e) => e.tag === "9F37")) inconsistent(fieldPath(dataPath, "8C"), "CDA signs the Unpredictable Number: CDOL1 must ask for 9F37");
  // records
  const seen = new Set<string>();
  const recordTags = new Set<string>();
  app.records.forEach((r, i) => {
    const rPath = itemPath(fieldPath(path, "records"), i);
    const id = `${r.sfi}/${r.record}`;
    if (seen.has(id)) inconsistent(rPath, `SFI ${r.sfi} record ${r.record} is listed twice`);
    seen.add(id);
    for (const tag of r.tags) {
      if (!app.data.has(tag) && (requireKeys || !CERTIFICATE_TAGS.includes(tag))) inconsistent(rPath, `the record holds ${tag}, which the data lacks`);
      if (recordTags.has(tag)) inconsistent(rPath, `${tag} is in two records`);
      recordTags.add(tag);
    }
    if (encodeRecord(r, app.data).length > 256) inconsistent(rPath, "the record is longer than a short response (256 bytes)");
  });
  // CVM list and PIN
  const cvmList = app.data.get("8E");
  if (aip & AIP_CVM && !cvmList) throw new EmvCardError("CARD_PROFILE_MISSING", fieldPath(dataPath, "8E"), "the AIP says cardholder verification is supported: a CVM List is required");
  if (cvmList && (cvmList.length < 10 || cvmList.length % 2 !== 0)) inconsistent(fieldPath(dataPath, "8E"), "amounts X and Y and whole CV Rules expected");
  const cvms = cvmList ? Array.from({ length: (cvmList.length - 8) / 2 }, (_, i) => cvmList[8 + 2 * i] & 0x3f) : [];
  if (cvms.some((c) => OFFLINE_PIN_CVMS.includes(c)) && !app.pin) {
    throw new EmvCardError("CARD_PROFILE_MISSING", fieldPath(path, "pin"), "the CVM List asks for an offline PIN");
  }
  if (!requireKeys) return;
  // keys the AIP and the CVM List call for
  const needKey = (field: "iccPrivateKey" | "pinPrivateKey", why: string) => {
    if (!app[field]) throw new EmvCardError("CARD_PROFILE_MISSING", fieldPath(path, field), why);
  };
  if (aip & (AIP_SDA | AIP_DDA | AIP_CDA)) for (const tag of ["8F", "90", "9F32"]) need(tag);
  if (aip & AIP_SDA) need("93");
  if (aip & (AIP_DDA | AIP_CDA)) {
    for (const tag of ["9F46", "9F47"]) need(tag);
    needKey("iccPrivateKey", "the AIP says DDA or CDA: the card signs with its ICC key");
  }
  if (cvms.some((c) => ENCIPHERED_PIN_CVMS.includes(c)) && !app.pinPrivateKey && !app.iccPrivateKey) {
    needKey("pinPrivateKey", "the CVM List asks for an enciphered offline PIN: the card deciphers it with a PIN encipherment key or its ICC key");
  }
  if (app.iccPrivateKey && app.data.has("9F47") && toHex(app.data.get("9F47")!) !== toHex(app.iccPrivateKey.publicExponent)) {
    inconsistent(fieldPath(path, "iccPrivateKey"), "the public exponent is not the ICC Public Key Exponent (9F47)");
  }
}
