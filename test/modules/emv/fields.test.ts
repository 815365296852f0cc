import test from "ava";
import fc from "fast-check";
import { isXsposError } from "../../../modules/core/error.ts";
import { fromHex } from "../../../modules/core/hex.ts";
import type { DecodedBits } from "../../../modules/emv/bit-field.ts";
import type { DecodedCid } from "../../../modules/emv/cid.ts";
import type { DecodedCvmList } from "../../../modules/emv/cvm-list.ts";
import type { DecodedCvmResults } from "../../../modules/emv/cvm-results.ts";
import { decodeEmvField, EMV_FIELDS } from "../../../modules/emv/fields.ts";
import type { DecodedTerminalType } from "../../../modules/emv/terminal-type.ts";
import type { DecodedDol } from "../../../modules/emv/dol-field.ts";
import { MAESTRO, OPENEMV, PYTHON_EMV } from "./vectors.ts";

const bits = (what: string, hex: string) => decodeEmvField(what, fromHex(hex)) as DecodedBits;
const names = (what: string, hex: string) => bits(what, hex).set.map((b) => b.name);

test("Book 3 annex C5: each TVR byte's b8 by its table 46 name", (t) => {
  t.deepEqual(names("tvr", "80 80 80 80 80"), [
    "Offline data authentication was not performed",
    "ICC and terminal have different application versions",
    "Cardholder verification was not successful",
    "Transaction exceeds floor limit",
    "Default TDOL used",
  ]);
  t.deepEqual(bits("tvr", "00 00 04 00 00").set, [{ byte: 3, bit: 3, name: "Online CVM captured" }]);
  t.deepEqual(names("95", "01 02 01 01 09"), [
    "XDA selected",
    "Biometric performed and successful",
    "Biometric required, Biometric capture device present, but Biometric Subtype entry was bypassed",
    "XDA signature verification failed",
    "Reserved for use by the EMV Contactless Specifications",
    "Reserved for use by the EMV Contactless Specifications",
  ]);
  t.deepEqual(bits("tvr", "00 04 00 00 00").set, [{ byte: 2, bit: 3, name: "RFU" }]);
});

test("Book 3 annex C5: the full view lists all 40 TVR bits, each with set true or false", (t) => {
  const full = decodeEmvField("tvr", fromHex("00 00 00 00 06"), { all: true }) as DecodedBits;
  t.is(full.bits!.length, 40);
  t.deepEqual(full.bits![0], { byte: 1, bit: 8, name: "Offline data authentication was not performed", set: false });
  t.deepEqual(
    full.bits!.filter((b) => b.set).map((b) => b.name),
    ["CA ECC key missing", "ECC key recovery failed"],
  );
  t.is(bits("tvr", "0000000006").bits, undefined);
});

// lumag/emv-tools data/maestro.emu: the Maestro card's Issuer Action Code - Default B850BC8000.
test("Book 3 §10.7: an Issuer Action Code reads as a TVR mask", (t) => {
  const iac = bits("iac-default", MAESTRO.iacDefault);
  t.like(iac, { field: "iac-default", tag: "9F0D", name: "Issuer Action Code - Default", value: "B850BC8000" });
  t.deepEqual(
    iac.set.map((b) => b.name),
    [
      "Offline data authentication was not performed",
      "ICC data missing",
      "Card appears on terminal exception file",
      "DDA failed",
      "Expired application",
      "Requested service not allowed for card product",
      "Cardholder verification was not successful",
      "PIN Try Limit exceeded",
      "PIN entry required and PIN pad not present or not working",
      "PIN entry required, PIN pad present, but PIN was not entered",
      "Online CVM captured",
      "Transaction exceeds floor limit",
    ],
  );
  t.is(bits("9F0F", MAESTRO.iacOnline).set.length, 15);
  t.deepEqual(bits("iac-denial", "00 00 00 00 00").set, []);
});

test("Book 3 annex C6: TSI E800 after an offline-capable transaction; byte 2 is RFU", (t) => {
  t.deepEqual(names("tsi", "E8 00"), [
    "Offline data authentication was performed",
    "Cardholder verification was performed",
    "Card risk management was performed",
    "Terminal risk management was performed",
  ]);
  t.deepEqual(names("9b", "04 01"), ["Script processing was performed", "RFU"]);
});

