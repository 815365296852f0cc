import test from "ava";
import { parseServiceCode } from "../../../modules/card/service-code.ts";

// Meanings from ISO/IEC 7813 (service code digits), as tabulated in
// Wikipedia's "Magnetic stripe card" article, section "Service code values".
test("101: international, normal authorization, no restrictions", (t) => {
  t.deepEqual(parseServiceCode("101"), {
    code: "101",
    interchange: "international",
    chipCard: false,
    authorization: "normal",
    services: "any",
    pin: "none",
  });
});

test("first digit 2 or 6 means a chip card", (t) => {
  for (const code of ["201", "221", "601", "620", "226"]) t.true(parseServiceCode(code).chipCard, code);
  for (const code of ["101", "120", "501", "520", "701", "901"]) t.false(parseServiceCode(code).chipCard, code);
  t.is(parseServiceCode("601").interchange, "national");
  t.is(parseServiceCode("201").interchange, "international");
});

test("second and third digits", (t) => {
  t.is(parseServiceCode("120").authorization, "online");
  t.is(parseServiceCode("140").authorization, "online-unless-bilateral");
  t.deepEqual([parseServiceCode("100").services, parseServiceCode("100").pin], ["any", "required"]);
  t.deepEqual([parseServiceCode("102").services, parseServiceCode("102").pin], ["goods-and-services", "none"]);
  t.deepEqual([parseServiceCode("103").services, parseServiceCode("103").pin], ["atm-only", "required"]);
  t.deepEqual([parseServiceCode("104").services, parseServiceCode("104").pin], ["cash-only", "none"]);
  t.deepEqual([parseServiceCode("105").services, parseServiceCode("105").pin], ["goods-and-services", "required"]);
  t.deepEqual([parseServiceCode("106").services, parseServiceCode("106").pin], ["any", "if-pin-pad-present"]);
  t.deepEqual([parseServiceCode("107").services, parseServiceCode("107").pin], ["goods-and-services", "if-pin-pad-present"]);
  t.is(parseServiceCode("108").services, "reserved");
  t.is(parseServiceCode("901").interchange, "test");
  t.is(parseServiceCode("301").interchange, "reserved");
});

test("anything but three digits is a typed error", (t) => {
  for (const bad of ["", "10", "1011", "1a1", " 01"]) t.throws(() => parseServiceCode(bad), { code: "CARD_SERVICE_CODE" });
});
