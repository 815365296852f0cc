import test from "ava";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { caKeyName, readCaKey, readRevocations } from "../../../modules/config/ca-keys.ts";
import { validateTerminalConfig } from "../../../modules/config/config.ts";
import { ConfigError } from "../../../modules/config/error.ts";
import { SoftwareCrypto } from "../../../modules/crypto/software-crypto.ts";
import { caKeyCheckValue } from "../../../modules/emv/oda/ca-key.ts";
import { testCrypto } from "../../support/crypto.ts";
import { sample, withField } from "./edit.ts";

const crypto = testCrypto();
const validate = (value: unknown) => validateTerminalConfig(value, crypto);

// openemv/emv-utils, src/emv_capk_static_data.h: Mastercard test CAPK F5 (1984 bits, exponent 2^16 + 1) and its
// published checksum. The expiry is not part of the vector (the file carries none).
const MASTERCARD_F5 = {
  rid: "A000000004",
  index: "F5",
  modulus:
    "A6E6FB72179506F860CCCA8C27F99CECD94C7D4F3191D303BBEE37481C7AA15F233BA755E9E4376345A9A67E7994BDC1" +
    "C680BB3522D8C93EB0CCC91AD31AD450DA30D337662D19AC03E2B4EF5F6EC18282D491E19767D7B24542DFDEFF6F6218" +
    "5503532069BBB369E3BB9FB19AC6F1C30B97D249EEE764E0BAC97F25C873D973953E5153A42064BBFABFD06A4BB48686" +
    "0BF6637406C9FC36813A4A75F75C31CCA9F69F8DE59ADECEF6BDE7E07800FCBE035D3176AF8473E23E9AA3DFEE221196" +
    "D1148302677C720CFE2544A03DB553E7F1B8427BA1CC72B0F29B12DFEF4C081D076D353E71880AADFF386352AF0AB7B2" +
    "8ED49E1E672D11F9",
  exponent: "010001",
  expiry: "291231",
  hashAlgorithm: "01",
  checksum: "C2239804C8098170BE52D6D5D4159E81CE8466BF",
};

// openemv/emv-utils, tools/emv-config-example.xml: the Visa live CAPK 09 with its checksum ("hash"); the expiry is ours.
const VISA_09 = {
  rid: "A000000003",
  index: "09",
  modulus:
    "9D912248DE0A4E39C1A7DDE3F6D2588992C1A4095AFBD1824D1BA74847F2BC4926D2EFD904B4B54954CD189A54C5D117" +
    "9654F8F9B0D2AB5F0357EB642FEDA95D3912C6576945FAB897E7062CAA44A4AA06B8FE6E3DBA18AF6AE3738E30429EE9" +
    "BE03427C9D64F695FA8CAB4BFE376853EA34AD1D76BFCAD15908C077FFE6DC5521ECEF5D278A96E26F57359FFAEDA194" +
    "34B937F1AD999DC5C41EB11935B44C18100E857F431A4A5A6BB65114F174C2D7B59FDF237D6BB1DD0916E644D709DED5" +
    "6481477C75D95CDD68254615F7740EC07F330AC5D67BCD75BF23D28A140826C026DBDE971A37CD3EF9B8DF644AC38501" +
    "0501EFC6509D7A41",
  exponent: "03",
  expiry: "20301231",
  hashAlgorithm: "01",
  checksum: "1FF80A40173F52D7D27E0F26A146A1C8CCB29046",
};

test("Book 2 §11.2.2: the checksum is the SHA-1 of RID, index, modulus and exponent (published keys, exponents 3 and 65537)", (t) => {
  for (const k of [MASTERCARD_F5, VISA_09]) {
    const key = { rid: fromHex(k.rid), index: fromHex(k.index)[0], modulus: fromHex(k.modulus), exponent: fromHex(k.exponent) };
    t.is(toHex(caKeyCheckValue(crypto, key)), k.checksum, k.index);
    const read = readCaKey(k, "caKeys[0]", crypto);
    t.is(toHex(read.checksum), k.checksum);
    t.deepEqual(read.exponent, fromHex(k.exponent));
  }
});

test("every test CA key of the sample matches the checksum its source publishes", (t) => {
  const keys = sample().caKeys as { rid: string; index: string; checksum: string }[];
  t.is(keys.length, 7);
  const config = validate(sample());
  for (let i = 0; i < keys.length; i++) {
    t.is(toHex(caKeyCheckValue(crypto, config.caKeys[i])), keys[i].checksum, `${keys[i].rid} ${keys[i].index}`);
  }
});