// lumag/emv-tools data/maestro.emu GPO (AIP 3800); openemv tests/emv_initiate_application_processing_test.c (7800, 3900).
test("Book 3 annex C1: AIPs of real GPO responses", (t) => {
  t.deepEqual(names("aip", "38 00"), ["DDA supported", "Cardholder verification is supported", "Terminal risk management is to be performed"]);
  t.deepEqual(names("aip", "78 00"), [
    "SDA supported",
    "DDA supported",
    "Cardholder verification is supported",
    "Terminal risk management is to be performed",
  ]);
  t.deepEqual(names("82", "39 00"), ["DDA supported", "Cardholder verification is supported", "Terminal risk management is to be performed", "CDA supported"]);
  t.deepEqual(bits("aip", "80 81").set, [
    { byte: 1, bit: 8, name: "XDA supported" },
    { byte: 2, bit: 8, name: "Reserved for use by the EMV Contactless Specifications" },
    { byte: 2, bit: 1, name: "Reserved for use by the EMV Contactless Specifications" },
  ]);
});

// lumag/emv-tools data/maestro.emu: AUC FFC0.
test("Book 3 annex C2: an AUC valid everywhere with cashback", (t) => {
  t.deepEqual(names("auc", MAESTRO.auc), [
    "Valid for domestic cash transactions",
    "Valid for international cash transactions",
    "Valid for domestic goods",
    "Valid for international goods",
    "Valid for domestic services",
    "Valid for international services",
    "Valid at ATMs",
    "Valid at terminals other than ATMs",
    "Domestic cashback allowed",
    "International cashback allowed",
  ]);
});

// openemv tests/emv_cvmlist_test.c test 3 and test 6.
test("Book 3 annex C3: amounts X and Y, and each CV Rule's method, condition and b7", (t) => {
  const list3 = decodeEmvField("cvm-list", fromHex(OPENEMV.cvmList3)) as DecodedCvmList;
  t.is(list3.amountX, 100000);
  t.is(list3.amountY, 1000);
  t.deepEqual(list3.rules, [
    {
      rule: "1E03",
      cvmCode: "1E",
      cvm: "Signature (paper)",
      applyNext: false,
      ifUnsuccessful: "Fail cardholder verification if this CVM is unsuccessful",
      conditionCode: "03",
      condition: "If terminal supports the CVM",
    },
  ]);
  const list6 = decodeEmvField("8E", fromHex(OPENEMV.cvmList6)) as DecodedCvmList;
  t.deepEqual(
    list6.rules.map((r) => [r.cvm, r.condition, r.applyNext]),
    [
      ["Enciphered PIN verified online", "If unattended cash", true],
      ["Enciphered PIN verification performed by ICC", "If terminal supports the CVM", true],
      ["Plaintext PIN verification performed by ICC", "If terminal supports the CVM", true],
      ["Signature (paper)", "If terminal supports the CVM", true],
      ["Enciphered PIN verified online", "If terminal supports the CVM", true],
      ["No CVM required", "If terminal supports the CVM", false],
    ],
  );
});

// lumag/emv-tools data/maestro.emu CVM List; russss/python-emv test_cvmlist and APP_DATA.
test("Book 3 annex C3: real cards' CVM Lists, and the code ranges table 43 and 44 reserve", (t) => {
  const maestro = decodeEmvField("cvm-list", fromHex(MAESTRO.cvmList)) as DecodedCvmList;
  t.deepEqual(
    maestro.rules.map((r) => r.rule + " " + r.cvm + " / " + r.condition),
    [
      "4201 Enciphered PIN verified online / If unattended cash",
      "0204 Enciphered PIN verified online / If manual cash",
      "4403 Enciphered PIN verification performed by ICC / If terminal supports the CVM",
      "0103 Plaintext PIN verification performed by ICC / If terminal supports the CVM",
      "0200 Enciphered PIN verified online / Always",
    ],
  );
  const barclays = decodeEmvField("cvm-list", fromHex(PYTHON_EMV.cvmList)) as DecodedCvmList;
  t.deepEqual(barclays.rules.map((r) => r.cvmCode), ["01", "1E", "02", "1F"]);
  const reserved = decodeEmvField("cvm-list", fromHex("00000000 00000000 1006 2080 3F0A 3E7F")) as DecodedCvmList;
  t.deepEqual(
    reserved.rules.map((r) => [r.cvm, r.condition]),
    [
      ["Reserved for future use by this specification", "If transaction is in the application currency and is under X value"],
      ["Reserved for use by the individual payment systems", "Reserved for use by individual payment systems"],
      ["This value is not available for use", "RFU"],
      ["Reserved for use by the issuer", "RFU"],
    ],
  );
});

