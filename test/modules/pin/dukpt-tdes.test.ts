import test from "ava";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { MemoryStore } from "../../../modules/core/memory-store.ts";
import { retailMac } from "../../../modules/crypto/iso9797-mac.ts";
import { tdesDeriveWorkingKey, tdesIpek, tdesTransactionKey, tdesWorkingKey } from "../../../modules/pin/dukpt/tdes-dukpt.ts";
import { TdesDukptTerminal } from "../../../modules/pin/dukpt/tdes-terminal.ts";
import { testCrypto } from "../../support/crypto.ts";

const crypto = testCrypto();
// ANSI X9.24-1:2009 annex A.4 test data.
const BDK = fromHex("0123456789ABCDEFFEDCBA9876543210");
const IKSN = fromHex("FFFF9876543210E00000");
const IPEK = "6AC292FAA1315B4D858AB3A3D7D5933A";
const CLEAR_BLOCK = fromHex("041274EDCBA9876F"); // PIN 1234, PAN 4012345678909, format 0
const ksn = (counter: string) => fromHex("FFFF9876543210" + counter);

// Encrypted PIN blocks by counter: X9.24-1:2009 annex A.4, as listed in jPOS's DUKPTTest (3DES cases).
const PIN_BLOCKS: [string, string][] = [
  ["E00001", "1B9C1845EB993A7A"], ["E00002", "10A01C8D02C69107"], ["E00003", "18DC07B94797B466"],
  ["E00004", "0BC79509D5645DF7"], ["E00005", "5BC0AF22AD87B327"], ["E00006", "A16DF70AE36158D8"],
  ["E00007", "27711C16CB257F8E"], ["E00008", "50E55547A5027551"], ["E00009", "536CF7F678ACFC8D"],
  ["E0000A", "EDABBA23221833FE"], ["E0000B", "2328981C57B4BDBA"], ["E0000C", "038D03CC926CF286"],
  ["E0000D", "6C8AA97088B62C68"], ["E0000E", "F17C9E1D72CD4950"], ["E0000F", "B170F6E7F7F2F64A"],
  ["E00010", "D5D9638559EF53D6"], ["E00011", "D544F8CDD292C863"], ["E00012", "7A21BD10F36DC41D"],
  ["E00013", "78649BD17D0DFA60"], ["E00014", "7E7E16EA0C31AD56"], ["E00015", "72105C22EBC791E6"],
  ["EFF800", "33365F5CC6F23C35"], ["EFF801", "3A86BF003F835C9D"], ["EFF802", "3DB977D05C36DF3F"],
  ["EFF804", "BA83243305712099"], ["EFF808", "B0DA04AC90A36D85"], ["EFF810", "2CF02BD9C309EEDA"],
  ["EFF820", "9D1E2F77AEEE81C6"], ["EFF840", "40870B0F8BA2011C"], ["EFF880", "22E340D6ABB40981"],
  ["EFF900", "1A4C10AFBA03A430"], ["EFFA00", "849763B43E5F9CFF"], ["EFFC00", "DEFC6F09F8927B71"],
  ["F00000", "73EC88AD0AC5830E"],
];

test("IPEK from BDK and KSN", (t) => {
  t.is(toHex(tdesIpek(crypto, BDK, IKSN)), IPEK);
  t.is(toHex(tdesIpek(crypto, BDK, ksn("E00015"))), IPEK, "the counter does not enter the IPEK");
});

test("host side: the annex's PIN blocks at every listed counter", (t) => {
  for (const [counter, block] of PIN_BLOCKS) {
    const key = tdesDeriveWorkingKey(crypto, BDK, ksn(counter), "pin");
    t.is(toHex(crypto.blockEncrypt("TDES", "ECB", key, CLEAR_BLOCK)), block, counter);
  }
});

