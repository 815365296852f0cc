/**
 * The xspos command as a payment engineer runs it: the built bin, JSON on
 * stdout, exit status 2 with a typed error on bad input. Node only.
 */
import test from "ava";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBuilt, xspos } from "./support.ts";

test.before(ensureBuilt);

// Magnetic Track Parser (sualeh/magnetictrackparser) README example.
test("track prints the parsed fields, luhnValid, scheme and chipCard", (t) => {
  const { status, json } = xspos("track", "%B5350290149345177^FATEHI/SUALEH^16042010000000000000000000000000000567001000?");
  t.is(status, 0);
  t.like(json, { track: 1, pan: "535029******5177", name: "FATEHI/SUALEH", expiry: "2016-04", luhnValid: true, scheme: "mastercard", chipCard: true });
  t.is(json.serviceCode.code, "201");
});

test("track accepts a track 2 without sentinels", (t) => {
  const { status, json } = xspos("track", "4111111111111111=30121010000000000000");
  t.is(status, 0);
  t.like(json, { track: 2, scheme: "visa", chipCard: false, luhnValid: true });
});

test("f2f decodes the sample swipes, both directions, masked", (t) => {
  const reverse = xspos("f2f", "--track", "2", "samples/track2-reverse.flux");
  t.is(reverse.status, 0);
  t.like(reverse.json, { track: 2, direction: "reverse", parityValid: true, lrcValid: true, characters: ";535029******5177=1604201*************?" });
  const forward = xspos("f2f", "--track", "1", "samples/track1-forward.flux");
  t.like(forward.json, { track: 1, direction: "forward", parityValid: true, lrcValid: true });
  t.false(JSON.stringify(forward.json).includes("5350290149345177"));
  const revealed = xspos("f2f", "--track", "2", "--reveal", "samples/track2-reverse.flux");
  t.is(revealed.json.characters, ";5350290149345177=16042010000056700100?");
});

test("bad input exits 2 with a typed error", (t) => {
  const cases: [string[], string][] = [
    [["track", "%B5350290149345178^FATEHI/SUALEH^1604201?"], ""],
    [["track", ";5350290149345177=1604201?extra"], "TRACK_TRAILING_DATA"],
    [["track"], "USAGE"],
    [["nonsense"], "USAGE"],
    [["f2f", "--track", "4", "samples/track2-reverse.flux"], "USAGE"],
    [["f2f", "--track", "2", "/no/such/file"], "FILE_UNREADABLE"],
  ];
  for (const [args, code] of cases) {
    const { status, json } = xspos(...args);
    if (code === "") {
      t.is(status, 0, "a bad check digit is reported, not refused");
      t.false(json.luhnValid);
      continue;
    }
    t.is(status, 2, args.join(" "));
    t.is(json.error.code, code);
    t.is(typeof json.error.message, "string");
  }
});

test("f2f refuses garbage and too-short captures with typed errors", (t) => {
  const dir = tmpdir();
  const words = join(dir, `xspos-words-${process.pid}.txt`);
  writeFileSync(words, "300 300 abc 150");
  t.is(xspos("f2f", "--track", "2", words).json.error.code, "INPUT_FORMAT");
  const short = join(dir, `xspos-short-${process.pid}.txt`);
  writeFileSync(short, "300 300 150 150");
  const r = xspos("f2f", "--track", "2", short);
  t.is(r.status, 2);
  t.regex(r.json.error.code, /^(SWIPE|TRACK)_/);
});

// ANSI X9.24-1:2009 annex A.4: BDK, KSN, IPEK, PIN key and PIN block at counter 1.
test("dukpt prints the IPEK, transaction key and working keys (TDES)", (t) => {
  const { status, json } = xspos("dukpt", "--bdk", "0123456789ABCDEFFEDCBA9876543210", "--ksn", "FFFF9876543210E00001");
  t.is(status, 0);
  t.like(json, { scheme: "tdes", counter: 1, ipek: "6AC292FAA1315B4D858AB3A3D7D5933A", transactionKey: "042666B49184CFA368DE9628D0397BC9" });
  t.is(json.keys.pin, "042666B49184CF5C68DE9628D0397B36");
  t.is(xspos("dukpt", "--bdk", "0123456789ABCDEFFEDCBA9876543210", "--ksn", "FFFF9876543210E00000").json.keys, undefined);
});