// openemv tests/emv_cvmlist_test.c tests 1 and 2: no rule, a rule cut short.
test("Book 3 annex A1: a CVM List of other than 10-252 bytes, or with half a rule, is EMV_FIELD_LENGTH", (t) => {
  t.throws(() => decodeEmvField("cvm-list", fromHex(OPENEMV.cvmListNoRule)), { code: "EMV_FIELD_LENGTH" });
  t.throws(() => decodeEmvField("cvm-list", fromHex(OPENEMV.cvmListOdd)), { code: "EMV_FIELD_LENGTH" });
  t.throws(() => decodeEmvField("cvm-list", new Uint8Array(254)), { code: "EMV_FIELD_LENGTH" });
  t.is((decodeEmvField("cvm-list", new Uint8Array(252)) as DecodedCvmList).rules.length, 122);
});

test("Book 4 annex A4: CVM Results name the CVM performed, its condition and its result; 3F is no CVM", (t) => {
  t.like(decodeEmvField("cvm-results", fromHex("1E 03 00")) as DecodedCvmResults, {
    cvm: "Signature (paper)",
    condition: "If terminal supports the CVM",
    result: "Unknown",
  });
  t.like(decodeEmvField("9F34", fromHex("41 03 02")) as DecodedCvmResults, { cvmCode: "01", cvm: "Plaintext PIN verification performed by ICC", result: "Successful" });
  t.like(decodeEmvField("9F34", fromHex("3F 00 01")) as DecodedCvmResults, { cvm: "No CVM performed", result: "Failed" });
  t.like(decodeEmvField("9F34", fromHex("02 00 07")) as DecodedCvmResults, { cvm: "Enciphered PIN verified online", result: "RFU" });
});

// openemv tests/emv_initiate_application_processing_test.c: Terminal Capabilities 60F0C8.
test("Book 4 annex A2: Terminal Capabilities bits with their byte's group", (t) => {
  t.deepEqual(bits("term-caps", OPENEMV.terminalCapabilities).set, [
    { byte: 1, bit: 7, name: "Magnetic stripe", group: "Card Data Input Capability" },
    { byte: 1, bit: 6, name: "IC with contacts", group: "Card Data Input Capability" },
    { byte: 2, bit: 8, name: "Plaintext PIN for ICC verification", group: "CVM Capability" },
    { byte: 2, bit: 7, name: "Enciphered PIN for online verification", group: "CVM Capability" },
    { byte: 2, bit: 6, name: "Signature (paper)", group: "CVM Capability" },
    { byte: 2, bit: 5, name: "Enciphered PIN for offline verification (RSA ODE)", group: "CVM Capability" },
    { byte: 3, bit: 8, name: "SDA", group: "Security Capability" },
    { byte: 3, bit: 7, name: "DDA", group: "Security Capability" },
    { byte: 3, bit: 4, name: "CDA", group: "Security Capability" },
  ]);
  t.deepEqual(names("9F33", "80 0F 34"), [
    "Manual key entry",
    "No CVM required",
    "Online Biometric",
    "Offline Biometric",
    "Enciphered PIN for offline verification (ECC ODE)",
    "Card capture",
    "RFU",
    "XDA",
  ]);
});

test("Book 4 annex A3: Additional Terminal Capabilities, tables 28 to 32", (t) => {
  const d = bits("addl-term-caps", "F0 80 F0 F3 81");
  t.deepEqual(
    d.set.map((b) => `${b.group}: ${b.name}`),
    [
      "Transaction Type Capability: Cash",
      "Transaction Type Capability: Goods",
      "Transaction Type Capability: Services",
      "Transaction Type Capability: Cashback",
      "Transaction Type Capability: Cash deposit",
      "Terminal Data Input Capability: Numeric keys",
      "Terminal Data Input Capability: Alphabetic and special characters keys",
      "Terminal Data Input Capability: Command keys",
      "Terminal Data Input Capability: Function keys",
      "Terminal Data Output Capability: Print or electronic, attendant",
      "Terminal Data Output Capability: Print or electronic, cardholder",
      "Terminal Data Output Capability: Display, attendant",
      "Terminal Data Output Capability: Display, cardholder",
      "Terminal Data Output Capability: Code table 10",
      "Terminal Data Output Capability: Code table 9",
      "Terminal Data Output Capability: Code table 8",
      "Terminal Data Output Capability: Code table 1",
    ],
  );
});

