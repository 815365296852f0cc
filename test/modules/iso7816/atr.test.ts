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
  t.deepEqual(verdict.ignored, [], "TB1 = 00 is what EMV asks after a cold reset, not something ignored");
});

// pcsc-tools ATR_analysis (pcsc_scan 1.4.14 transcript): inverse convention, TA1 = 11, TC1 = 03,
// TA2 = 80: specific mode T=0, unable to change.
test("inverse convention, specific mode: 3F FF 11 25 03 10 80 ...", (t) => {
  const atr = parseAtr(fromHex("3F FF 11 25 03 10 80 41 B0 07 69 FF 4A 50 70 00 00 50 31 01 00 11"));
  t.is(atr.convention, "inverse");
  t.like(atr, { Fi: 372, Di: 1, extraGuardTime: 3 });
  t.deepEqual(atr.specificMode, { protocol: 0, canChange: false, implicit: false });
  t.is(atr.historical.length, 15);
  // a card of before EMV: programming voltage in TB1, three ETU of extra guard time in TC1
  t.deepEqual(emvAtrCheck(atr).reasons, [
    "TB1 25: after a cold reset EMV accepts only TB1 = 00 (no programming voltage)",
    "TC1 03: EMV accepts only TC1 = 00 (no extra guard time) or FF (minimum guard time)",
  ]);
  t.deepEqual(emvAtrCheck(atr, { reset: "warm" }).reasons, ["TC1 03: EMV accepts only TC1 = 00 (no extra guard time) or FF (minimum guard time)"]);
});

// smartcard_list.txt (Ludovic Rousseau): Swiss UBS Maestro/CASH card, TA1 = 13 (Di = 4).
test("TA1 = 13 on a T=0 bank card", (t) => {
  const atr = parseAtr(fromHex("3B 37 13 00 80 62 11 04 82 90 00"));
  t.like(atr, { Fi: 372, Di: 4, fmaxMHz: 5 });
});

test("malformed ATRs are typed errors", (t) => {
  t.throws(() => parseAtr(fromHex("3C 00")), { code: "ATR_INVALID" });
  t.throws(() => parseAtr(fromHex("3B FA 13 00 00 81 31 FE 45 4A 43")), { code: "ATR_INVALID" });
  t.throws(() => parseAtr(fromHex("3B FA 13 00 00 81 31 FE 45 4A 43 4F 50 34 31 56 32 32 31 97")), { code: "ATR_TCK" });
  t.throws(() => parseAtr(fromHex("3B 80 01")), { code: "ATR_INVALID" }, "T=1 offered without TCK");
  t.throws(() => parseAtr(fromHex("3B 00 00")), { code: "ATR_INVALID" }, "a byte after the end");
});

// ISO/IEC 7816-3:2006 clause 3 (answer-to-reset: at most 32 bytes after TS). This one is
// consistent in itself: T0 announces four full interface groups and 15 historical bytes, and
// its TCK is right; with TS that makes 34 bytes.
test("ISO/IEC 7816-3: 34 bytes are not an ATR, even when T0 and the TD bytes announce them all", (t) => {
  const long = "3B FF 11 00 00 F1 11 00 00 F1 FE 45 00 F1 20 00 00 01 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF 94";
  const e = t.throws(() => parseAtr(fromHex(long)), { code: "ATR_INVALID" }) as Error;
  t.regex(e.message, /at most 33/);
  t.throws(() => parseAtr(fromHex("3B 00" + " 00".repeat(32))), { code: "ATR_INVALID" }, "34 bytes of anything");
  // the same structure with 14 historical bytes is 33 bytes: an ATR
  t.is(parseAtr(fromHex("3B FE 11 00 00 F1 11 00 00 F1 FE 45 00 F1 20 00 00 01 11 22 33 44 55 66 77 88 99 AA BB CC DD EE 6A")).bytes.length, 33);
});

// ISO/IEC 7816-3:2006 8.2.3: T=15 in TD2 makes TA3/TB3 global bytes; it names no protocol.
// The ATR is the T=0 example of the openemv emv-utils ATR tests (emv_atr_parse_test.c).
test("ISO/IEC 7816-3: T=15 is not listed among the protocols, and it still calls for TCK", (t) => {
  const atr = parseAtr(fromHex("3B F4 13 00 FF D0 00 0A 3F 03 00 DE AD BE EF DC"));
  t.deepEqual(atr.protocols, [0]);
  t.is(atr.tckValid, true);
  t.is(atr.t1, undefined);
});

