import test from "ava";
import { fromHex, toHex } from "../../../../modules/core/hex.ts";
import { generateAc } from "../../../../modules/emv/kernel/generate-ac.ts";
import type { CryptogramType } from "../../../../modules/emv/kernel/outcome.ts";
import { aidEntry, kernelConfig } from "../../../support/emv-config.ts";
import { fixedRandomCrypto, testCrypto } from "../../../support/crypto.ts";
import { ScriptedTransport } from "../../../support/scripted-transport.ts";
import { TEST_ICC_KEY } from "../oda/fixtures.ts";
import { TEST_PKI } from "../oda/test-pki.ts";
import { PYTHON_EMV } from "../vectors.ts";
import { contextAfterSelection, session, stopOf } from "./kernel-fixture.ts";

const hex = (s: string) => toHex(fromHex(s));
// python-emv's Barclays CDOL1: 9F02 9F03 9F1A 95 5F2A 9A 9C 9F37
const CDOL1 = hex(PYTHON_EMV.cdol1);

function context(options: { cdol1?: string; cdol2?: string; crypto?: ReturnType<typeof testCrypto> } = {}) {
  return contextAfterSelection({ card: { "8C": options.cdol1 ?? CDOL1, "8D": options.cdol2 ?? "8A029505" }, crypto: options.crypto });
}

function cdol1Data(ctx: ReturnType<typeof context>): string {
  return "000000005000" + "000000000000" + "0344" + toHex(ctx.tvr) + "0344" + "250615" + "00" + toHex(ctx.terminal.get("9F37")!);
}

async function first(requested: CryptogramType, response: string, p1: string) {
  const ctx = context();
  const transport = new ScriptedTransport([{ command: `80AE${p1}001D${cdol1Data(ctx)}00`, response }]);
  let result;
  const stop = await stopOf(async () => {
    result = await generateAc(ctx, session(transport), testCrypto(), requested, false);
  });
  return { ctx, stop, result: result as Awaited<ReturnType<typeof generateAc>> | undefined, transport };
}

test("Book 3 §6.5.5.4: format 2 (python-emv's published ARQC answer) gives the CID, ATC, cryptogram and Issuer Application Data", async (t) => {
  const r = await first("ARQC", hex(PYTHON_EMV.generateAc) + "9000", "80");
  t.deepEqual(r.result, { type: "ARQC", cid: 0x80, cdaFailed: false });
  t.is(toHex(r.ctx.card.get("9F36")!), "0005");
  t.is(toHex(r.ctx.card.get("9F26")!), "6ECF9347C1A92471");
  t.is(toHex(r.ctx.card.get("9F10")!), "060B0A03A49000");
  // Book 3 §10.8: card risk management was performed
  t.is(toHex(r.ctx.tsi), "2000");
});

test("Book 3 §6.5.5.4: format 1 (80) is CID, ATC, cryptogram, then the Issuer Application Data", async (t) => {
  const r = await first("TC", "8012400001A1A2A3A4A5A6A7A806010A03A000009000", "40");
  t.deepEqual(r.result, { type: "TC", cid: 0x40, cdaFailed: false });
  t.is(toHex(r.ctx.card.get("9F36")!), "0001");
  t.is(toHex(r.ctx.card.get("9F26")!), "A1A2A3A4A5A6A7A8");
  t.is(toHex(r.ctx.card.get("9F10")!), "06010A03A00000");
});

test("Book 3 §9.3: the card may answer less than asked (AAC to a TC, ARQC to a TC) but never more (TC to an ARQC, anything but an AAC to an AAC)", async (t) => {
  t.is((await first("TC", "800B000001A1A2A3A4A5A6A7A89000", "40")).result?.type, "AAC");
  t.is((await first("TC", "800B800001A1A2A3A4A5A6A7A89000", "40")).result?.type, "ARQC");
  t.is((await first("ARQC", "800B000001A1A2A3A4A5A6A7A89000", "80")).result?.type, "AAC");
  t.is((await first("ARQC", "800B400001A1A2A3A4A5A6A7A89000", "80")).stop, "end-application:cryptogram");
  t.is((await first("AAC", "800B400001A1A2A3A4A5A6A7A89000", "00")).stop, "end-application:cryptogram");
  t.is((await first("AAC", "800B800001A1A2A3A4A5A6A7A89000", "00")).stop, "end-application:cryptogram");
  // b8-b7 = 11 is RFU
  t.is((await first("TC", "800BC00001A1A2A3A4A5A6A7A89000", "40")).stop, "end-application:cryptogram");
});

test("Book 3 §9.3: the second GENERATE AC may answer a TC request with a TC or an AAC, not an ARQC", async (t) => {
  for (const [cid, expected] of [["40", "TC"], ["00", "AAC"], ["80", "end-application:cryptogram"]]) {
    const ctx = context();
    ctx.terminal.set("8A", fromHex("3030"));
    const transport = new ScriptedTransport([{ command: `80AE400007${"3030" + toHex(ctx.tvr)}00`, response: `800B${cid}0002A1A2A3A4A5A6A7A89000` }]);
    let type: string | undefined;
    const stop = await stopOf(async () => {
      type = (await generateAc(ctx, session(transport), testCrypto(), "TC", true)).type;
    });
    t.is(stop ?? type, expected);
    // the TSI's card risk management bit belongs to the first GENERATE AC
    t.is(toHex(ctx.tsi), "0000");
  }
});

