import { fromHex } from "../../../modules/core/hex.ts";
import { concat } from "../../../modules/core/bytes.ts";
import { dolJson } from "../../../modules/emv/dol-json.ts";
import { EMV_FIELDS, decodeEmvField } from "../../../modules/emv/fields.ts";
import { encodeTlv } from "../../../modules/emv/tlv.ts";
import { emvCryptogram, MAX_CRYPTOGRAM_DATA_BYTES, SESSION_KEY_METHOD_NAMES } from "../../../modules/emv/issuer/cryptogram-request.ts";
import { NodeCrypto } from "../../node/node-crypto.ts";
import { emvCapkCommand, emvOdaCommand, emvRunCommand } from "./emv-tools.ts";
import { XsposError } from "../../../modules/core/error.ts";
import { flag, option, usageError, type Args } from "../args.ts";
import { CliError } from "../cli-error.ts";
import type { GroupCommand, LeafCommand } from "../command.ts";
import { hexInput } from "../input.ts";
import { topLevelKeys } from "../json-keys.ts";

/** Most bytes of a decoded field: a CVM list of 125 rules is the longest. */
export const MAX_FIELD_BYTES = 260;
/** Most bytes of a DOL: 255 bytes of data asked, in entries of at least two bytes each. */
export const MAX_DOL_BYTES = 1024;
/** Most characters of `--data` as JSON. */
export const MAX_DOL_DATA_JSON = 16384;

/** The field names for the help text, a few to a line. */
function fieldNames(): string {
  const lines: string[] = [];
  let line = "";
  for (const item of [...EMV_FIELDS.map((f) => `${f.name} (${f.tag})`), "dol (any DOL)"]) {
    if (line.length + item.length > 70) {
      lines.push(line + ",");
      line = item;
    } else line = line ? `${line}, ${item}` : item;
  }
  return [...lines, line].join("\n");
}

const decodeCommand: LeafCommand = {
  name: "decode",
  summary: "a bit-field EMV data element decoded (TVR, TSI, AIP, AUC, CVM list, ...)",
  description:
    "One EMV data element decoded bit by bit, with the names EMV Books 3 and 4\n" +
    "give them:\n" + fieldNames() + ".\n" +
    "The field is named or given by its tag, in any case. Prints the bits set\n" +
    "(a DOL: each entry's tag, name and length);\n" +
    "--all prints every bit with its value.",
  options: [{ name: "all", kind: "flag", help: "every bit of the field, set or not" }],
  positionals: [
    { name: "field", kind: "text", limit: 16, help: "the field: a name (tvr, tsi, aip, ...) or its tag (95, 9B, 82, ...)" },
    { name: "hex", kind: "hex", limit: MAX_FIELD_BYTES, help: "the field's value, hex" },
  ],
  run: (args: Args) => decodeEmvField(args.positional[0], hexInput(args.positional[1], "<hex>"), { all: flag(args, "all") }),
};

/** `{"9F02":"000000001000", ...}` to the BER-TLV the DOL builder reads its values from. */
function dataOf(json: string | undefined): Uint8Array {
  if (json === undefined) return new Uint8Array(0);
  let input: unknown;
  try {
    input = JSON.parse(json);
  } catch {
    throw new CliError("INPUT_FORMAT", '--data must be JSON: {"9F02":"000000001000","5F2A":"0978"}');
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) throw new CliError("INPUT_FORMAT", "--data must be a JSON object of tag → hex value");
  // a tag given twice, in the same case or not, would leave the DOL one value of the two unsaid
  const seen = new Set<string>();
  for (const key of topLevelKeys(json)) {
    const tag = key.toUpperCase();
    if (seen.has(tag)) throw new CliError("INPUT_FORMAT", `--data gives the tag ${JSON.stringify(tag.slice(0, 6))} twice (tags are read in any case)`);
    seen.add(tag);
  }
  const parts: Uint8Array[] = [];
  for (const [tag, value] of Object.entries(input as Record<string, unknown>)) {
    if (typeof value !== "string") throw new CliError("INPUT_FORMAT", `--data: the value of ${JSON.stringify(tag)} must be a hex string`);
    try {
      parts.push(encodeTlv(tag.toUpperCase(), fromHex(value)));
    } catch (e) {
      if (e instanceof XsposError) throw new XsposError(e.code, `--data ${JSON.stringify(tag)}: ${e.message}`);
      throw e;
    }
  }
  return concat(...parts);
}

const dolCommand: LeafCommand = {
  name: "dol",
  summary: "the data a DOL asks for (PDOL, CDOL1, CDOL2, DDOL, TDOL), built per EMV Book 3 §5.4",
  description:
    "The data a data object list asks for, built by EMV Book 3 §5.4: numeric\n" +
    "values right-justified with leading zeros or cut on the left, others\n" +
    "left-justified with trailing zeros (cn with trailing FF) or cut on the\n" +
    "right, unknown, absent and constructed tags as zeros. Prints the data and,\n" +
    "per entry, the length asked, the value given and how it was filled.\n" +
    "Cardholder data is masked unless --reveal.",
  options: [
    { name: "dol", kind: "hex", placeholder: "HEX", limit: MAX_DOL_BYTES, required: true, help: "the DOL: tags and lengths, hex (e.g. the value of 9F38 or 8C)" },
    { name: "data", kind: "text", placeholder: "JSON", limit: MAX_DOL_DATA_JSON, help: 'the terminal\'s values, tag → hex: {"9F02":"000000001000","5F2A":"0978"}' },
    { name: "reveal", kind: "flag", help: "show PAN, tracks and names in full" },
  ],
  positionals: [],
  run: (args: Args) => dolJson(hexInput(option(args, "dol")!, "--dol"), dataOf(option(args, "data")), { reveal: flag(args, "reveal") }),
};