test("Book 4 annex A1 table 24: Terminal Type by operational control and environment; other values are EMV_FIELD_VALUE", (t) => {
  t.like(decodeEmvField("term-type", fromHex("22")) as DecodedTerminalType, {
    operationalControl: "Merchant",
    attendance: "Attended",
    connectivity: "Offline with online capability",
  });
  t.like(decodeEmvField("9F35", fromHex("14")) as DecodedTerminalType, { operationalControl: "Financial Institution", attendance: "Unattended", connectivity: "Online only" });
  t.like(decodeEmvField("9F35", fromHex("36")) as DecodedTerminalType, { operationalControl: "Cardholder", attendance: "Unattended", connectivity: "Offline only" });
  for (const hex of ["07", "10", "17", "31", "33", "37", "41", "1A", "FF"]) t.throws(() => decodeEmvField("term-type", fromHex(hex)), { code: "EMV_FIELD_VALUE" }, hex);
});

// russss/python-emv test_tlv: the GENERATE AC response's 9F27 is 80.
test("Book 3 §6.5.5.4 table 15: cryptogram type, advice and reason of the CID", (t) => {
  t.like(decodeEmvField("cid", fromHex("80")) as DecodedCid, {
    cryptogramType: "ARQC",
    cryptogram: "Authorisation Request Cryptogram",
    adviceRequired: false,
    reason: "No information given",
  });
  t.like(decodeEmvField("9F27", fromHex("40")) as DecodedCid, { cryptogramType: "TC", cryptogram: "Transaction Certificate" });
  const declined = decodeEmvField("9F27", fromHex("0A")) as DecodedCid;
  t.like(declined, { cryptogramType: "AAC", adviceRequired: true, reasonCode: 2, reason: "PIN Try Limit exceeded" });
  t.deepEqual(declined.set, [
    { byte: 1, bit: 4, name: "Advice required" },
    { byte: 1, bit: 2, name: "Reason/advice code" },
  ]);
  t.like(decodeEmvField("9F27", fromHex("F7")) as DecodedCid, { cryptogramType: "RFU", paymentSystemSpecific: 3, reason: "RFU" });
  t.like(decodeEmvField("9F27", fromHex("0B")) as DecodedCid, { reason: "Issuer authentication failed" });
});

test("every decoder refuses a value of the wrong length with EMV_FIELD_LENGTH", (t) => {
  const lengths: Record<string, number> = { tvr: 5, tsi: 2, aip: 2, auc: 2, "cvm-results": 3, "term-caps": 3, "addl-term-caps": 5, "term-type": 1, cid: 1, "iac-default": 5, "iac-denial": 5, "iac-online": 5 };
  for (const [what, n] of Object.entries(lengths)) {
    t.throws(() => decodeEmvField(what, new Uint8Array(n + 1)), { code: "EMV_FIELD_LENGTH" }, what);
    t.throws(() => decodeEmvField(what, new Uint8Array(n - 1)), { code: "EMV_FIELD_LENGTH" }, what);
  }
});

// lumag/emv-tools data/maestro.emu (MAESTRO in vectors.ts): the Maestro card's CDOL1 and CDOL2
test("Book 3 §5.4: cdol1 (8C) and cdol2 lists each entry's tag, dictionary name and length, and the data length they ask for", (t) => {
  const cdol1 = decodeEmvField("cdol1", fromHex(MAESTRO.cdol1)) as DecodedDol;
  t.like(cdol1, { field: "cdol1", tag: "8C", name: "Card Risk Management Data Object List 1 (CDOL1)", dataLength: 6 + 6 + 2 + 5 + 2 + 3 + 1 + 4 + 1 + 2 + 8 + 3 });
  t.deepEqual(cdol1.entries.map((e) => `${e.tag}/${e.length}`), ["9F02/6", "9F03/6", "9F1A/2", "95/5", "5F2A/2", "9A/3", "9C/1", "9F37/4", "9F35/1", "9F45/2", "9F4C/8", "9F34/3"]);
  t.deepEqual(cdol1.entries[0], { tag: "9F02", name: "Amount, Authorised (Numeric)", length: 6 });
  const cdol2 = decodeEmvField("8d", fromHex(MAESTRO.cdol2)) as DecodedDol;
  t.deepEqual(cdol2.entries.map((e) => [e.tag, e.name, e.length]), [
    ["91", "Issuer Authentication Data", 10],
    ["8A", "Authorisation Response Code", 2],
    ["95", "Terminal Verification Results", 5],
    ["9F37", "Unpredictable Number", 4],
    ["9F4C", "Integrated Circuit Card (ICC) Dynamic Number", 8],
  ]);
});