// ANSI X9.24-3-2017 test vectors: AES-128 BDK, initial key ID 1234567890123456, counter 1.
test("dukpt --aes prints the initial key and the working keys by usage", (t) => {
  const { status, json } = xspos("dukpt", "--aes", "--bdk", "FEDCBA9876543210F1F1F1F1F1F1F1F1", "--ksn", "123456789012345600000001");
  t.is(status, 0);
  t.like(json, { scheme: "aes", initialKey: "1273671EA26AC29AFA4D1084127652A1", derivationKey: "4F21B565BAD9835E112B6465635EAE44" });
  t.like(json.keys, { pin: "AF8CB133A78F8DC2D1359F18527593FB", macGenerate: "A2DC23DE6FDE0824A2BC321E08E4B8B7", dataEncrypt: "A35C412EFD41FDB98B69797C02DCD08F" });
});

test("pinblock: format 0 clear and enciphered (X9.24-1 annex A), format 4 under AES", (t) => {
  const zero = xspos("pinblock", "--format", "0", "--pin", "1234", "--pan", "4012345678909", "--key", "042666B49184CF5C68DE9628D0397B36");
  t.deepEqual(zero.json, { format: 0, clearBlock: "041274EDCBA9876F", block: "1B9C1845EB993A7A" });
  const four = xspos("pinblock", "--format", "4", "--pin", "1234", "--pan", "1234567890123456789", "--key", "00112233445566778899AABBCCDDEEFF");
  t.is(four.status, 0);
  t.regex(four.json.block, /^[0-9A-F]{32}$/);
  t.is(four.json.panField, "71234567890123456789000000000000");
});

// NIST SP 800-38B D.1 example 2; FIPS 113 DES MAC example.
test("mac: CMAC, CBC-MAC and the retail MAC", (t) => {
  t.is(xspos("mac", "--alg", "cmac", "--key", "2b7e151628aed2a6abf7158809cf4f3c", "6bc1bee22e409f96e93d7e117393172a").json.mac, "070A16B46B4D4144F79BDD9DD04A287C");
  const fips113 = Buffer.from("7654321 Now is the time for ").toString("hex");
  t.is(xspos("mac", "--alg", "iso9797-1", "--key", "0123456789ABCDEF", fips113).json.mac4, "F1D30F68");
  t.regex(xspos("mac", "--alg", "x919", "--key", "0123456789ABCDEFFEDCBA9876543210", "00").json.mac, /^[0-9A-F]{16}$/);
});

test("PIN, key and KSN errors exit 2 with their codes, and no PIN in the message", (t) => {
  const cases: [string[], string][] = [
    [["pinblock", "--format", "0", "--pin", "123", "--pan", "4012345678909"], "PIN_LENGTH"],
    [["pinblock", "--format", "0", "--pin", "1234", "--pan", "40123"], "PIN_PAN"],
    [["pinblock", "--format", "0", "--pin", "12a4", "--pan", "4012345678909"], "PIN_DIGIT"],
    [["pinblock", "--format", "9", "--pin", "1234"], "USAGE"],
    [["pinblock", "--format", "0", "--pin", "987654", "--pan", "4012345678909", "--key", "0011"], "PIN_KEY"],
    [["dukpt", "--bdk", "0123456789ABCDEFFEDCBA9876543210", "--ksn", "FFFF9876543210FFFFFF"], "DUKPT_COUNTER"],
    [["dukpt", "--bdk", "0123456789ABCDEFFEDCBA98765432", "--ksn", "FFFF9876543210E00001"], "PIN_KEY"],
    [["dukpt", "--bdk", "XYZ", "--ksn", "FFFF9876543210E00001"], "HEX_INVALID"],
    [["dukpt", "--aes", "--bdk", "FEDCBA9876543210F1F1F1F1F1F1F1F1", "--ksn", "1234"], "DUKPT_KSN"],
    [["mac", "--alg", "x919", "--key", "0011223344556677", "00"], "CRYPTO_KEY_LENGTH"],
    [["mac", "--alg", "sha", "--key", "00", "00"], "USAGE"],
  ];
  for (const [args, code] of cases) {
    const { status, json } = xspos(...args);
    t.is(status, 2, args.join(" "));
    t.is(json.error?.code, code, args.join(" "));
    t.false(JSON.stringify(json).includes("987654"));
  }
});