const cryptogramCommand: LeafCommand = {
  name: "cryptogram",
  summary: "issuer side: ICC master key, session key, ARQC/TC/AAC and its check, ARPC",
  description:
    "The issuer's computations for testing a host or a card (EMV 4.4 Book 2\n" +
    "A1.3, A1.4, §8.2): the ICC master key from the issuer master key, PAN and\n" +
    "PAN sequence number (option A, or B for PANs over 16 digits), the session\n" +
    "key (common: EMV common session key, R = ATC; mastercard: M/Chip SKD,\n" +
    "R = ATC || 0000 || UN; visa-cvn10: the ICC master key itself; visa-cvn18:\n" +
    "option B and the common session key), the application cryptogram over\n" +
    "--data (ISO/IEC 9797-1 MAC algorithm 3), its comparison with --arqc, and\n" +
    "the ARPC (method 1 with --arc, method 2 with --csu). The session key\n" +
    "method sets the defaults of --method, --padding, --arpc-method and\n" +
    "--arpc-key. Keys are printed: use test keys only.",
  options: [
    { name: "imk", kind: "hex", placeholder: "HEX", limit: 16, required: true, help: "the issuer master key for application cryptograms (16 bytes)" },
    { name: "pan", kind: "text", placeholder: "PAN", limit: 19, required: true, help: "the PAN, 8 to 19 digits" },
    { name: "psn", kind: "text", placeholder: "NN", limit: 2, help: "the PAN sequence number (5F34), 2 digits; 00 by default" },
    { name: "session-key", kind: "choice", choices: SESSION_KEY_METHOD_NAMES, required: true, help: "the session key method" },
    { name: "method", kind: "choice", choices: ["optionA", "optionB"], help: "the ICC master key derivation (Book 2 A1.4.1 or A1.4.2)" },
    { name: "atc", kind: "hex", placeholder: "HEX", limit: 2, required: true, help: "the ATC (9F36), 2 bytes" },
    { name: "un", kind: "hex", placeholder: "HEX", limit: 4, help: "the unpredictable number (9F37), 4 bytes: mastercard only", onlyWith: { option: "session-key", values: ["mastercard"] } },
    { name: "data", kind: "hex", placeholder: "HEX", limit: MAX_CRYPTOGRAM_DATA_BYTES, required: true, help: "the data the cryptogram covers (CDOL1 data and what the scheme appends)" },
    { name: "padding", kind: "choice", choices: ["1", "2"], help: "ISO/IEC 9797-1 padding method of the cryptogram" },
    { name: "arqc", kind: "hex", placeholder: "HEX", limit: 8, help: "the card's cryptogram (9F26), compared with the computed one" },
    { name: "arpc-method", kind: "choice", choices: ["1", "2"], help: "ARPC method (Book 2 §8.2.1 or §8.2.2); with --arc or --csu" },
    { name: "arpc-key", kind: "choice", choices: ["session", "master"], help: "which key computes the ARPC; with --arc or --csu" },
    { name: "arc", kind: "hex", placeholder: "HEX", limit: 2, help: "the authorisation response code (8A), for ARPC method 1" },
    { name: "csu", kind: "hex", placeholder: "HEX", limit: 4, help: "the card status update, for ARPC method 2" },
    { name: "proprietary-data", kind: "hex", placeholder: "HEX", limit: 8, onlyWith: { option: "csu" }, help: "proprietary authentication data, for ARPC method 2" },
  ],
  positionals: [],
  run: (args: Args) => {
    // an ARPC choice with nothing to compute the ARPC over would be silently unused
    if (option(args, "arc") === undefined && option(args, "csu") === undefined) {
      for (const name of ["arpc-method", "arpc-key"]) {
        if (option(args, name) !== undefined) throw usageError("emv cryptogram", `--${name} applies only with --arc (ARPC method 1) or --csu (method 2)`);
      }
    }
    return emvCryptogram(new NodeCrypto(), {
      imk: option(args, "imk")!,
      pan: option(args, "pan")!,
      psn: option(args, "psn"),
      method: option(args, "method"),
      sessionKey: option(args, "session-key")!,
      atc: option(args, "atc")!,
      un: option(args, "un"),
      data: option(args, "data")!,
      padding: option(args, "padding"),
      arqc: option(args, "arqc"),
      arpcMethod: option(args, "arpc-method"),
      arpcKey: option(args, "arpc-key"),
      arc: option(args, "arc"),
      csu: option(args, "csu"),
      proprietaryData: option(args, "proprietary-data"),
    });
  },
};

/** `xspos emv decode|dol|cryptogram`: the payment engineer's EMV tools. */
export const emvCommand: GroupCommand = {
  name: "emv",
  summary: "EMV tools: decode, DOL data, issuer cryptograms, offline data authentication, CA keys, whole transactions",
  description: "EMV tools for payment engineers: decode (TVR, TSI, AIP, AUC, CVM list and\nresults, terminal capabilities, CID, ...), dol (Book 3 §5.4 data building),\ncryptogram (the issuer's ARQC check and ARPC), oda (certificates and\nsignatures), capk (the CA keys and their check values) and run (a whole\ntransaction against a virtual card, or a scenario of the suite).",
  subcommands: [decodeCommand, dolCommand, cryptogramCommand, emvOdaCommand, emvCapkCommand, emvRunCommand],
};
