import { concat, constantTimeEqual, wipe } from "../../core/bytes.ts";
import { XsposError } from "../../core/error.ts";
import { fromHex, toHex } from "../../core/hex.ts";
import type { PaddingMethod } from "../../crypto/padding.ts";
import type { Crypto } from "../../crypto/port.ts";
import { EmvError } from "../error.ts";
import { applicationCryptogram } from "./application-cryptogram.ts";
import { arpcMethod1, arpcMethod2 } from "./arpc.ts";
import { checkLength } from "./check.ts";
import { deriveIccMasterKey, type IccMasterKeyOption } from "./icc-master-key.ts";
import { emvSessionKey, mastercardSessionKey } from "./session-key.ts";

/**
 * One issuer-side computation from the names and hex a command line gives
 * (`xspos emv cryptogram`): ICC master key, session key, the application
 * cryptogram over the data, its comparison with the card's, and the ARPC.
 */

/** Longest cryptogram data taken: a CDOL's 255 bytes and the ICC data a scheme appends. */
export const MAX_CRYPTOGRAM_DATA_BYTES = 512;

type ArpcKey = "session" | "master";

/** What a session key method implies, and the defaults it gives the other choices. */
interface SessionKeyProfile {
  name: string;
  /** the session key, and the R it was diversified with (none when the master key is the session key) */
  derive(crypto: Crypto, masterKey: Uint8Array, atc: Uint8Array, un: Uint8Array | undefined): { key: Uint8Array; r?: Uint8Array };
  usesUn: boolean;
  masterKeyOption: IccMasterKeyOption;
  padding: PaddingMethod;
  arpcMethod: 1 | 2;
  arpcKey: ArpcKey;
}

function atcR(atc: Uint8Array, un?: Uint8Array): Uint8Array {
  const r = new Uint8Array(8);
  r.set(atc);
  if (un) r.set(un, 4);
  return r;
}

// Keyed by lower-case name in a Map, so that a name from the command line
// (`__proto__`, `constructor`) finds nothing rather than a prototype member.
const SESSION_KEY_METHODS = new Map<string, SessionKeyProfile>([
  [
    // EMV 4.4 Book 2 A1.3.1 with R = ATC || 00..00; the ARPC under the session key (Book 2 §8.2)
    "common",
    {
      name: "common",
      derive: (crypto, mk, atc) => ({ key: emvSessionKey(crypto, mk, atc), r: atcR(atc) }),
      usesUn: false,
      masterKeyOption: "optionA",
      padding: 2,
      arpcMethod: 1,
      arpcKey: "session",
    },
  ],
  [
    // M/Chip proprietary SKD (CVN 16, 17): R = ATC || 00 00 || UN; ARPC method 1 under the ICC
    // master key, as pyemv (cvn.MasterCardCVN16) and jPOS (SKDMethod.MCHIP) publish it
    "mastercard",
    {
      name: "mastercard",
      derive: (crypto, mk, atc, un) => ({ key: mastercardSessionKey(crypto, mk, atc, un!), r: atcR(atc, un) }),
      usesUn: true,
      masterKeyOption: "optionA",
      padding: 2,
      arpcMethod: 1,
      arpcKey: "master",
    },
  ],
  [
    // Visa CVN 10 (VSDC): no session key, the ICC master key (UDK) computes the cryptogram
    // with zero padding and the ARPC by method 1 (pyemv cvn.VisaCVN10, jPOS SKDMethod.VSDC)
    "visa-cvn10",
    {
      name: "visa-cvn10",
      derive: (_crypto, mk) => ({ key: mk.slice() }),
      usesUn: false,
      masterKeyOption: "optionA",
      padding: 1,
      arpcMethod: 1,
      arpcKey: "master",
    },
  ],
  [
    // Visa CVN 18: option B master key, common session key, padding method 2, ARPC method 2
    // under the session key (pyemv cvn.VisaCVN18)
    "visa-cvn18",
    {
      name: "visa-cvn18",
      derive: (crypto, mk, atc) => ({ key: emvSessionKey(crypto, mk, atc), r: atcR(atc) }),
      usesUn: false,
      masterKeyOption: "optionB",
      padding: 2,
      arpcMethod: 2,
      arpcKey: "session",
    },
  ],
]);

const MASTER_KEY_OPTIONS = new Map<string, IccMasterKeyOption>([
  ["optiona", "optionA"],
  ["optionb", "optionB"],
]);
const PADDINGS = new Map<string, PaddingMethod>([
  ["1", 1],
  ["2", 2],
]);
const ARPC_METHODS = new Map<string, 1 | 2>([
  ["1", 1],
  ["2", 2],
]);
const ARPC_KEYS = new Map<string, ArpcKey>([
  ["session", "session"],
  ["master", "master"],
]);