// X9.24-1:2009 annex A.4 request/response MACs and data encryption of "4012345678909D987",
// as transcribed in moov-io/dukpt's DES tests.
test("MAC and data variants: the annex's counter 1 and 2 examples", (t) => {
  const data = new Uint8Array(24);
  data.set(Uint8Array.from("4012345678909D987", (c) => c.charCodeAt(0)));
  const cases = [
    { counter: "E00001", key: "042666B49184CFA368DE9628D0397BC9", req: "9CCC78173FC4FB64", res: "20364223C1FF00FA", enc: "FC0D53B7EA1FDA9EE68AAF2E70D9B9506229BE2AA993F04F" },
    { counter: "E00002", key: "C46551CEF9FD24B0AA9AD834130D3BC7", req: "F608A9BCA6FFC311", res: "D1FCA6BEF05D24D2", enc: "A2B4E70F846E63D68775B7215EB4563DFD3037244C61CC13" },
  ];
  const ipek = fromHex(IPEK);
  for (const c of cases) {
    const key = tdesTransactionKey(crypto, ipek, ksn(c.counter));
    t.is(toHex(key), c.key);
    t.is(toHex(retailMac(crypto, tdesWorkingKey(crypto, key, "mac-request"), data)), c.req);
    t.is(toHex(retailMac(crypto, tdesWorkingKey(crypto, key, "mac-response"), data)), c.res);
    t.is(toHex(crypto.blockEncrypt("TDES", "CBC", tdesWorkingKey(crypto, key, "data-request"), data)), c.enc);
  }
});

test("terminal side: the future key registers give the annex's first 21 transactions, across a restart", (t) => {
  const store = new MemoryStore();
  let terminal = new TdesDukptTerminal(crypto, store);
  terminal.loadInitialKey(fromHex(IPEK), IKSN);
  for (const [counter, block] of PIN_BLOCKS.slice(0, 21)) {
    if (counter === "E0000B") terminal = new TdesDukptTerminal(crypto, store);
    t.is(toHex(terminal.nextKsn), "FFFF9876543210" + counter);
    const tx = terminal.nextTransaction(["pin"]);
    t.is(toHex(tx.ksn), "FFFF9876543210" + counter);
    t.is(toHex(crypto.blockEncrypt("TDES", "ECB", tx.keys.pin!, CLEAR_BLOCK)), block);
  }
});

test("counters no terminal uses and malformed keys are typed errors", (t) => {
  const ipek = fromHex(IPEK);
  t.throws(() => tdesTransactionKey(crypto, ipek, ksn("E00000")), { code: "DUKPT_COUNTER" });
  t.throws(() => tdesTransactionKey(crypto, ipek, ksn("FFFFFF")), { code: "DUKPT_COUNTER" });
  t.throws(() => tdesTransactionKey(crypto, ipek, ksn("E007FF")), { code: "DUKPT_COUNTER" }, "11 one bits");
  t.notThrows(() => tdesTransactionKey(crypto, ipek, ksn("E003FF")), "10 one bits");
  t.throws(() => tdesIpek(crypto, BDK.subarray(0, 8), IKSN), { code: "PIN_KEY" });
  t.throws(() => tdesIpek(crypto, BDK, fromHex("FFFF")), { code: "DUKPT_KSN" });
  t.throws(() => new TdesDukptTerminal(crypto, new MemoryStore()).nextTransaction(["pin"]), { code: "DUKPT_NOT_LOADED" });
});

test("a damaged stored state is refused, a damaged register is skipped", (t) => {
  const store = new MemoryStore();
  const terminal = new TdesDukptTerminal(crypto, store);
  terminal.loadInitialKey(fromHex(IPEK), IKSN);
  const saved = store.read("dukpt.tdes")!;
  store.write("dukpt.tdes", saved.subarray(0, saved.length - 1));
  t.throws(() => new TdesDukptTerminal(crypto, store), { code: "DUKPT_STATE" });
  // the register for counter 1 (bit 0) comes first, after the 7-byte header and the 10-byte KSN
  const bad = saved.slice();
  bad[7 + 10 + 1 + 3] ^= 1;
  store.write("dukpt.tdes", bad);
  const tx = new TdesDukptTerminal(crypto, store).nextTransaction(["pin"]);
  t.is(toHex(tx.ksn), "FFFF9876543210E00002", "counter 1 is skipped, not used with a damaged key");
});
