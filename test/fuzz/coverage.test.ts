/**
 * The fuzzer drives every parser that takes bytes from outside: each
 * exported function of the modules below (what a card, a reader, the
 * printer, the acquirer or the configuration hands the terminal, and the
 * masking of what it shows) is named by a target's `covers`, or listed
 * here as no parser with the reason. A parser exported without a target
 * fails this test. Node only (it imports the Node-only targets too).
 */
import test from "ava";
import { MAX_INTERVALS } from "../../hosts/cli/commands/f2f.ts";
import { ALL_TARGETS, NODE_ONLY_TARGETS } from "./targets/node-only.ts";
import { TARGETS } from "./targets/index.ts";

const root = new URL("../..", import.meta.url);

/** Modules whose exported functions read bytes or text from outside the terminal. */
const PARSER_MODULES = [
  "modules/card/mask-track.ts",
  "modules/card/mask-name.ts",
  "modules/config/config.ts",
  "modules/config/json-text.ts",
  "modules/emv/tlv.ts",
  "modules/emv/tlv-json.ts",
  "modules/emv/mask-tlv.ts",
  "modules/emv/dol.ts",
  "modules/emv/dol-json.ts",
  "modules/emv/fields.ts",
  "modules/emv/oda/authenticate.ts",
  "modules/emv/oda/issuer-key.ts",
  "modules/emv/oda/icc-key.ts",
  "modules/emv/oda/static-signature.ts",
  "modules/emv/oda/dynamic-signature.ts",
  "modules/emv/oda/cda-signature.ts",
  "modules/emv/oda/generate-ac-response.ts",
  "modules/emv/oda/message-recovery.ts",
  "modules/emv/oda/certified-key.ts",
  "modules/emv/oda/identifiers.ts",
  "modules/emv/oda/certificate-dates.ts",
  "modules/emv/kernel/fci.ts",
  "modules/emv/kernel/afl.ts",
  "modules/emv/kernel/card-tlv.ts",
  "modules/emv/kernel/dates.ts",
  "modules/emv/kernel/issuer-scripts.ts",
  "modules/iso8583/codec.ts",
  "modules/iso8583/mask.ts",
  "drivers/printer/status.ts",
  "hosts/escpos-paper/interpret.ts",
  "hosts/escpos-paper/tokenize.ts",
  "hosts/escpos-paper/svg.ts",
];

/** Exported functions of those modules that take nothing from outside, and why. */
const NOT_PARSERS: Record<string, string> = {
  "modules/emv/tlv.ts#findTlv": "searches a tree parseTlvTree already built",
  "modules/emv/oda/certificate-dates.ts#transactionMonth": "reads the terminal's own Transaction Date (9A), not the card's",
  "modules/emv/kernel/issuer-scripts.ts#runIssuerScripts": "sends the commands parseIssuerScripts read to the card",
};

/** The targets every parser of the listed modules has (one per parser family). */
const REQUIRED = ["track-mask", "emv-config", "tlv", "tlv-tree", "emv-tlv-json", "emv-dol", "emv-fields", "emv-oda", "emv-card-responses", "iso87a", "iso87b", "iso8583-mask", "printer-status", "escpos-tokens", "escpos-paper"];

test("every target the parsers of the listed modules need is registered", (t) => {
  const names = ALL_TARGETS.map((x) => x.name);
  for (const name of REQUIRED) t.true(names.includes(name), name);
  t.is(new Set(names).size, names.length, "target names are unique");
});

test("every exported function of the listed modules is covered by a target or listed as no parser", async (t) => {
  const covered = new Set(ALL_TARGETS.flatMap((x) => x.covers ?? []));
  for (const path of PARSER_MODULES) {
    const module = (await import(new URL(path, root).href)) as Record<string, unknown>;
    const functions = Object.keys(module).filter((k) => typeof module[k] === "function" && !/^[A-Z]/.test(k));
    t.true(functions.length > 0, `${path} exports functions`);
    for (const name of functions) {
      const id = `${path}#${name}`;
      t.true(covered.has(id) || id in NOT_PARSERS, `${id} has no fuzz target (add it to a target's covers, or to NOT_PARSERS with the reason)`);
    }
  }
});

test("every function a target says it covers exists", async (t) => {
  for (const target of ALL_TARGETS) {
    for (const id of target.covers ?? []) {
      const [path, name] = id.split("#");
      const module = (await import(new URL(path, root).href)) as Record<string, unknown>;
      t.is(typeof module[name], "function", `${target.name}: ${id}`);
    }
  }
});

test("Node-only targets say why and stay out of the XS bundle's registry", (t) => {
  for (const target of NODE_ONLY_TARGETS) {
    t.true(typeof target.nodeOnly === "string" && target.nodeOnly.length > 0, target.name);
    t.false(TARGETS.includes(target), target.name);
  }
  for (const target of TARGETS) t.is(target.nodeOnly, undefined, target.name);
});

test("the f2f target's inputs reach the command line's 4096 intervals", (t) => {
  const f2f = ALL_TARGETS.find((x) => x.name === "f2f")!;
  t.true((f2f.maxLength ?? 1024) >= 1 + 2 * MAX_INTERVALS);
});
