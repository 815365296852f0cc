import test from "ava";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { cyclesPerEtu, emvAtrCheck, parseAtr } from "../../../modules/iso7816/atr.ts";

// JCOP shell output for an NXP JCOP41 v2.2.1 (a Java Card tutorial's transcript):
// "ATR: T=1, FI=1/DI=3 (93clk/etu), N=0, IFSC=254, BWI=4/CWI=5, Hist=JCOP41V221".
test("a T=1 card with TA1: JCOP41 v2.2.1", (t) => {
  const atr = parseAtr(fromHex("3B FA 13 00 00 81 31 FE 45 4A 43 4F 50 34 31 56 32 32 31 96"));
  t.is(atr.convention, "direct");
  t.deepEqual(atr.protocols, [1, 1]);
  t.like(atr, { fi: 1, di: 3, Fi: 372, Di: 4, fmaxMHz: 5, extraGuardTime: 0, tckValid: true });
  t.is(cyclesPerEtu(atr.fi, atr.di), 93);
  t.deepEqual(atr.t1, { ifsc: 254, bwi: 4, cwi: 5, edc: "LRC" });
  t.is(String.fromCharCode(...atr.historical), "JCOP41V221");
  t.true(emvAtrCheck(atr).accepted);
});

// pcsc-tools ATR_analysis of a Mastercard chip card's ATR, as printed by pcsc_scan:
// TB1 = 00 (VPP not connected), TC1 = 00, 13 historical bytes, T=0, no TCK.
test("an EMV T=0 card: 3B 6D ...", (t) => {
  const atr = parseAtr(fromHex("3B 6D 00 00 80 31 80 65 B0 89 35 01 F1 83 00 90 00"));
  t.deepEqual(atr.protocols, [0]);
  t.like(atr, { Fi: 372, Di: 1, extraGuardTime: 0, wi: 10, tckValid: undefined });
  t.is(toHex(atr.historical), "803180" + "65B0893501F183009000");
  const verdict = emvAtrCheck(atr);
  t.true(verdict.accepted);
  t.deepEqual(verdict.ignored, ["TB1 00 (programming voltage, deprecated)"]);
});

// pcsc-tools ATR_analysis (pcsc_scan 1.4.14 transcript): inverse convention, TA1 = 11, TC1 = 03,
// TA2 = 80: specific mode T=0, unable to change.
test("inverse convention, specific mode: 3F FF 11 25 03 10 80 ...", (t) => {
  const atr = parseAtr(fromHex("3F FF 11 25 03 10 80 41 B0 07 69 FF 4A 50 70 00 00 50 31 01 00 11"));
  t.is(atr.convention, "inverse");
  t.like(atr, { Fi: 372, Di: 1, extraGuardTime: 3 });
  t.deepEqual(atr.specificMode, { protocol: 0, canChange: false, implicit: false });
  t.is(atr.historical.length, 15);
  t.deepEqual(emvAtrCheck(atr).reasons, []);
});

// smartcard_list.txt (Ludovic Rousseau): Swiss UBS Maestro/CASH card, TA1 = 13 (Di = 4).
test("TA1 = 13 on a T=0 bank card", (t) => {
  const atr = parseAtr(fromHex("3B 37 13 00 80 62 11 04 82 90 00"));
  t.like(atr, { Fi: 372, Di: 4, fmaxMHz: 5 });
});

test("malformed ATRs are typed errors; EMV rejections come with reasons", (t) => {
  t.throws(() => parseAtr(fromHex("3C 00")), { code: "ATR_INVALID" });
  t.throws(() => parseAtr(fromHex("3B FA 13 00 00 81 31 FE 45 4A 43")), { code: "ATR_INVALID" });
  t.throws(() => parseAtr(fromHex("3B FA 13 00 00 81 31 FE 45 4A 43 4F 50 34 31 56 32 32 31 97")), { code: "ATR_TCK" });
  t.throws(() => parseAtr(fromHex("3B 80 01")), { code: "ATR_INVALID" }, "T=1 offered without TCK");
  t.throws(() => parseAtr(fromHex("3B 00 00")), { code: "ATR_INVALID" }, "a byte after the end");
  const fast = emvAtrCheck(parseAtr(fromHex("3B 10 96")));
  t.false(fast.accepted);
  t.regex(fast.reasons[0], /TA1 96/);
  // TD2 = 71: TA3, TB3 and TC3 for T=1; TC3 = 01 asks for CRC, which EMV does not allow
  const body = fromHex("E0 00 00 81 71 20 45 01");
  const tck = body.reduce((x, b) => x ^ b, 0);
  const crc = parseAtr(Uint8Array.of(0x3b, ...body, tck));
  t.is(crc.t1?.edc, "CRC");
  t.true(emvAtrCheck(crc).reasons.some((r) => r.includes("TC3")));
});
