import { decodeTerminalType } from "../emv/terminal-type.ts";
import { ConfigError } from "./error.ts";
import { fieldPath, readChoice, readDigits, readHex, readInteger, readList, readObject, readText, refuseDuplicates, required } from "./fields.ts";
import type { PromptLanguage, TerminalParameters, TimeZone } from "./types.ts";

const TERMINAL_FIELDS = [
  "terminalType",
  "capabilities",
  "additionalCapabilities",
  "countryCode",
  "currencyCode",
  "currencyExponent",
  "merchantCategoryCode",
  "merchantIdentifier",
  "terminalIdentification",
  "ifdSerialNumber",
  "acquirerIdentifier",
  "merchantNameAndLocation",
  "timeZone",
  "languages",
] as const;

const LANGUAGES: readonly PromptLanguage[] = ["en", "zh"];
// a name such as Asia/Hong_Kong, Etc/GMT+8 or UTC
const ZONE_NAME = /^[A-Za-z0-9_+\-/]{1,40}$/;

function readTerminalType(value: unknown, path: string): string {
  const digits = readDigits(value, path, 2);
  try {
    // n 2: the two digits are the two nibbles of the byte
    decodeTerminalType(Uint8Array.of(parseInt(digits, 16)));
  } catch {
    throw new ConfigError("CONFIG_FIELD", path, "a Terminal Type of EMV Book 4 annex A1 table 24 expected (11-16, 21-26, 34-36)");
  }
  return digits;
}

/** ISO 3166-1 and ISO 4217 numeric codes: three digits, 000 unassigned. */
function readNumericCode(value: unknown, path: string): string {
  const digits = readDigits(value, path, 3);
  if (digits === "000") throw new ConfigError("CONFIG_FIELD", path, "a numeric code from 001 to 999 expected");
  return digits;
}

function readTimeZone(value: unknown, path: string): TimeZone {
  const zone = readObject(value, path, ["name", "offsetMinutes"]);
  const namePath = fieldPath(path, "name");
  const name = required(zone, path, "name");
  if (typeof name !== "string" || !ZONE_NAME.test(name)) {
    throw new ConfigError("CONFIG_FIELD", namePath, "1-40 characters of letters, digits, '_', '+', '-' and '/' expected");
  }
  // UTC-12:00 to UTC+14:00, the offsets in use
  const offsetMinutes = readInteger(required(zone, path, "offsetMinutes"), fieldPath(path, "offsetMinutes"), -720, 840);
  return { name, offsetMinutes };
}

function readLanguages(value: unknown, path: string): PromptLanguage[] {
  const languages = readList(value, path, 1, LANGUAGES.length, (v, p) => readChoice(v, p, LANGUAGES));
  refuseDuplicates(languages, path, (l) => l, "language");
  return languages;
}

/**
 * The terminal's own data elements.
 * @throws ConfigError naming the field at fault
 */
export function readTerminal(value: unknown, path: string): TerminalParameters {
  const t = readObject(value, path, TERMINAL_FIELDS);
  const at = (key: string) => fieldPath(path, key);
  const get = (key: (typeof TERMINAL_FIELDS)[number]) => required(t, path, key);
  return {
    terminalType: readTerminalType(get("terminalType"), at("terminalType")),
    capabilities: readHex(get("capabilities"), at("capabilities"), 3),
    additionalCapabilities: readHex(get("additionalCapabilities"), at("additionalCapabilities"), 5),
    countryCode: readNumericCode(get("countryCode"), at("countryCode")),
    currencyCode: readNumericCode(get("currencyCode"), at("currencyCode")),
    currencyExponent: readInteger(get("currencyExponent"), at("currencyExponent"), 0, 3),
    merchantCategoryCode: readDigits(get("merchantCategoryCode"), at("merchantCategoryCode"), 4),
    merchantIdentifier: readText(get("merchantIdentifier"), at("merchantIdentifier"), 1, 15),
    terminalIdentification: readText(get("terminalIdentification"), at("terminalIdentification"), 8, 8, "an"),
    ifdSerialNumber: readText(get("ifdSerialNumber"), at("ifdSerialNumber"), 8, 8, "an"),
    acquirerIdentifier: readDigits(get("acquirerIdentifier"), at("acquirerIdentifier"), 6, 11),
    merchantNameAndLocation: readText(get("merchantNameAndLocation"), at("merchantNameAndLocation"), 1, 64),
    timeZone: readTimeZone(get("timeZone"), at("timeZone")),
    languages: readLanguages(get("languages"), at("languages")),
  };
}
