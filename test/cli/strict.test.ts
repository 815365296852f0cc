/**
 * The argument parser is strict: an unknown option, an option outside the
 * mode it applies to, a repeated option, a missing value, a value given to
 * a flag and an extra argument are each a USAGE error (exit 2) that points
 * to the command's help, never ignored. Node only.
 */
import test from "ava";
import { ensureBuilt, xspos } from "./support.ts";

test.before(ensureBuilt);

// Magnetic Track Parser (sualeh/magnetictrackparser) README example, track 2.
const T2 = ";5350290149345177=16042010000056700100?";
const FLUX = "samples/track2-reverse.flux";
// ANSI X9.24-1:2009 annex A.4: BDK and KSN at counter 1.
const BDK = "0123456789ABCDEFFEDCBA9876543210";
const KSN = "FFFF9876543210E00001";
// ANSI X9.24-3-2017 test vectors: AES-128 BDK, initial key ID 1234567890123456, counter 1.
const AES_BDK = "FEDCBA9876543210F1F1F1F1F1F1F1F1";
const AES_KSN = "123456789012345600000001";
// NIST SP 800-38B D.1: AES-128 key and example 2's message.
const CMAC_KEY = "2b7e151628aed2a6abf7158809cf4f3c";
const CMAC_DATA = "6bc1bee22e409f96e93d7e117393172a";
// pyiso8583 README message (ASCII layout) and its hex.
const ISO87A = "02004000000000000000101234567890";
const ISO87A_HEX = Buffer.from(ISO87A).toString("hex");
const PACK_JSON = JSON.stringify({ mti: "0210", fields: { 2: "1234567890", 39: "05" } });
// JCOP shell transcript ATR (T=1, Hist=JCOP41V221).
const ATR = "3BFA1300008131FE454A434F5034315632323196";

/** A correct run of each command, to which each case adds one mistake. */
const GOOD: Record<string, string[]> = {
  track: ["track", T2],
  f2f: ["f2f", "--track", "2", FLUX],
  pinblock: ["pinblock", "--format", "0", "--pin", "1234", "--pan", "4012345678909"],
  dukpt: ["dukpt", "--bdk", BDK, "--ksn", KSN],
  mac: ["mac", "--alg", "cmac", "--key", CMAC_KEY, CMAC_DATA],
  atr: ["atr", ATR],
  unpack: ["iso8583", "unpack", "--dialect", "iso87a", "--text", ISO87A],
  pack: ["iso8583", "pack", "--dialect", "iso87a", PACK_JSON],
};

function usageError(t: import("ava").ExecutionContext, args: string[], help: string): void {
  const r = xspos(...args);
  t.is(r.status, 2, args.join(" "));
  t.is(r.json?.error?.code, "USAGE", args.join(" "));
  t.true(String(r.json?.error?.message).includes(`xspos ${help} --help`), `${args.join(" ")}: ${r.json?.error?.message}`);
}

test("the correct runs the cases start from succeed", (t) => {
  for (const [name, args] of Object.entries(GOOD)) t.is(xspos(...args).status, 0, name);
});

test("an unknown option is a USAGE error on every command", (t) => {
  const help: Record<string, string> = { unpack: "iso8583 unpack", pack: "iso8583 pack" };
  for (const [name, args] of Object.entries(GOOD)) {
    for (const bad of ["--bogus", "--bogus=1", "-x"]) {
      const at = name === "unpack" || name === "pack" ? 2 : 1;
      usageError(t, [...args.slice(0, at), bad, ...args.slice(at)], help[name] ?? name);
    }
  }
});

test("an option outside the mode it applies to is a USAGE error", (t) => {
  const cases: [string[], string][] = [
    [["dukpt", "--key-type", "AES128", "--bdk", BDK, "--ksn", KSN], "dukpt"],
    [["mac", "--alg", "cmac", "--padding", "2", "--key", CMAC_KEY, CMAC_DATA], "mac"],
    [["mac", "--alg", "x919", "--cipher", "aes", "--key", BDK, "00"], "mac"],
    [["mac", "--alg", "x919", "--cipher", "des", "--key", BDK, "00"], "mac"],
    [["iso8583", "unpack", "--dialect", "iso87b", "--text", ISO87A], "iso8583 unpack"],
    [["iso8583", "pack", "--dialect", "iso87a", "--text", PACK_JSON], "iso8583 pack"],
    [["iso8583", "pack", "--dialect", "iso87a", "--reveal", PACK_JSON], "iso8583 pack"],
    [["pinblock", "--format", "1", "--pin", "1234", "--pan", "4012345678909"], "pinblock"],
    [["pinblock", "--format", "2", "--pin", "1234", "--pan", "4012345678909"], "pinblock"],
    [["pinblock", "--format", "2", "--pin", "1234", "--key", BDK], "pinblock"],
    [["track", "--reveal", T2], "track"],
    [["atr", "--reveal", ATR], "atr"],
  ];
  for (const [args, help] of cases) usageError(t, args, help);
});

