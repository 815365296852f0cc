import { toHex } from "../core/hex.ts";
import { parseDol, type DolEntry } from "../emv/dol.ts";
import { ConfigError } from "./error.ts";
import { MAX_AMOUNT, fieldPath, optional, packBytes, readBoolean, readHex, readInteger, readList, readObject, readText, refuseDuplicates, required } from "./fields.ts";
import type { AidParameters } from "./types.ts";

const AID_FIELDS = [
  "aid",
  "label",
  "partialSelection",
  "priority",
  "applicationVersions",
  "tacDenial",
  "tacOnline",
  "tacDefault",
  "floorLimit",
  "threshold",
  "targetPercentage",
  "maxTargetPercentage",
  "defaultDdol",
  "defaultTdol",
  "onlinePin",
  "transactionLimit",
] as const;

/** Terminal Floor Limit (9F1B) and the threshold are 4-byte binary. */
const MAX_BINARY_AMOUNT = 0xffffffff;
/** A DOL is the value of a tag (9F49, 97) of at most 252 bytes. */
const MAX_DOL_BYTES = 252;

/**
 * A DOL's entries (Book 3 §5.4).
 * @throws ConfigError `CONFIG_FIELD` when it is not hex or not a list of tags and lengths
 */
function readDol(value: unknown, path: string, min: number): { bytes: Uint8Array; entries: DolEntry[] } {
  const bytes = readHex(value, path, min, MAX_DOL_BYTES);
  try {
    return { bytes, entries: parseDol(bytes) };
  } catch {
    throw new ConfigError("CONFIG_FIELD", path, "a DOL expected: tags of one to three bytes, each followed by a one-byte length (EMV Book 3 §5.4)");
  }
}

function readDdol(value: unknown, path: string): Uint8Array {
  const { bytes, entries } = readDol(value, path, 3);
  // Book 2, dynamic data authentication: a DDOL without the Unpredictable Number lets a card replay its signature
  if (!entries.some((e) => e.tag === "9F37")) throw new ConfigError("CONFIG_FIELD", path, "a DDOL that asks for the Unpredictable Number (9F37) expected");
  let total = 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    total += e.length;
  }
  // the DDOL's data is the data field of INTERNAL AUTHENTICATE
  if (total > 255) throw new ConfigError("CONFIG_FIELD", path, "a DDOL asking for at most 255 bytes expected");
  return bytes;
}

/**
 * One entry of the AID table.
 * @throws ConfigError naming the field at fault
 */
export function readAid(value: unknown, path: string): AidParameters {
  const a = readObject(value, path, AID_FIELDS);
  const at = (key: string) => fieldPath(path, key);
  const get = (key: (typeof AID_FIELDS)[number]) => required(a, path, key);
  const aid = readHex(get("aid"), at("aid"), 5, 16);
  const label = readText(get("label"), at("label"), 1, 16);
  const partialSelection = readBoolean(get("partialSelection"), at("partialSelection"));
  const priority = readInteger(get("priority"), at("priority"), 1, 15);
  const applicationVersions = readList(get("applicationVersions"), at("applicationVersions"), 1, 4, (v, p) => readHex(v, p, 2));
  refuseDuplicates(applicationVersions, at("applicationVersions"), toHex, "version");
  const tacDenial = readHex(get("tacDenial"), at("tacDenial"), 5);
  const tacOnline = readHex(get("tacOnline"), at("tacOnline"), 5);
  const tacDefault = readHex(get("tacDefault"), at("tacDefault"), 5);
  const floorLimit = readInteger(get("floorLimit"), at("floorLimit"), 0, MAX_BINARY_AMOUNT);
  const threshold = readInteger(get("threshold"), at("threshold"), 0, MAX_BINARY_AMOUNT);
  // Book 3 §10.6.2: biased selection runs between the threshold and the floor limit
  if (threshold > 0 && threshold >= floorLimit) throw new ConfigError("CONFIG_FIELD", at("threshold"), "0 or less than floorLimit expected");
  const targetPercentage = readInteger(get("targetPercentage"), at("targetPercentage"), 0, 99);
  const maxTargetPercentage = readInteger(get("maxTargetPercentage"), at("maxTargetPercentage"), 0, 99);
  if (targetPercentage > maxTargetPercentage) throw new ConfigError("CONFIG_FIELD", at("targetPercentage"), "at most maxTargetPercentage expected");
  const defaultDdol = readDdol(get("defaultDdol"), at("defaultDdol"));
  const tdol = optional(a, "defaultTdol");
  const defaultTdol = tdol === undefined ? new Uint8Array(0) : readDol(tdol, at("defaultTdol"), 0).bytes;
  const onlinePin = readBoolean(get("onlinePin"), at("onlinePin"));
  const out: AidParameters = {
    aid,
    label,
    partialSelection,
    priority,
    applicationVersions,
    tacDenial,
    tacOnline,
    tacDefault,
    floorLimit,
    threshold,
    targetPercentage,
    maxTargetPercentage,
    defaultDdol,
    defaultTdol,
    onlinePin,
  };
  const limit = optional(a, "transactionLimit");
  if (limit !== undefined) out.transactionLimit = readInteger(limit, at("transactionLimit"), 1, MAX_AMOUNT);
  // kept for the terminal's life: the byte fields on one buffer
  const packed = packBytes([aid, tacDenial, tacOnline, tacDefault, defaultDdol, defaultTdol, ...applicationVersions]);
  [out.aid, out.tacDenial, out.tacOnline, out.tacDefault, out.defaultDdol, out.defaultTdol] = packed;
  out.applicationVersions = packed.slice(6);
  return out;
}

/**
 * The AID table: 1-32 applications, no AID twice.
 * @throws ConfigError naming the entry and field at fault; `CONFIG_DUPLICATE` for an AID listed twice
 */
export function readAids(value: unknown, path: string): AidParameters[] {
  const aids = readList(value, path, 1, 32, readAid);
  refuseDuplicates(aids, path, (a) => toHex(a.aid), "AID");
  return aids;
}
