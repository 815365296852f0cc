import test from "ava";
import { cardFromTracks, checkCard, summarizeTrack } from "../../../modules/card/card.ts";
import { isExpired, parseExpiry } from "../../../modules/card/expiry.ts";
import { maskPan } from "../../../modules/card/mask.ts";
import { maskTrackText } from "../../../modules/card/mask-track.ts";
import { parseTrack } from "../../../modules/card/track.ts";

// Magnetic Track Parser (sualeh/magnetictrackparser) README example.
const T1 = "%B5350290149345177^FATEHI/SUALEH^16042010000000000000000000000000000567001000?";
const T2 = ";5350290149345177=16042010000056700100?";

test("tracks 1 and 2 merge into one card, track 2 first", (t) => {
  const card = cardFromTracks([parseTrack(T1), parseTrack(T2)]);
  t.is(card.pan, "5350290149345177");
  t.is(card.name, "FATEHI/SUALEH");
  t.is(card.scheme, "mastercard");
  t.true(card.luhnValid);
  t.is(card.tracks[0].track, 2);
  t.true(card.serviceCode?.chipCard);
});

test("disagreeing tracks are a typed error", (t) => {
  const other = parseTrack(";5350290149345177=17042010000056700100?");
  t.throws(() => cardFromTracks([parseTrack(T1), other]), { code: "CARD_TRACK_MISMATCH" });
  t.throws(() => cardFromTracks([]), { code: "TRACK_EMPTY" });
});

test("checkCard refuses a bad check digit and an expired card", (t) => {
  const card = cardFromTracks([parseTrack(T2)]);
  t.throws(() => checkCard(card, { year: 2016, month: 5 }), { code: "CARD_EXPIRED" });
  t.notThrows(() => checkCard(card, { year: 2016, month: 4 }));
  const bad = cardFromTracks([parseTrack(";5350290149345178=16042010000056700100?")]);
  t.false(bad.luhnValid);
  const e = t.throws(() => checkCard(bad, { year: 2016, month: 1 }), { code: "CARD_LUHN" }) as Error;
  t.false(e.message.includes("5350290149345178"), "the message holds no full PAN");
});

test("expiry: good through the end of its month", (t) => {
  const e = parseExpiry("2512");
  t.deepEqual(e, { year: 2025, month: 12 });
  t.false(isExpired(e, { year: 2025, month: 12 }));
  t.true(isExpired(e, { year: 2026, month: 1 }));
  t.throws(() => parseExpiry("25"), { code: "CARD_EXPIRY" });
});

test("masking keeps the first 6 and last 4 digits (PCI DSS 3.4)", (t) => {
  t.is(maskPan("5350290149345177"), "535029******5177");
  t.is(maskPan("378282246310005"), "378282*****0005");
  t.is(maskPan("4111111111111111111"), "411111*********1111");
  t.is(maskPan("1234"), "****");
});

test("summaries and masked track text hold no full PAN and no discretionary data", (t) => {
  const s = summarizeTrack(parseTrack(T1));
  const json = JSON.stringify(s);
  t.false(json.includes("5350290149345177"));
  t.false(json.includes("567001000"));
  t.is(s.pan, "535029******5177");
  t.is(maskTrackText(T2), ";535029******5177=1604201*************?");
  t.is(maskTrackText(";12345678901234567890?"), ";123456**********7890?");
});
