/**
 * `emvCapk`: the CA public keys the terminal knows (EMV 4.4 Book 2 §11.2),
 * each with its check sum recomputed as table 30 defines it, SHA-1 over
 * RID ‖ index ‖ modulus ‖ exponent; a key whose recomputed value is not
 * its check sum is refused, as the terminal refuses to load it.
 */
import { constantTimeEqual } from "../../modules/core/bytes.ts";
import { fromHex, toHex } from "../../modules/core/hex.ts";
import { caKeyCheckValue } from "../../modules/emv/oda/ca-key.ts";
import { NodeCrypto } from "../node/node-crypto.ts";
import { checkConfig, knownCaKeys } from "./ca-key-table.ts";
import { EmvToolError } from "./error.ts";

/** What `emvCapk` takes. */
export interface EmvCapkOptions {
  /** a terminal configuration file's path or its parsed JSON; the sample configuration when absent */
  config?: string | object;
}

/** One key as `emvCapk` lists it. */
export interface CapkEntry {
  rid: string;
  /** CA Public Key Index, hex */
  index: string;
  /** the payment system the RID belongs to, when it is one of the usual ones */
  scheme?: string;
  /** modulus length in bits */
  bits: number;
  exponent: string;
  /** YYYYMMDD */
  expiry: string;
  /** the check sum as the key list gives it */
  checksum: string;
  /** the check sum recomputed (equal to `checksum`, or the key is refused) */
  computed: string;
  source: "sample" | "config" | "test";
}

/** Registered Application Provider Identifiers of the payment systems (ISO/IEC 7816-5 registrations). */
const SCHEMES: Record<string, string> = {
  A000000003: "Visa",
  A000000004: "Mastercard",
  A000000025: "American Express",
  A000000065: "JCB",
  A000000152: "Discover",
  A000000333: "UnionPay",
};

const HEX = /^(?:[0-9A-Fa-f]{2})+$/;
const SHORT_DATE = /^[0-9]{6}$/;
const LONG_DATE = /^[0-9]{8}$/;
const MAX_MODULUS_BYTES = 248;
const MAX_KEYS = 64;

function refuse(message: string): never {
  throw new EmvToolError("EMV_CAPK_INPUT", message);
}

function hexField(key: Record<string, unknown>, field: string, where: string, bytes?: [number, number]): Uint8Array {
  const v = key[field];
  if (typeof v !== "string" || !HEX.test(v)) refuse(`${where}.${field}: hex expected`);
  const out = fromHex(v);
  if (bytes && (out.length < bytes[0] || out.length > bytes[1])) refuse(`${where}.${field}: ${bytes[0] === bytes[1] ? bytes[0] : `${bytes[0]}-${bytes[1]}`} bytes expected`);
  return out;
}

function expiryOf(value: unknown, where: string): string {
  if (typeof value !== "string") refuse(`${where}.expiry: YYMMDD or YYYYMMDD expected`);
  if (LONG_DATE.test(value)) return value;
  if (SHORT_DATE.test(value)) return (Number(value.slice(0, 2)) < 50 ? "20" : "19") + value;
  return refuse(`${where}.expiry: YYMMDD or YYYYMMDD expected`);
}

/**
 * The CA keys a terminal holds: with a configuration given, its `caKeys`
 * and nothing else (what that terminal would load); without one, the
 * sample configuration's keys, then the project's test CA keys it lacks
 * (those the test cards are signed under, which `emv run` adds).
 * @throws EmvToolError `EMV_CAPK_INPUT` for an unknown option or a malformed key, `EMV_CAPK_CHECKSUM` for a key whose check sum does not match; ConfigError `CONFIG_*` for a configuration given that the terminal would refuse; ScenarioError `SCENARIO_FILE`, `SCENARIO_FIELD` for a configuration file that cannot be read or is not JSON
 */
export function emvCapk(options: EmvCapkOptions = {}): { count: number; keys: CapkEntry[] } {
  if (options === null || typeof options !== "object") refuse("an options object expected");
  for (const key of Object.keys(options)) if (key !== "config") refuse(`${key}: not an option of emvCapk`);
  if (options.config !== undefined && typeof options.config !== "string" && (options.config === null || typeof options.config !== "object")) refuse("config: a file path or a configuration object expected");
  const known = knownCaKeys(options.config);
  const { caKeysField, json } = known;
  // a configured terminal holds its own keys only: the test CA keys are the sample listing's, not the terminal's
  const keys = options.config === undefined ? known.keys : known.keys.filter((k) => k.source !== "test");
  if (options.config !== undefined && !Array.isArray(caKeysField)) refuse("config.caKeys: a list of CA keys expected");
  if (Array.isArray(caKeysField) && caKeysField.length > MAX_KEYS) refuse(`config.caKeys: at most ${MAX_KEYS} keys expected`);
  const crypto = new NodeCrypto();
  const out: CapkEntry[] = keys.map(({ key, source }, i) => {
    const where = source === "test" ? `test key ${i}` : `caKeys[${i}]`;
    if (key === null || typeof key !== "object") refuse(`${where}: a CA key object expected`);
    const k = key as unknown as Record<string, unknown>;
    const rid = hexField(k, "rid", where, [5, 5]);
    const index = hexField(k, "index", where, [1, 1]);
    const modulus = hexField(k, "modulus", where, [1, MAX_MODULUS_BYTES]);
    const exponent = hexField(k, "exponent", where, [1, 3]);
    const checksum = hexField(k, "checksum", where, [20, 20]);
    const expiry = expiryOf(k.expiry, where);
    const name = `${toHex(rid)} ${toHex(index)}`;
    const computed = caKeyCheckValue(crypto, { rid, index: index[0], modulus, exponent });
    if (!constantTimeEqual(computed, checksum)) {
      throw new EmvToolError("EMV_CAPK_CHECKSUM", `CA key ${name}: its check sum is not the SHA-1 of its RID, index, modulus and exponent (computed ${toHex(computed)})`);
    }
    const entry: CapkEntry = { rid: toHex(rid), index: toHex(index), bits: modulus.length * 8, exponent: toHex(exponent), expiry, checksum: toHex(checksum), computed: toHex(computed), source };
    const scheme = SCHEMES[entry.rid];
    if (scheme) entry.scheme = scheme;
    return entry;
  });
  // the keys' own faults are named above; then the rest of a configuration given, as the terminal loads it
  if (options.config !== undefined) checkConfig(json);
  return { count: out.length, keys: out };
}
