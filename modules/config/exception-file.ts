import { luhnValid } from "../card/luhn.ts";
import { ConfigError } from "./error.ts";
import { readDigits, readList, refuseDuplicates } from "./fields.ts";

/**
 * The exception file (EMV Book 3 §10.6): PANs the terminal must not
 * accept offline, up to 1000, each 12-19 digits passing the Luhn check
 * (ISO/IEC 7812-1). Messages name an entry by its position, never by its
 * PAN.
 * @throws ConfigError `CONFIG_FIELD` for a malformed PAN; `CONFIG_DUPLICATE` for a PAN listed twice
 */
export function readExceptionFile(value: unknown, path: string): string[] {
  const pans = readList(value, path, 0, 1000, (v, p) => {
    const pan = readDigits(v, p, 12, 19);
    if (!luhnValid(pan)) throw new ConfigError("CONFIG_FIELD", p, "a PAN whose last digit is its Luhn check digit expected");
    return pan;
  });
  refuseDuplicates(pans, path, (pan) => pan, "PAN");
  return pans;
}
