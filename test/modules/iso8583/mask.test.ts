import test from "ava";
import { fromHex } from "../../../modules/core/hex.ts";
import { maskField } from "../../../modules/iso8583/mask.ts";

// The Magnetic Track Parser (sualeh/magnetictrackparser) README example's PAN and track 2.
const PAN = "5350290149345177";

test("PAN, extended PAN and tracks are masked; other fields shown as they are", (t) => {
  t.deepEqual(maskField(2, PAN), { value: "535029******5177" });
  t.deepEqual(maskField(2, "123456789"), { value: "*********" });
  t.deepEqual(maskField(34, PAN), { value: "535029******5177" });
  t.deepEqual(maskField(35, `${PAN}=16042010000056700100`), { value: "535029******5177=1604201*************" });
  t.deepEqual(maskField(4, "000000001000"), { value: "000000001000" });
  t.deepEqual(maskField(52, fromHex("1B9C1845EB993A7A")), { value: "1B9C1845EB993A7A" });
});

test("DE55 is masked as TLV, or hidden whole with a note when it is not TLV", (t) => {
  t.deepEqual(maskField(55, fromHex("5A085350290149345177")), { value: "5A08535029******5177" });
  t.deepEqual(maskField(55, fromHex("5A105350290149345177")), { value: "*".repeat(20), note: "not BER-TLV (TLV_LENGTH): hidden whole" });
});