// pyiso8583 README message (ASCII layout), and a binary one built by the jPOS BCD rules.
test("iso8583 unpack and pack, both dialects, cardholder data masked", (t) => {
  const a = xspos("iso8583", "unpack", "--dialect", "iso87a", "--text", "02004000000000000000101234567890");
  t.is(a.status, 0);
  t.like(a.json, { dialect: "iso87a", mti: "0200", fields: { 2: { name: "primary account number", value: "**********" } } }, "a 10-digit PAN leaves nothing to show");
  t.is(xspos("iso8583", "unpack", "--dialect", "iso87a", "--text", "--reveal", "02004000000000000000101234567890").json.fields[2].value, "1234567890");
  const packed = xspos("iso8583", "pack", "--dialect", "iso87a", JSON.stringify({ mti: "0210", fields: { 2: "1234567890", 39: "05" } }));
  t.is(packed.json.text, "0210400000000200000010123456789005");
  const b = xspos("iso8583", "pack", "--dialect", "iso87b", JSON.stringify({ mti: "0200", fields: { 2: "4012345678909", 22: "051", 52: "1B9C1845EB993A7A" } }));
  t.is(b.json.hex, "0200400004000000100013401234567890900051" + "1B9C1845EB993A7A");
  const back = xspos("iso8583", "unpack", "--dialect", "iso87b", b.json.hex);
  t.like(back.json.fields, { 2: { value: "401234***8909" }, 22: { value: "051" }, 52: { value: "1B9C1845EB993A7A" } });
});

test("iso8583 errors exit 2 with the field named", (t) => {
  const bad = xspos("iso8583", "unpack", "--dialect", "iso87a", "--text", "0200400000000000000010123456789X");
  t.is(bad.status, 2);
  t.is(bad.json.error.code, "ISO8583_FIELD");
  t.regex(bad.json.error.message, /^field 2: /);
  t.is(xspos("iso8583", "unpack", "--dialect", "iso93", "00").json.error.code, "USAGE");
  t.is(xspos("iso8583", "pack", "--dialect", "iso87a", "{not json").json.error.code, "INPUT_FORMAT");
  t.is(xspos("iso8583", "pack", "--dialect", "iso87a", JSON.stringify({ mti: "0200", fields: { 2: "1234567890", "02": "9876543210" } })).json.error.code, "INPUT_FORMAT", "two keys for one field");
  t.is(xspos("iso8583", "pack", "--dialect", "iso87a", JSON.stringify({ mti: "0200", fields: { 4: "12A" } })).json.error.code, "ISO8583_FIELD");
});

// JCOP shell transcript: "T=1, FI=1/DI=3 (93clk/etu), N=0, IFSC=254, BWI=4/CWI=5, Hist=JCOP41V221".
test("atr decodes an ATR and gives EMV's verdict", (t) => {
  const { status, json } = xspos("atr", "3BFA1300008131FE454A434F5034315632323196");
  t.is(status, 0);
  t.like(json, { convention: "direct", protocols: ["T=1"], Fi: 372, Di: 4, cyclesPerEtu: 93, extraGuardTimeN: 0, tckValid: true, t1: { ifsc: 254, bwi: 4, cwi: 5, edc: "LRC" }, emv: { accepted: true } });
  t.is(Buffer.from(json.historicalBytes, "hex").toString(), "JCOP41V221");
  const badTck = xspos("atr", "3BFA1300008131FE454A434F5034315632323197");
  t.is(badTck.status, 0, "a wrong TCK is reported");
  t.like(badTck.json, { tckValid: false, emv: { accepted: false } });
  t.is(xspos("atr", "3C00").json.error.code, "ATR_INVALID");
  t.is(xspos("atr").json.error.code, "USAGE");
});

// EMV Book 1 8.3.3.2: TB1 other than 00 rejects a cold reset's ATR, not a warm reset's.
test("atr judges TB1 by the reset: 25 is rejected after a cold reset, ignored after a warm one (--warm)", (t) => {
  const cold = xspos("atr", "3B602500");
  t.like(cold.json.emv, { reset: "cold", accepted: false, reasons: ["TB1 25: after a cold reset EMV accepts only TB1 = 00 (no programming voltage)"] });
  const warm = xspos("atr", "--warm", "3B602500");
  t.like(warm.json.emv, { reset: "warm", accepted: true, reasons: [] });
  t.deepEqual(warm.json.emv.ignored, ["TB1 25 (after a warm reset: the session goes on as though TB1 = 00, no programming voltage)"]);
});
