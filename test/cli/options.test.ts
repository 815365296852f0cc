/**
 * Options that would otherwise be silently without effect, or refused
 * with a code other than the one their fault calls for: each case is the
 * typed error, exit 2. Node only.
 */
import test from "ava";
import { ensureBuilt, xspos } from "./support.ts";

test.before(ensureBuilt);

// ANSI X9.24-3-2017 test vectors: the AES-128 BDK and initial key ID 1234567890123456.
const AES_BDK = "FEDCBA9876543210F1F1F1F1F1F1F1F1";
const AES_KSN = (counter: string) => "1234567890123456" + counter;
// pyemv's Visa CVN 10 test (the README's example): IMK, PAN, ATC, data.
const CRYPTOGRAM = [
  "emv", "cryptogram",
  "--imk", "0123456789ABCDEFFEDCBA9876543210",
  "--pan", "1234567890123456",
  "--atc", "001C",
  "--session-key", "visa-cvn10",
  "--data", "0000000040000000000000000124800004800001241911050152BF45851800001C03A06010",
];
// NIST SP 800-38B D.1: AES-128 key and example 2's message.
const CMAC_KEY = "2b7e151628aed2a6abf7158809cf4f3c";
const CMAC_DATA = "6bc1bee22e409f96e93d7e117393172a";

function refused(t: import("ava").ExecutionContext, args: string[], code: string): string {
  const r = xspos(...args);
  t.is(r.status, 2, args.join(" "));
  t.is(r.json?.error?.code, code, `${args.join(" ")}: ${r.stdout}`);
  return String(r.json?.error?.message);
}

test("dukpt --aes --key-type stronger than the BDK is DUKPT_KEY_TYPE, at counter 1 and at counter 0 alike", (t) => {
  for (const counter of ["00000001", "00000000"]) {
    const message = refused(t, ["dukpt", "--aes", "--key-type", "AES256", "--bdk", AES_BDK, "--ksn", AES_KSN(counter)], "DUKPT_KEY_TYPE");
    t.regex(message, /AES128 DUKPT key cannot give an AES256 key/);
  }
  // a key type the BDK can give still prints the initial key alone at counter 0
  const zero = xspos("dukpt", "--aes", "--key-type", "AES128", "--bdk", AES_BDK, "--ksn", AES_KSN("00000000"));
  t.is(zero.status, 0);
  t.is(zero.json.keys, undefined);
});

test("emv cryptogram: --arpc-method or --arpc-key with neither --arc nor --csu is a USAGE error", (t) => {
  for (const extra of [["--arpc-method", "2"], ["--arpc-method", "1"], ["--arpc-key", "master"], ["--arpc-key", "session"]]) {
    const message = refused(t, [...CRYPTOGRAM, ...extra], "USAGE");
    t.regex(message, /applies only with --arc .* or --csu/);
    t.regex(message, /xspos emv cryptogram --help/);
  }
  refused(t, [...CRYPTOGRAM, "--arpc-method", "2", "--proprietary-data", "0102"], "USAGE");
  // with its input, the ARPC is computed
  const r = xspos(...CRYPTOGRAM, "--arpc-key", "master", "--arc", "3030");
  t.is(r.status, 0);
  t.is(r.json.arpc, "28993816AFAE4AEB", "pyemv's Visa CVN 10 ARPC");
});

test("emv dol --data giving a tag twice is INPUT_FORMAT, in the same case or not", (t) => {
  for (const data of ['{"9F02":"00","9f02":"01"}', '{"9F02":"00","9F02":"01"}', '{"9a":"261125", "9A" :"261126"}']) {
    const message = refused(t, ["emv", "dol", "--dol", "9F02069A03", "--data", data], "INPUT_FORMAT");
    t.regex(message, /twice/);
  }
  t.is(xspos("emv", "dol", "--dol", "9F0206", "--data", '{"9f02":"1250"}').json.data, "000000001250", "a tag in lower case, given once");
});

test("mac --alg cmac --cipher des is a USAGE error, not a key-length error", (t) => {
  const message = refused(t, ["mac", "--alg", "cmac", "--cipher", "des", "--key", CMAC_KEY, CMAC_DATA], "USAGE");
  t.regex(message, /xspos mac --help/);
});

test("--help after -- is an argument, not a request for help", (t) => {
  // the ATR "--help" is not hex
  refused(t, ["atr", "--", "--help"], "HEX_INVALID");
  refused(t, ["track", "--", "--help"], "TRACK_NO_START_SENTINEL");
  t.is(xspos("atr", "--help").status, 0);
});
