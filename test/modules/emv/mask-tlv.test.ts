import test from "ava";
import { fromHex } from "../../../modules/core/hex.ts";
import { maskTlvHex } from "../../../modules/emv/mask-tlv.ts";

// The Magnetic Track Parser (sualeh/magnetictrackparser) README example's PAN and track 2,
// in EMV Book 3 annex A formats (5A cn, 57 with D separator and F pad); 9F26 from EMV Book 3 annex B.
const PAN_5A = "5A085350290149345177";
const T2_57 = "57135350290149345177D16042010000056700100F";

test("the PAN keeps 6 + 4 digits, track 2 its PAN ends, expiry and service code", (t) => {
  t.is(maskTlvHex(fromHex(PAN_5A + T2_57 + "9F2608C2C12B098F3DA6E3")), "5A08535029******5177" + "5713535029******5177D1604201*************F" + "9F2608C2C12B098F3DA6E3");
});

test("name and discretionary data are hidden; constructed objects are walked", (t) => {
  t.is(maskTlvHex(fromHex("5F20024142" + "9F1F023132" + "9F2001FF")), "5F2002****" + "9F1F02****" + "9F2001**");
  t.is(maskTlvHex(fromHex("700D" + PAN_5A + "9F0100")), "700D5A08535029******5177" + "9F0100");
  t.is(maskTlvHex(fromHex("7003" + "5A10AA")), "7003******", "a template that is not TLV is hidden whole");
});

test("a track equivalent that is no track is hidden whole; a string that is not TLV throws", (t) => {
  t.is(maskTlvHex(fromHex("5703123456")), "5703******");
  t.throws(() => maskTlvHex(fromHex("5A10" + "5350290149345177")), { code: "TLV_LENGTH" });
});