// ISO/IEC 7816-3:2006 11.4.4: TC3 under T=1, b1 = 1 asks for a CRC (openemv T=1 ATR with TC3 01).
test("T=1 parameters: TC3 = 01 asks for CRC", (t) => {
  const atr = parseAtr(fromHex("3B F4 13 00 FF 91 01 71 7C 41 01 DE AD BE EF E7"));
  t.deepEqual(atr.t1, { ifsc: 0x7c, bwi: 4, cwi: 1, edc: "CRC" });
});

/**
 * EMV Book 1 8.3.3 (interface characters) and 8.3.4 (TCK), one ATR per branch, after a cold
 * reset unless the branch says warm. Sources: "openemv" = the ATRs of openemv emv-utils'
 * emv_atr_parse_test.c (T=0 with T=15 global bytes; T=1), some with one byte changed as that
 * test changes them; "JCOP41" = the card above; "basic" = EMV Book 1's basic response for
 * T=0 (T0 = 6x: TB1 = 00, TC1 = 00). The others are built for the branch, with TB1 = 00 as a
 * cold reset asks (TCK worked by hand: XOR of T0 to the last byte before it).
 */
const EMV_BRANCHES: { rule: string; atr: string; reset?: "warm"; reasons: string[]; ignored?: string[] }[] = [
  { rule: "8.3.3.1 TA1: in specific mode, 11-13 is accepted", atr: "3B B0 13 00 10 00", reasons: [] },
  {
    rule: "8.3.3.1 TA1: in specific mode, a value outside 11-13 is rejected",
    atr: "3B B0 96 00 10 00",
    reasons: ["TA1 96: in specific mode EMV accepts only F = 372 with D = 1, 2 or 4 (TA1 11-13)"],
  },
  {
    rule: "8.3.3.1 TA1: in negotiable mode (no TA2), a value outside 11-13 is accepted and the defaults kept",
    atr: "3B 30 96 00",
    reasons: [],
    ignored: ["TA1 96 (negotiable mode: F = 372, D = 1 stay unless PPS agrees on it)"],
  },
  { rule: "8.3.3.2 TB1: 00 after a cold reset is accepted (basic)", atr: "3B 60 00 00", reasons: [], ignored: [] },
  { rule: "8.3.3.2 TB1: absent after a cold reset is rejected", atr: "3B 00", reasons: ["TB1 is absent: after a cold reset EMV accepts only TB1 = 00"] },
  { rule: "8.3.3.2 TB1: 25 after a cold reset is rejected", atr: "3B 60 25 00", reasons: ["TB1 25: after a cold reset EMV accepts only TB1 = 00 (no programming voltage)"] },
  {
    rule: "8.3.3.2 TB1: 25 after a warm reset is accepted, and the session goes on as though it were 00",
    atr: "3B 60 25 00",
    reset: "warm",
    reasons: [],
    ignored: ["TB1 25 (after a warm reset: the session goes on as though TB1 = 00, no programming voltage)"],
  },
  { rule: "8.3.3.2 TB1: absent after a warm reset is accepted", atr: "3B 00", reset: "warm", reasons: [], ignored: [] },
  { rule: "8.3.3.3 TC1: 00 is accepted (basic)", atr: "3B 60 00 00", reasons: [] },
  { rule: "8.3.3.3 TC1: FF (minimum guard time) is accepted", atr: "3B 60 00 FF", reasons: [] },
  {
    rule: "8.3.3.3 TC1: a value other than 00 and FF is rejected",
    atr: "3B 60 00 03",
    reasons: ["TC1 03: EMV accepts only TC1 = 00 (no extra guard time) or FF (minimum guard time)"],
  },
  { rule: "8.3.3.4 TD1: T=2 is rejected", atr: "3B A0 00 02 A2", reasons: ["TD1 names T=2: EMV supports T=0 and T=1"] },
  { rule: "8.3.3.5 TA2: a protocol other than TD1's is rejected", atr: "3B B0 11 00 10 01", reasons: ["TA2 names a protocol that TD1 does not offer first"] },
  { rule: "8.3.3.5 TA2: implicit parameters (b5 = 1) are rejected", atr: "3B B0 11 00 10 10", reasons: ["TA2 says parameters are implicit (b5 = 1)"] },
  { rule: "8.3.3.6 TB2: present is rejected", atr: "3B A0 00 20 00", reasons: ["TB2 is present (programming voltage P12)"] },
  { rule: "8.3.3.7 TC2: 00 under T=0 is rejected", atr: "3B A0 00 40 00", reasons: ["TC2 = 00: T=0 waiting integer zero"] },
  { rule: "8.3.3.7 TC2: 0A under T=0 is accepted", atr: "3B A0 00 40 0A", reasons: [] },
  {
    rule: "8.3.3.8 TD2: T=15 after a TD1 of T=0 is accepted, the global TA3 and TB3 ignored (openemv T=0)",
    atr: "3B F4 13 00 FF D0 00 0A 3F 03 00 DE AD BE EF DC",
    reasons: [],
    ignored: ["TA3 03 (a global byte after T=15)", "TB3 00 (a global byte after T=15)"],
  },
  {
    rule: "8.3.3.8 TD2: T=14 after a TD1 of T=0 is rejected",
    atr: "3B A0 00 80 0E 2E",
    reasons: ["TD2 names T=14: EMV accepts T=1 there, or T=15 (global bytes) after a TD1 of T=0"],
  },
  { rule: "8.3.3.8 TD2: T=15 after a TD1 of T=1 is rejected", atr: "3B A0 00 81 0F 2E", reasons: ["TD2 names T=15: EMV accepts T=1 there after a TD1 of T=1"] },
  { rule: "8.3.3.8 TD2: T=1 after a TD1 of T=1 is accepted (openemv T=1)", atr: "3B F4 13 00 FF 91 01 71 7C 41 00 DE AD BE EF E6", reasons: [], ignored: [] },
  { rule: "8.3.3.8 TD2: T=1 after a TD1 of T=0 is accepted, its TA3 and TB3 checked", atr: "3B A0 00 80 31 FE 45 AA", reasons: [] },
  { rule: "8.3.3.9 TA3: 00-0F is rejected (openemv T=1, TA3 0F)", atr: "3B F4 13 00 FF 91 01 71 0F 41 00 DE AD BE EF 95", reasons: ["TA3 0F: IFSC must be 16-254"] },
  { rule: "8.3.3.9 TA3: FF is rejected", atr: "3B A0 00 81 31 FF 45 AA", reasons: ["TA3 FF: IFSC must be 16-254"] },
  { rule: "8.3.3.10 TB3: absent after a TD2 of T=1 is rejected", atr: "3B A0 00 81 11 FE CE", reasons: ["TB3 is absent: EMV requires BWI and CWI for T=1"] },
  { rule: "8.3.3.10 TB3: T=1 in TD1 with no TD2, so no TB3, is rejected", atr: "3B A0 00 01 A1", reasons: ["TD2 is absent: T=1 needs TB3 (BWI and CWI) after a TD2 of T=1"] },
  { rule: "8.3.3.10 TB3: BWI over 4 is rejected", atr: "3B A0 00 81 21 55 55", reasons: ["TB3: BWI 5 is over 4"] },
  { rule: "8.3.3.10 TB3: CWI over 5 is rejected", atr: "3B A0 00 81 21 46 46", reasons: ["TB3: CWI 6 is over 5"] },
  {
    rule: "8.3.3.10 TB3: 2^CWI not over N + 1 is rejected (TC1 1E, CWI 4)",
    atr: "3B E0 00 1E 81 21 44 1A",
    reasons: ["TC1 1E: EMV accepts only TC1 = 00 (no extra guard time) or FF (minimum guard time)", "TB3: 2^CWI must exceed N + 1 (N = 30)"],
  },
  { rule: "8.3.3.11 TC3: a value other than 00 is rejected (openemv T=1, TC3 01)", atr: "3B F4 13 00 FF 91 01 71 7C 41 01 DE AD BE EF E7", reasons: ["TC3 01: EMV uses the LRC (TC3 = 00)"] },
  { rule: "8.3.4 TCK: a wrong check byte is rejected (JCOP41, TCK 97)", atr: "3B FA 13 00 00 81 31 FE 45 4A 43 4F 50 34 31 56 32 32 31 97", reasons: ["TCK is wrong"] },
];

for (const branch of EMV_BRANCHES) {
  test(`EMV Book 1 ${branch.rule}`, (t) => {
    const verdict = emvAtrCheck(parseAtr(fromHex(branch.atr), { acceptBadTck: true }), { reset: branch.reset ?? "cold" });
    t.is(verdict.reset, branch.reset ?? "cold");
    t.deepEqual(verdict.reasons, branch.reasons);
    t.is(verdict.accepted, branch.reasons.length === 0);
    if (branch.ignored) t.deepEqual(verdict.ignored, branch.ignored);
  });
}
