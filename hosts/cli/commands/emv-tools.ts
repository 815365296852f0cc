import { emvRun } from "../../emv-scenarios/index.ts";
import { emvCapk, emvOda } from "../../emv-tools/index.ts";
import { option, type Args } from "../args.ts";
import { CliError } from "../cli-error.ts";
import type { LeafCommand, OptionSpec } from "../command.ts";
import { MAX_PATH_CHARS, readBoundedFile } from "../input.ts";
import { MAX_FILE_BYTES } from "../../emv-scenarios/files.ts";

/** Most bytes of one certificate, signature or data argument: a 1984-bit key's 248 bytes, and room for data. */
const MAX_ODA_BYTES = 1024;

const MINOR_UNITS = /^[0-9]{1,12}$/;

const CONFIG_OPTION: OptionSpec = {
  name: "config",
  kind: "text",
  placeholder: "FILE",
  limit: MAX_PATH_CHARS,
  help: "a terminal configuration (JSON file, modules/config); the sample configuration when absent. The project's test CA keys are added",
};

/**
 * Refuses a `--config` file the command could not read to its end at once,
 * as every command refuses its unreadable files, before the configuration
 * is parsed (a FIFO is never waited on).
 * @throws CliError `FILE_UNREADABLE` (missing, unreadable, a directory, FIFO, socket or terminal), `INPUT_TOO_LARGE`
 */
function checkConfigFile(path: string | undefined): void {
  if (path === undefined) return;
  try {
    readBoundedFile(path, MAX_FILE_BYTES);
  } catch (e) {
    if (e instanceof CliError) throw new CliError(e.code, `--config: ${e.message}`);
    throw e;
  }
}

function amountOf(args: Args): number | undefined {
  const text = option(args, "amount");
  if (text === undefined) return undefined;
  if (!MINOR_UNITS.test(text)) throw new CliError("INPUT_FORMAT", "--amount is a whole number of minor units, at most 12 digits");
  return Number(text);
}

/** `xspos emv run`: one transaction against a virtual card, or a scenario (or a folder of them) judged. */
export const emvRunCommand: LeafCommand = {
  name: "run",
  summary: "a whole EMV transaction against the card emulator, or scenarios of the suite judged",
  description:
    "A whole contact transaction through the project's EMV kernel against a\n" +
    "virtual card (a test card's name from test/emv/cards, or a card profile\n" +
    "file), through the slot driver, with the issuer played from the card's\n" +
    "keys: TVR, TSI, CVM results, each GENERATE AC's cryptogram, the outcome\n" +
    "and the APDU trace (PAN masked, VERIFY data never shown). --card and\n" +
    "--amount are required in this form; without --online the terminal has no\n" +
    "host, so a card that approves or declines offline completes and an ARQC\n" +
    "ends as unable to go online.\n" +
    "--scenario runs one scenario of test/emv/scenarios (by name or path), or\n" +
    "with `all` or a folder's path every scenario there (one JSON: each result\n" +
    "and a summary), and judges every expected field; it takes no other\n" +
    "option. Exit status 1 when a scenario fails its expectations, 2 on bad\n" +
    "input (an unreadable or malformed scenario, card or configuration).",
  forms: ["--card CARD --amount MINOR [--online approve|decline|unreachable] [--config FILE] [--pin DIGITS]", "--scenario NAME|FILE|FOLDER|all"],
  options: [
    { name: "card", kind: "text", placeholder: "CARD", limit: MAX_PATH_CHARS, help: "a test card's name (dda, cda, offline-plaintext-pin, ...) or a profile file; required without --scenario" },
    { name: "amount", kind: "text", placeholder: "MINOR", limit: 32, help: "Amount, Authorised in minor units of the terminal's currency; required without --scenario" },
    CONFIG_OPTION,
    { name: "pin", kind: "text", placeholder: "DIGITS", limit: 32, help: "the PIN typed at each PIN prompt, 4-12 digits (never printed); without it prompts are bypassed" },
    { name: "online", kind: "choice", choices: ["approve", "decline", "unreachable"], help: "how the host answers a request to go online; without it there is no host and an ARQC ends as unable to go online" },
    { name: "scenario", kind: "text", placeholder: "NAME|FILE|FOLDER|all", limit: MAX_PATH_CHARS, help: "a scenario's name or file, a folder of scenarios, or all (test/emv/scenarios): run and judge; exit 1 when one fails" },
  ],
  positionals: [],
  run: (args: Args) => {
    const scenario = option(args, "scenario");
    if (scenario !== undefined) {
      for (const other of ["card", "amount", "config", "pin", "online"]) {
        if (option(args, other) !== undefined) throw new CliError("USAGE", `--${other} does not go with --scenario; run xspos emv run --help for its usage`);
      }
      return emvRun({ scenario });
    }
    const card = option(args, "card");
    const amount = amountOf(args);
    const online = option(args, "online") as "approve" | "decline" | "unreachable" | undefined;
    if (card === undefined || amount === undefined) {
      throw new CliError("USAGE", "xspos emv run needs --card and --amount (--online optional), or --scenario alone; run xspos emv run --help for its usage");
    }
    const config = option(args, "config");
    checkConfigFile(config);
    return emvRun({ card, amount, ...(online ? { online } : {}), config, pin: option(args, "pin") });
  },
  // a scenario (or a suite) that failed its expectations: the report is printed, the status says it failed
  exitStatus: (output) => ((output as { pass?: unknown }).pass === false ? 1 : 0),
};

function hex(name: string, help: string, required = false): OptionSpec {
  return { name, kind: "hex", placeholder: "HEX", limit: MAX_ODA_BYTES, help, ...(required ? { required } : {}) };
}