test("Book 3 §6.5.5.4: a status other than 9000, a truncated format 1, no cryptogram, or a CID of two bytes end the transaction", async (t) => {
  t.is((await first("TC", "6985", "40")).stop, "end-application:status");
  t.is((await first("TC", "800A400001A1A2A3A4A5A6A79000", "40")).stop, "end-application:format");
  t.is((await first("TC", "77099F2701409F360200019000", "40")).stop, "end-application:data-missing");
  t.is((await first("TC", "77159F270240409F360200019F2608A1A2A3A4A5A6A7A89000", "40")).stop, "end-application:data-invalid");
  t.is((await first("TC", "9F27014090009000", "40")).stop, "end-application:format");
});

// the test PKI's first GENERATE AC under CDA: CDOL1 9F02 9F03 9F1A 95 5F2A 9A 9C 9F37 9F35 9F34, whose data the signature hashes
function cdaContext() {
  const aid = aidEntry("A0000099991010");
  const config = kernelConfig([aid], { terminal: { countryCode: "978", currencyCode: "978" } });
  const ctx = contextAfterSelection({
    aid,
    config,
    transaction: { amount: 1000 },
    card: { "8C": "9F02069F03069F1A0295055F2A029A039C019F37049F35019F3403", "8D": "8A0295059F3704" },
    crypto: fixedRandomCrypto(fromHex(TEST_PKI.cda.unpredictableNumber)),
  });
  ctx.odaMethod = "CDA";
  ctx.iccKey = TEST_ICC_KEY;
  ctx.pdolData = fromHex(TEST_PKI.cda.pdolData);
  ctx.cvmResults.set(fromHex("1E0300"));
  return ctx;
}

test("Book 2 §6.6.2: with CDA, GENERATE AC asks for the signature (P1 b5) and the test PKI's ARQC verifies: the cryptogram comes from the signature", async (t) => {
  const ctx = cdaContext();
  const transport = new ScriptedTransport([{ command: `80AE900021${TEST_PKI.cda.cdol1Data}00`, response: TEST_PKI.cda.arqc + "9000" }]);
  const result = await generateAc(ctx, session(transport), testCrypto(), "ARQC", false);
  t.deepEqual(result, { type: "ARQC", cid: 0x80, cdaFailed: false });
  t.is(toHex(ctx.card.get("9F26")!), "1122334455667788");
  t.is(toHex(ctx.card.get("9F4C")!), TEST_PKI.iccDynamicNumber);
  t.is(toHex(ctx.tvr), "0000000000");
  t.is(toHex(ctx.tsi), "A000");
});

test("Book 2 §6.6.2 step 6: a signature whose CID is not the response's sets 'CDA failed' (TVR byte 1 b3)", async (t) => {
  const ctx = cdaContext();
  const transport = new ScriptedTransport([{ command: `80AE900021${TEST_PKI.cda.cdol1Data}00`, response: TEST_PKI.cda.cidMismatch + "9000" }]);
  const result = await generateAc(ctx, session(transport), testCrypto(), "ARQC", false);
  t.true(result.cdaFailed);
  t.is(toHex(ctx.tvr), "0400000000");
  t.is(toHex(ctx.tsi), "A000");
});

test("Book 2 §6.6: an AAC request asks for no signature (P1 00), and once CDA has failed none is asked for either", async (t) => {
  const ctx = cdaContext();
  const data = TEST_PKI.cda.cdol1Data;
  const aac = new ScriptedTransport([{ command: `80AE000021${data}00`, response: "800B000001A1A2A3A4A5A6A7A89000" }]);
  t.is((await generateAc(ctx, session(aac), testCrypto(), "AAC", false)).type, "AAC");
  const failed = cdaContext();
  failed.tvr[0] = 0x04;
  const tc = new ScriptedTransport([{ command: `80AE400021${data.slice(0, 28) + "0400000000" + data.slice(38)}00`, response: "800B400001A1A2A3A4A5A6A7A89000" }]);
  t.is((await generateAc(failed, session(tc), testCrypto(), "TC", false)).type, "TC");
});

test("Book 3 §9.2.2: a CDOL asking for the TC Hash Value (98) gets SHA-1 of the default TDOL's data and 'Default TDOL used' (TVR byte 5 b8)", async (t) => {
  const crypto = testCrypto();
  const aid = aidEntry("A0000000041010", { defaultTdol: fromHex("9F0206") });
  const ctx = contextAfterSelection({ aid, card: { "8C": "9814", "8D": "8A02" } });
  const hash = toHex(crypto.digest("SHA-1", fromHex("000000005000")));
  const transport = new ScriptedTransport([{ command: `80AE400014${hash}00`, response: "800B400001A1A2A3A4A5A6A7A89000" }]);
  await generateAc(ctx, session(transport), crypto, "TC", false);
  t.is(toHex(ctx.tvr), "0000000080");
  t.is(transport.remaining, 0);
});
