import test from "ava";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { MemoryKeyStore } from "../../../modules/core/key-store.ts";
import { MemoryStore } from "../../../modules/core/memory-store.ts";
import { TdesDukptTerminal } from "../../../modules/pin/dukpt/tdes-terminal.ts";
import { checkManagerPin } from "../../../modules/terminal/manager-pin.ts";
import { provisionTestKeys } from "../../../modules/terminal/provision-test-keys.ts";
import { testCrypto } from "../../support/crypto.ts";

const crypto = testCrypto();
// ANSI X9.24-1:2009 annex A.4 test key set; the terminal master key is the emulator's test key
const TEST = { tmk: "1C1C1C1C1C1C1C1C0D0D0D0D0D0D0D0D", bdk: "0123456789ABCDEFFEDCBA9876543210", ksn: "FFFF9876543210E00000", managerPin: "4071", managerPinKey: "mgrpin" };
const log = () => {
  const lines: string[] = [];
  return { lines, write: (l: string) => void lines.push(l) };
};
const digits = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) - 48);

test("a fresh terminal gets the master key, the manager PIN digest and the DUKPT registers of the annex A.4 key set; the first KSN's PIN key is annex A.4's; no key or PIN in the log", (t) => {
  const keys = new MemoryKeyStore();
  const dukpt = new TdesDukptTerminal(crypto, new MemoryStore());
  const l = log();
  provisionTestKeys({ keys, dukpt, crypto, log: l }, TEST);
  t.is(toHex(keys.get("tmk")!), TEST.tmk);
  t.true(checkManagerPin(keys, TEST.managerPinKey, crypto, digits("4071"), 4));
  t.false(checkManagerPin(keys, TEST.managerPinKey, crypto, digits("1234"), 4));
  t.deepEqual(keys.names().sort(), ["mgrpin", "tmk"], "the manager PIN is kept only as its digest, under its configured name");
  const first = dukpt.nextTransaction(["pin"]);
  t.is(toHex(first.ksn), "FFFF9876543210E00001");
  // ANSI X9.24-1:2009 annex A.4: transaction key 042666B49184CFA368DE9628D0397BC9 at counter 1, its PIN variant (bytes 8 and 16 XOR FF)
  t.is(toHex(first.keys.pin!), "042666B49184CF5C68DE9628D0397B36");
  t.false(l.lines.some((line) => line.includes(TEST.tmk) || line.includes(TEST.bdk) || line.includes(TEST.managerPin)), "no key and no PIN in the log");
});

test("provisioning again (a restart) keeps the stored keys and the DUKPT counter: no KSN is given out twice", (t) => {
  const keys = new MemoryKeyStore();
  const registers = new MemoryStore();
  provisionTestKeys({ keys, dukpt: new TdesDukptTerminal(crypto, registers), crypto, log: log() }, TEST);
  const before = new TdesDukptTerminal(crypto, registers);
  const used = toHex(before.nextTransaction(["pin"]).ksn);
  keys.put("tmk", fromHex("00112233445566778899AABBCCDDEEFF"));
  const after = new TdesDukptTerminal(crypto, registers);
  provisionTestKeys({ keys, dukpt: after, crypto, log: log() }, TEST);
  t.is(toHex(keys.get("tmk")!), "00112233445566778899AABBCCDDEEFF", "a master key already there is not replaced");
  t.not(toHex(after.nextTransaction(["pin"]).ksn), used);
  t.is(toHex(after.nextKsn), "FFFF9876543210E00003");
});
