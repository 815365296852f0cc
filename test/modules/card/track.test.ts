import test from "ava";
import { CardError } from "../../../modules/card/error.ts";
import { parseTrack } from "../../../modules/card/track.ts";
import { parseTrack1 } from "../../../modules/card/track1.ts";
import { parseTrack2 } from "../../../modules/card/track2.ts";

// Wikipedia, "ISO/IEC 7813", section Track 1, second example: expiry and
// service code absent, each replaced by a field separator.
test("ISO/IEC 7813 example with absent expiry and service code (Wikipedia)", (t) => {
  const tr = parseTrack1("%B4815881002861896^YATES/EUGENE L ^^^356858 00998000000?");
  t.is(tr.pan, "4815881002861896");
  t.is(tr.name, "YATES/EUGENE L ");
  t.is(tr.expiry, undefined);
  t.is(tr.serviceCode, undefined);
  t.is(tr.discretionary, "356858 00998000000");
});

// Wikipedia, "ISO/IEC 7813", first track 1 example: its expiry field reads
// 3782 (month 82), which ISO/IEC 7813 does not allow.
test("ISO/IEC 7813 example whose expiry month is 82 is rejected (Wikipedia)", (t) => {
  t.throws(() => parseTrack1("%B4815881002867896^YATES/EUGENE JOHN ^37829821000123456789?"), { instanceOf: CardError, code: "CARD_EXPIRY" });
});

// Magnetic Track Parser (sualeh/magnetictrackparser), README example of a
// Mastercard swipe: tracks 1 and 2 of the same card.
test("track 1 and track 2 of the Magnetic Track Parser example", (t) => {
  const t1 = parseTrack("%B5350290149345177^FATEHI/SUALEH^16042010000000000000000000000000000567001000?");
  t.is(t1.track, 1);
  t.is(t1.pan, "5350290149345177");
  t.is(t1.name, "FATEHI/SUALEH");
  t.deepEqual(t1.expiry, { year: 2016, month: 4 });
  t.is(t1.serviceCode?.code, "201");
  t.true(t1.serviceCode?.chipCard);
  const t2 = parseTrack(";5350290149345177=16042010000056700100?");
  t.is(t2.track, 2);
  t.is(t2.pan, "5350290149345177");
  t.deepEqual(t2.expiry, { year: 2016, month: 4 });
  t.is(t2.serviceCode?.code, "201");
  t.is(t2.discretionary, "0000056700100");
});

// Skipjack/Acme Technologies SwipeParserObj sample (a widely copied
// JavaScript parser): its name field "CardUser/John" has lower-case
// letters, which are outside track 1's 6-bit alphabet.
test("lower-case name from the SwipeParserObj sample is not track 1 data", (t) => {
  t.throws(() => parseTrack("%B1234123412341234^CardUser/John^030510100000019301000000877000000?"), { code: "TRACK_CHARACTER" });
  const t2 = parseTrack("1234123412341234=0305101193010877");
  t.is(t2.pan, "1234123412341234");
  t.deepEqual(t2.expiry, { year: 2003, month: 5 });
  t.is(t2.serviceCode?.code, "101");
});

test("sentinels are optional but must come in pairs", (t) => {
  t.is(parseTrack2("4111111111111111=25121010000000000000").pan, "4111111111111111");
  t.is(parseTrack2(";4111111111111111=25121010000000000000?").pan, "4111111111111111");
  t.throws(() => parseTrack2(";4111111111111111=2512101"), { code: "TRACK_NO_END_SENTINEL" });
  t.throws(() => parseTrack2("4111111111111111=2512101?"), { code: "TRACK_NO_START_SENTINEL" });
  t.throws(() => parseTrack1("%B4111111111111111^DOE/J^2512101"), { code: "TRACK_NO_END_SENTINEL" });
});

test("characters after the end sentinel are rejected", (t) => {
  t.throws(() => parseTrack2(";4111111111111111=2512101?5"), { code: "TRACK_TRAILING_DATA" });
  t.throws(() => parseTrack1("%B4111111111111111^DOE/J^2512101?x"), { code: "TRACK_TRAILING_DATA" });
});

test("track lengths follow ISO/IEC 7813: 76 data characters on track 1, 37 on track 2", (t) => {
  const t2 = "4111111111111111=2512101" + "0".repeat(13);
  t.is(t2.length, 37);
  t.notThrows(() => parseTrack2(t2));
  t.throws(() => parseTrack2(t2 + "0"), { code: "TRACK_TOO_LONG" });
  const t1 = "B4111111111111111^DOE/JOHN^2512101" + "0".repeat(76 - 34);
  t.is(t1.length, 76);
  t.notThrows(() => parseTrack1(t1));
  t.throws(() => parseTrack1(t1 + "0"), { code: "TRACK_TOO_LONG" });
});

test("field errors carry their own codes", (t) => {
  t.throws(() => parseTrack2("41111111111=2512101"), { code: "CARD_PAN" });
  t.throws(() => parseTrack2("41111111111111111111=2512101"), { code: "CARD_PAN" });
  t.throws(() => parseTrack2("4111111111111111"), { code: "TRACK_FORMAT" });
  t.throws(() => parseTrack2("4111111111111111=2513101"), { code: "CARD_EXPIRY" });
  t.throws(() => parseTrack2("4111111111111111=2500101"), { code: "CARD_EXPIRY" });
  t.throws(() => parseTrack2("4111111111111111=25121"), { code: "CARD_SERVICE_CODE" });
  t.throws(() => parseTrack2("4111111111111111:2512101"), { code: "TRACK_FORMAT" });
  t.throws(() => parseTrack1("A4111111111111111^DOE/J^2512101"), { code: "TRACK_FORMAT_CODE" });
  t.throws(() => parseTrack1("B4111111111111111^D^2512101"), { code: "CARD_NAME" });
  t.throws(() => parseTrack1("B4111111111111111^" + "X".repeat(27) + "^2512101"), { code: "CARD_NAME" });
  t.throws(() => parseTrack1("B4111111111111111DOE/J2512101"), { code: "TRACK_FORMAT" });
  t.throws(() => parseTrack1("B4111111111111111^DOE/J2512101"), { code: "TRACK_FORMAT" });
  t.throws(() => parseTrack(""), { code: "TRACK_EMPTY" });
  t.throws(() => parseTrack("*123"), { code: "TRACK_NO_START_SENTINEL" });
});

test("track 2 with absent expiry keeps the service code", (t) => {
  const tr = parseTrack2("4111111111111111==101123");
  t.is(tr.expiry, undefined);
  t.is(tr.serviceCode?.code, "101");
  t.is(tr.discretionary, "123");
});