/** The names `sessionKey` takes. */
export const SESSION_KEY_METHOD_NAMES: readonly string[] = [...SESSION_KEY_METHODS.keys()];

/** The input of {@link emvCryptogram}: names and hex, as a command line gives them. */
export interface EmvCryptogramRequest {
  /** the issuer master key for application cryptograms, 16 bytes hex */
  imk: string;
  /** 8 to 19 digits */
  pan: string;
  /** the PAN sequence number (5F34), 2 digits; default `00` */
  psn?: string;
  /** `optionA` or `optionB` (Book 2 A1.4.1, A1.4.2); default: the session key method's */
  method?: string;
  /** `common`, `mastercard`, `visa-cvn10` or `visa-cvn18` */
  sessionKey: string;
  /** the ATC (9F36), 2 bytes hex; `visa-cvn10` does not use it (it is in the data) */
  atc: string;
  /** the Unpredictable Number (9F37), 4 bytes hex: required by `mastercard`, refused by the others */
  un?: string;
  /** the data the cryptogram covers, hex, 1 to {@link MAX_CRYPTOGRAM_DATA_BYTES} bytes */
  data: string;
  /** ISO/IEC 9797-1 padding method of the cryptogram, 1 or 2; default: the session key method's */
  padding?: string | number;
  /** the card's cryptogram (9F26), 8 bytes hex: compared with the computed one, and the ARPC answers it */
  arqc?: string;
  /** ARPC method, 1 or 2; default: the session key method's */
  arpcMethod?: string | number;
  /** `session` or `master`: which key computes the ARPC; default: the session key method's */
  arpcKey?: string;
  /** the Authorisation Response Code, 2 bytes hex (ARPC method 1) */
  arc?: string;
  /** the Card Status Update, 4 bytes hex (ARPC method 2) */
  csu?: string;
  /** Proprietary Authentication Data, 0 to 8 bytes hex (ARPC method 2) */
  proprietaryData?: string;
}

/** The answer of {@link emvCryptogram}; byte strings are upper-case hex. */
export interface EmvCryptogramResult {
  method: IccMasterKeyOption;
  sessionKeyMethod: string;
  iccMasterKey: string;
  /** the first 3 bytes of TDES(key, zeros) */
  iccMasterKeyCheckValue: string;
  /** the diversification value R of Book 2 A1.3.1, when the session key is derived */
  r?: string;
  sessionKey: string;
  sessionKeyCheckValue: string;
  padding: PaddingMethod;
  /** the cryptogram computed over the data (ARQC, TC and AAC alike) */
  arqc: string;
  /** whether the given ARQC equals the computed one; present when one is given */
  arqcMatches?: boolean;
  arpcMethod: 1 | 2;
  arpcKey: ArpcKey;
  /** over the given ARQC, else the computed one; present when the ARC (method 1) or CSU (method 2) is given */
  arpc?: string;
  /** the value of tag 91: ARPC || ARC, or ARPC || CSU || Proprietary Authentication Data */
  issuerAuthenticationData?: string;
}

function lookup<T>(table: Map<string, T>, value: unknown, what: string, names: string): T {
  const found = typeof value === "string" || typeof value === "number" ? table.get(String(value).toLowerCase()) : undefined;
  if (found === undefined) throw new EmvError("EMV_CRYPTOGRAM_OPTION", `unknown ${what} ${JSON.stringify(String(value).slice(0, 32))}; it is one of ${names}`);
  return found;
}

function chosen<T>(table: Map<string, T>, value: unknown, fallback: T, what: string, names: string): T {
  return value === undefined ? fallback : lookup(table, value, what, names);
}

function hexField(text: string | undefined, what: string): Uint8Array | undefined {
  if (text === undefined) return undefined;
  if (typeof text !== "string") throw new EmvError("EMV_DATA", `the ${what} must be hex`);
  try {
    return fromHex(text);
  } catch (e) {
    if (e instanceof XsposError) throw new EmvError("EMV_DATA", `the ${what}: ${e.message}`);
    throw e;
  }
}

function requiredHex(text: string | undefined, what: string): Uint8Array {
  const bytes = hexField(text, what);
  if (bytes === undefined) throw new EmvError("EMV_DATA", `the ${what} is missing`);
  return bytes;
}

function checkValue(crypto: Crypto, key: Uint8Array): string {
  return toHex(crypto.blockEncrypt("TDES", "ECB", key, new Uint8Array(8)).subarray(0, 3));
}