/** `xspos emv oda`: certificates recovered and checked, then SDA, DDA or CDA. */
export const emvOdaCommand: LeafCommand = {
  name: "oda",
  summary: "offline data authentication: recover and check certificates, then SDA, DDA or CDA",
  description:
    "Offline data authentication step by step (EMV 4.4 Book 2): the issuer\n" +
    "public-key certificate recovered under a CA key (--rid and --index among\n" +
    "the configuration's and the test CA keys, or --modulus and --exponent),\n" +
    "then the ICC certificate, then the SDA signature (--ssad), the DDA\n" +
    "signature (--sdad with --dynamic-data) or the CDA signature\n" +
    "(--cda-response with the DOL data). Prints every recovered field, the\n" +
    "verdict and, on failure, the step and its reason.",
  options: [
    { name: "rid", kind: "hex", placeholder: "HEX", limit: 5, help: "the CA key's RID (5 bytes)" },
    { name: "index", kind: "hex", placeholder: "HEX", limit: 1, help: "the CA key's index (8F)" },
    hex("modulus", "the CA key's modulus, when given whole"),
    hex("exponent", "the CA key's exponent, when given whole"),
    CONFIG_OPTION,
    hex("issuer-cert", "Issuer Public Key Certificate (90)", true),
    hex("issuer-remainder", "Issuer Public Key Remainder (92)"),
    hex("issuer-exponent", "Issuer Public Key Exponent (9F32)", true),
    hex("icc-cert", "ICC Public Key Certificate (9F46)"),
    hex("icc-remainder", "ICC Public Key Remainder (9F48)"),
    hex("icc-exponent", "ICC Public Key Exponent (9F47)"),
    hex("static-data", "the static data to be authenticated (Book 3 §10.3)"),
    hex("ssad", "Signed Static Application Data (93): check SDA"),
    hex("sdad", "Signed Dynamic Application Data (9F4B): check DDA"),
    hex("dynamic-data", "the DDOL data sent with INTERNAL AUTHENTICATE"),
    hex("cda-response", "the GENERATE AC response (template 77): check CDA"),
    { name: "unpredictable-number", kind: "hex", placeholder: "HEX", limit: 4, help: "CDA: the Unpredictable Number (9F37)" },
    hex("pdol-data", "CDA: the PDOL data of GET PROCESSING OPTIONS"),
    hex("cdol1-data", "CDA: the CDOL1 data"),
    hex("cdol2-data", "CDA: the CDOL2 data, for a second GENERATE AC"),
    { name: "pan", kind: "text", placeholder: "PAN", limit: 19, required: true, help: "the application PAN (5A), digits" },
    { name: "date", kind: "text", placeholder: "YYMMDD", limit: 6, help: "the transaction date the certificates are checked against; today (UTC) by default" },
  ],
  positionals: [],
  run: (args: Args) => {
    const o = (name: string) => option(args, name);
    const rid = o("rid");
    const index = o("index");
    const modulus = o("modulus");
    const exponent = o("exponent");
    let caKey: { rid: string; index: string } | { modulus: string; exponent: string; rid?: string; index?: string };
    if (modulus !== undefined || exponent !== undefined) {
      if (modulus === undefined || exponent === undefined) throw new CliError("USAGE", "--modulus and --exponent go together; run xspos emv oda --help for its usage");
      caKey = { modulus, exponent, ...(rid !== undefined ? { rid } : {}), ...(index !== undefined ? { index } : {}) };
    } else {
      if (rid === undefined || index === undefined) throw new CliError("USAGE", "name the CA key by --rid and --index, or give --modulus and --exponent; run xspos emv oda --help for its usage");
      caKey = { rid, index };
      // the configuration is read only to look a named key up (with a key given whole, emvOda refuses it)
      checkConfigFile(o("config"));
    }
    return emvOda({
      caKey,
      config: o("config"),
      issuerCert: o("issuer-cert")!,
      issuerRemainder: o("issuer-remainder"),
      issuerExponent: o("issuer-exponent")!,
      iccCert: o("icc-cert"),
      iccRemainder: o("icc-remainder"),
      iccExponent: o("icc-exponent"),
      staticData: o("static-data"),
      ssad: o("ssad"),
      sdad: o("sdad"),
      dynamicData: o("dynamic-data"),
      cdaResponse: o("cda-response"),
      unpredictableNumber: o("unpredictable-number"),
      pdolData: o("pdol-data"),
      cdol1Data: o("cdol1-data"),
      cdol2Data: o("cdol2-data"),
      pan: o("pan")!,
      date: o("date"),
    });
  },
};

/** `xspos emv capk`: the CA public keys the terminal knows, their check values recomputed. */
export const emvCapkCommand: LeafCommand = {
  name: "capk",
  summary: "the CA public keys the terminal knows, with their check values",
  description:
    "The certification authority public keys a terminal holds: with --config,\n" +
    "only that configuration's keys; without it, the sample configuration's\n" +
    "and the project's test CA keys (those the test cards are signed under).\n" +
    "For each: RID, index, size, exponent, expiry, the check value given and\n" +
    "the one computed (SHA-1 over RID, index, modulus and exponent; EMV 4.4\n" +
    "Book 2 §11.2). A key whose check value does not match is refused.",
  options: [{ ...CONFIG_OPTION, help: "a terminal configuration (JSON file, modules/config): list only its keys; the sample configuration and the test CA keys when absent" }],
  positionals: [],
  run: (args: Args) => {
    const config = option(args, "config");
    checkConfigFile(config);
    return emvCapk({ config });
  },
};