test("a repeated option is a USAGE error", (t) => {
  const cases: [string[], string][] = [
    [["f2f", "--track", "2", "--track", "2", FLUX], "f2f"],
    [["f2f", "--track", "2", "--reveal", "--reveal", FLUX], "f2f"],
    [["mac", "--alg", "cmac", "--key", CMAC_KEY, "--key=" + CMAC_KEY, CMAC_DATA], "mac"],
    [["dukpt", "--aes", "--aes", "--bdk", AES_BDK, "--ksn", AES_KSN], "dukpt"],
    [["pinblock", "--format", "0", "--pin", "1234", "--pin", "5678", "--pan", "4012345678909"], "pinblock"],
    [["iso8583", "unpack", "--dialect", "iso87a", "--dialect", "iso87b", ISO87A_HEX], "iso8583 unpack"],
  ];
  for (const [args, help] of cases) usageError(t, args, help);
});

test("a valued option without its value is a USAGE error", (t) => {
  const cases: [string[], string][] = [
    [["f2f", FLUX, "--track"], "f2f"],
    [["mac", "--alg", "cmac", CMAC_DATA, "--key"], "mac"],
    [["dukpt", "--bdk", "--ksn", KSN], "dukpt"],
    [["pinblock", "--format", "0", "--pin", "--pan", "4012345678909"], "pinblock"],
    [["iso8583", "pack", PACK_JSON, "--dialect"], "iso8583 pack"],
  ];
  for (const [args, help] of cases) usageError(t, args, help);
});

test("a flag given a value is a USAGE error and reveals nothing", (t) => {
  for (const value of ["no", "yes", "false", ""]) {
    const f2f = xspos("f2f", "--track", "2", `--reveal=${value}`, FLUX);
    t.is(f2f.status, 2, value);
    t.is(f2f.json.error.code, "USAGE");
    t.false(f2f.stdout.includes("5350290149345177"));
    const unpack = xspos("iso8583", "unpack", "--dialect", "iso87a", "--text", `--reveal=${value}`, ISO87A);
    t.is(unpack.status, 2, value);
    t.false(unpack.stdout.includes("1234567890"));
  }
  usageError(t, ["dukpt", "--aes=1", "--bdk", AES_BDK, "--ksn", AES_KSN], "dukpt");
  usageError(t, ["iso8583", "unpack", "--dialect", "iso87a", "--text=1", ISO87A], "iso8583 unpack");
});

test("an extra or missing argument is a USAGE error", (t) => {
  const cases: [string[], string][] = [
    [[...GOOD.track, "extra"], "track"],
    [["track"], "track"],
    [[...GOOD.f2f, "extra"], "f2f"],
    [[...GOOD.pinblock, "extra"], "pinblock"],
    [[...GOOD.dukpt, "extra"], "dukpt"],
    [[...GOOD.mac, "extra"], "mac"],
    [[...GOOD.atr, "extra"], "atr"],
    [[...GOOD.unpack, "extra"], "iso8583 unpack"],
    [[...GOOD.pack, "extra"], "iso8583 pack"],
    [["iso8583", "unpack", "--dialect", "iso87a"], "iso8583 unpack"],
    [["iso8583"], "iso8583"],
    [["iso8583", "--dialect", "iso87a", ISO87A_HEX], "iso8583"],
  ];
  for (const [args, help] of cases) usageError(t, args, help);
});

test("a missing required option is a USAGE error", (t) => {
  const cases: [string[], string][] = [
    [["f2f", FLUX], "f2f"],
    [["pinblock", "--pin", "1234"], "pinblock"],
    [["pinblock", "--format", "1"], "pinblock"],
    [["dukpt", "--bdk", BDK], "dukpt"],
    [["mac", "--key", CMAC_KEY, CMAC_DATA], "mac"],
    [["iso8583", "unpack", ISO87A_HEX], "iso8583 unpack"],
  ];
  for (const [args, help] of cases) usageError(t, args, help);
});

test("--name=value and --name value give the same result; -- ends the options", (t) => {
  const spaced = xspos("mac", "--alg", "cmac", "--key", CMAC_KEY, CMAC_DATA);
  const joined = xspos("mac", "--alg=cmac", `--key=${CMAC_KEY}`, CMAC_DATA);
  t.is(joined.status, 0);
  t.deepEqual(joined.json, spaced.json);
  t.is(spaced.json.mac, "070A16B46B4D4144F79BDD9DD04A287C", "NIST SP 800-38B D.1 example 2");
  t.like(xspos("track", "--", T2).json, { track: 2, pan: "535029******5177" });
});