/**
 * Derives the ICC master key and the session key, computes the cryptogram
 * over the data, compares it with the card's when given, and computes the
 * ARPC when its input (ARC or CSU) is given. Every intermediate key is
 * wiped before returning; only their hex leaves, in the result.
 * @throws EmvError `EMV_CRYPTOGRAM_OPTION` (a request that is not an object, an unknown name, the UN with a
 *   method that does not use it, the ARC with ARPC method 2, the CSU or
 *   Proprietary Authentication Data with method 1), `EMV_KEY`, `EMV_DATA`
 */
export function emvCryptogram(crypto: Crypto, request: EmvCryptogramRequest): EmvCryptogramResult {
  const sessionKeyNames = SESSION_KEY_METHOD_NAMES.join(", ");
  // a request read from JSON may be anything: only an object has options
  if (request === null || typeof request !== "object") throw new EmvError("EMV_CRYPTOGRAM_OPTION", "the request is an object of options");
  if (request.sessionKey === undefined) throw new EmvError("EMV_CRYPTOGRAM_OPTION", `the session key method is missing; it is one of ${sessionKeyNames}`);
  const profile = lookup(SESSION_KEY_METHODS, request.sessionKey, "session key method", sessionKeyNames);
  const method = chosen(MASTER_KEY_OPTIONS, request.method, profile.masterKeyOption, "master key derivation", "optionA, optionB");
  const padding = chosen(PADDINGS, request.padding, profile.padding, "padding method", "1, 2");
  const arpcMethod = chosen(ARPC_METHODS, request.arpcMethod, profile.arpcMethod, "ARPC method", "1, 2");
  const arpcKey = chosen(ARPC_KEYS, request.arpcKey, profile.arpcKey, "ARPC key", "session, master");
  if (request.un !== undefined && !profile.usesUn) throw new EmvError("EMV_CRYPTOGRAM_OPTION", `the ${profile.name} session key does not use the unpredictable number`);
  if (arpcMethod === 1 && (request.csu !== undefined || request.proprietaryData !== undefined)) {
    throw new EmvError("EMV_CRYPTOGRAM_OPTION", "ARPC method 1 takes an ARC, not a CSU or Proprietary Authentication Data");
  }
  if (arpcMethod === 2 && request.arc !== undefined) throw new EmvError("EMV_CRYPTOGRAM_OPTION", "ARPC method 2 takes a CSU, not an ARC");

  const atc = requiredHex(request.atc, "ATC");
  checkLength(atc, 2, "ATC");
  const un = profile.usesUn ? requiredHex(request.un, "unpredictable number") : undefined;
  if (un) checkLength(un, 4, "unpredictable number");
  const data = requiredHex(request.data, "cryptogram data");
  if (data.length > MAX_CRYPTOGRAM_DATA_BYTES) throw new EmvError("EMV_DATA", `the cryptogram data is at most ${MAX_CRYPTOGRAM_DATA_BYTES} bytes, got ${data.length}`);
  const given = hexField(request.arqc, "ARQC");
  if (given) checkLength(given, 8, "ARQC");
  const arc = hexField(request.arc, "ARC");
  const csu = hexField(request.csu, "CSU");
  const proprietary = hexField(request.proprietaryData, "Proprietary Authentication Data");

  const imk = requiredHex(request.imk, "issuer master key");
  let mk: Uint8Array | undefined;
  let sk: Uint8Array | undefined;
  try {
    mk = deriveIccMasterKey(crypto, imk, request.pan, request.psn ?? "00", method);
    const session = profile.derive(crypto, mk, atc, un);
    sk = session.key;
    const computed = applicationCryptogram(crypto, sk, data, padding);
    const result: EmvCryptogramResult = {
      method,
      sessionKeyMethod: profile.name,
      iccMasterKey: toHex(mk),
      iccMasterKeyCheckValue: checkValue(crypto, mk),
      ...(session.r ? { r: toHex(session.r) } : {}),
      sessionKey: toHex(sk),
      sessionKeyCheckValue: checkValue(crypto, sk),
      padding,
      arqc: toHex(computed),
      ...(given ? { arqcMatches: constantTimeEqual(computed, given) } : {}),
      arpcMethod,
      arpcKey,
    };
    const answered = given ?? computed;
    const key = arpcKey === "master" ? mk : sk;
    if (arpcMethod === 1 && arc) {
      const arpc = arpcMethod1(crypto, key, answered, arc);
      result.arpc = toHex(arpc);
      result.issuerAuthenticationData = toHex(concat(arpc, arc));
    } else if (arpcMethod === 2 && csu) {
      const arpc = arpcMethod2(crypto, key, answered, csu, proprietary);
      result.arpc = toHex(arpc);
      result.issuerAuthenticationData = toHex(concat(arpc, csu, proprietary ?? new Uint8Array(0)));
    }
    return result;
  } finally {
    wipe(imk, mk, sk);
  }
}