test("pdol, ddol, tdol and the generic dol: a tag the dictionary lacks has name null; a malformed list is EMV_FIELD_VALUE", (t) => {
  // Book 2 §6.5.1: a DDOL holds at least the Unpredictable Number (9F37, 4 bytes)
  const ddol = decodeEmvField("ddol", fromHex("9F3704")) as DecodedDol;
  t.like(ddol, { field: "ddol", tag: "9F49", dataLength: 4 });
  t.deepEqual(ddol.entries, [{ tag: "9F37", name: "Unpredictable Number", length: 4 }]);
  const pdol = decodeEmvField("9f38", fromHex("9F1A02")) as DecodedDol;
  t.like(pdol, { field: "pdol", tag: "9F38" });
  t.deepEqual(pdol.entries, [{ tag: "9F1A", name: "Terminal Country Code", length: 2 }]);
  t.like(decodeEmvField("TDOL", fromHex("9F0206")), { field: "tdol", tag: "97" });
  const generic = decodeEmvField("dol", fromHex("DF7F01")) as DecodedDol;
  t.deepEqual(generic, { field: "dol", tag: "", name: "Data Object List", value: "DF7F01", entries: [{ tag: "DF7F", name: null, length: 1 }], dataLength: 1 });
  t.throws(() => decodeEmvField("cdol1", fromHex("9F02")), { code: "EMV_FIELD_VALUE" });
  t.throws(() => decodeEmvField("dol", fromHex("9F")), { code: "EMV_FIELD_VALUE" });
});

test("names and tags are looked up case-insensitively; anything else, __proto__ included, is EMV_FIELD", (t) => {
  t.is(decodeEmvField("TVR", new Uint8Array(5)).tag, "95");
  t.is(decodeEmvField("9f07", new Uint8Array(2)).field, "auc");
  for (const what of ["__proto__", "constructor", "toString", "hasOwnProperty", "", "tvr ", "96", "9F0"]) {
    t.throws(() => decodeEmvField(what, new Uint8Array(5)), { code: "EMV_FIELD" }, what);
  }
  t.is(EMV_FIELDS.length, 18);
  t.deepEqual(EMV_FIELDS.find((f) => f.name === "cvm-list"), { name: "cvm-list", tag: "8E" });
});

const FIELD_NAMES = EMV_FIELDS.map((f) => f.name);

test("property: every decoder answers any bytes with a result or EMV_FIELD_LENGTH / EMV_FIELD_VALUE", (t) => {
  fc.assert(
    fc.property(fc.constantFrom(...FIELD_NAMES), fc.uint8Array({ maxLength: 260 }), fc.boolean(), (what, bytes, all) => {
      try {
        const out = decodeEmvField(what, bytes, { all });
        return JSON.parse(JSON.stringify(out)).value === out.value;
      } catch (e) {
        return isXsposError(e) && (e.code === "EMV_FIELD_LENGTH" || e.code === "EMV_FIELD_VALUE");
      }
    }),
    { numRuns: 1000, seed: 4407 },
  );
  t.pass();
});

test("property: a name that is not a decoder's is EMV_FIELD, never a lookup on Object.prototype", (t) => {
  const known = new Set(EMV_FIELDS.flatMap((f) => [f.name, f.tag.toLowerCase()]));
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("__proto__", "valueOf", "__defineGetter__", "isPrototypeOf")), (what) => {
      if (known.has(what.toLowerCase())) return true;
      try {
        decodeEmvField(what, new Uint8Array(5));
        return false;
      } catch (e) {
        return isXsposError(e, "EMV_FIELD");
      }
    }),
    { numRuns: 500, seed: 4408 },
  );
  t.pass();
});