test("a CA key whose checksum does not match is CONFIG_CA_KEY naming the key by RID and index", (t) => {
  const message = "caKeys[0]: CA key A000000003 92: the checksum is not the SHA-1 of its RID, index, modulus and exponent";
  const s = sample();
  const key = (s.caKeys as Record<string, string>[])[0];
  // the published checksum with its last byte changed
  const wrongCheck = key.checksum.slice(0, 38) + "54";
  const modulus = key.modulus;
  // the modulus with a byte in the middle changed: still odd, still a whole modulus
  const wrongModulus = modulus.slice(0, 100) + (modulus.slice(100, 102) === "00" ? "01" : "00") + modulus.slice(102);
  for (const [path, value] of [["caKeys[0].checksum", wrongCheck], ["caKeys[0].modulus", wrongModulus], ["caKeys[0].exponent", "010001"]] as const) {
    t.throws(() => validate(withField(path, value)), { instanceOf: ConfigError, code: "CONFIG_CA_KEY", message }, path);
  }
  // the key filed under another index: the message names the index it claims
  t.throws(() => validate(withField("caKeys[0].index", "93")), {
    code: "CONFIG_CA_KEY",
    message: "caKeys[0]: CA key A000000003 93: the checksum is not the SHA-1 of its RID, index, modulus and exponent",
  });
  const e = t.throws(() => validate(withField("caKeys[4].checksum", "00".repeat(20)))) as ConfigError;
  t.is(e.path, "caKeys[4]");
  t.is(e.message, "caKeys[4]: CA key A000000004 F1: the checksum is not the SHA-1 of its RID, index, modulus and exponent");
});

test("hex is read in either case and kept as bytes", (t) => {
  const lower = Object.fromEntries(Object.entries(VISA_09).map(([k, v]) => [k, v.toLowerCase()]));
  const read = readCaKey(lower, "caKeys[0]", crypto);
  t.deepEqual(read, readCaKey(VISA_09, "caKeys[0]", crypto));
  t.is(toHex(read.rid), "A000000003");
  t.is(read.index, 0x09);
  t.is(caKeyName(read), "A000000003 09");
});

test("expiry: YYMMDD reads 00-49 as 20xx and 50-99 as 19xx; YYYYMMDD as is; leap days by the Gregorian rule", (t) => {
  const cases: [string, string][] = [
    ["311222", "20311222"],
    ["491231", "20491231"],
    ["500101", "19500101"],
    ["991231", "19991231"],
    ["000229", "20000229"],
    ["20240229", "20240229"],
    ["20301231", "20301231"],
  ];
  for (const [expiry, full] of cases) t.is(readCaKey({ ...VISA_09, expiry }, "k", crypto).expiry, full, expiry);
  for (const expiry of ["19000229", "210229", "000000", "20311200", "20310431", "2031122"]) {
    t.throws(() => readCaKey({ ...VISA_09, expiry }, "k", crypto), { code: "CONFIG_FIELD", message: "k.expiry: a date YYMMDD or YYYYMMDD expected" }, expiry);
  }
});

test("revocation list: RID, CA key index and certificate serial number as bytes", (t) => {
  const list = readRevocations([{ rid: "a000000003", index: "92", serial: "00a0ff" }], "revocations");
  t.deepEqual(list, [{ rid: fromHex("A000000003"), index: 0x92, serial: fromHex("00A0FF") }]);
  t.throws(() => readRevocations([{ rid: "A000000003", index: "92", serial: "000001", key: "x" }], "revocations"), {
    code: "CONFIG_UNKNOWN_FIELD",
    message: "revocations[0].key: unknown field",
  });
  t.throws(() => readRevocations([{ rid: "A000000003", serial: "000001" }], "revocations"), { code: "CONFIG_FIELD", message: "revocations[0].index: required field missing" });
});

test("more than 64 CA keys is refused before any is hashed", (t) => {
  const keys = Array.from({ length: 65 }, () => VISA_09);
  let digests = 0;
  class CountingCrypto extends SoftwareCrypto {
    override digest(alg: "SHA-1" | "SHA-256", data: Uint8Array): Uint8Array {
      digests++;
      return super.digest(alg, data);
    }
  }
  const counting = new CountingCrypto((n) => crypto.random(n));
  t.throws(() => validateTerminalConfig(withField("caKeys", keys), counting), { code: "CONFIG_FIELD", message: "caKeys: a list of 0-64 entries expected" });
  t.is(digests, 0);
  validateTerminalConfig(sample(), counting);
  t.is(digests, 7, "one digest per key of a valid configuration");
});

test("a CA key's RID, modulus, exponent and checksum are kept on one buffer, each with its own bytes", (t) => {
  const key = readCaKey(MASTERCARD_F5, "caKeys[0]", crypto);
  t.is(key.modulus.buffer, key.rid.buffer);
  t.is(key.exponent.buffer, key.rid.buffer);
  t.is(key.checksum.buffer, key.rid.buffer);
  t.is(toHex(key.rid), MASTERCARD_F5.rid);
  t.is(toHex(key.modulus), MASTERCARD_F5.modulus);
  t.is(toHex(key.exponent), MASTERCARD_F5.exponent);
  t.is(toHex(key.checksum), MASTERCARD_F5.checksum);
  t.is(key.rid.buffer.byteLength, 5 + 248 + 3 + 20);
});
