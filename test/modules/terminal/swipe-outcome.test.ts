import test from "ava";
import { assessSwipe, type SwipedTrack } from "../../../modules/terminal/swipe-outcome.ts";

// Magnetic Track Parser (sualeh/magnetictrackparser) README example: a
// Mastercard with service code 201 (chip card).
const CHIP_T1 = "B5350290149345177^FATEHI/SUALEH^16042010000000000000000000000000000567001000";
const CHIP_T2 = "5350290149345177=16042010000056700100";
// Stripe's documented Visa test number 4242 4242 4242 4242, with service code 101 (stripe only).
const STRIPE_T2 = "4242424242424242=30121010000000000000";
const IN_2016 = { year: 2016, month: 1 };

const ok = (track: 1 | 2 | 3, data: string): SwipedTrack => ({ track, ok: true, data });
const bad = (track: 1 | 2 | 3, code: string): SwipedTrack => ({ track, ok: false, error: { code } });

test("a chip card's stripe sends the cardholder to the chip", (t) => {
  const outcome = assessSwipe([ok(1, CHIP_T1), ok(2, CHIP_T2)], { today: IN_2016, chipFailed: false });
  t.is(outcome.kind, "use-chip");
  t.deepEqual(outcome.prompt.slice(0, 2), ["CHIP CARD", "INSERT CARD"]);
});

test("after a chip failure the stripe is accepted as a fallback", (t) => {
  const outcome = assessSwipe([ok(1, CHIP_T1), ok(2, CHIP_T2)], { today: IN_2016, chipFailed: true });
  if (outcome.kind !== "accepted") return t.fail(outcome.kind);
  t.true(outcome.fallback);
  t.is(outcome.summary.pan, "535029******5177");
});

test("an expired card is refused with its code", (t) => {
  const outcome = assessSwipe([ok(2, CHIP_T2)], { today: { year: 2016, month: 5 }, chipFailed: true });
  t.like(outcome, { kind: "rejected", code: "CARD_EXPIRED" });
});

test("one good track is enough; none gives the first read error", (t) => {
  const one = assessSwipe([bad(1, "TRACK_PARITY"), ok(2, CHIP_T2), bad(3, "SWIPE_TOO_SHORT")], { today: IN_2016, chipFailed: true });
  t.is(one.kind, "accepted");
  const none = assessSwipe([bad(1, "TRACK_LRC"), bad(2, "TRACK_PARITY")], { today: IN_2016, chipFailed: false });
  t.like(none, { kind: "rejected", code: "TRACK_LRC", prompt: ["READ ERROR", "SWIPE AGAIN"] });
});

test("a malformed track read without error is refused with the parser's code", (t) => {
  const outcome = assessSwipe([ok(2, "12345=")], { today: IN_2016, chipFailed: false });
  t.is(outcome.kind, "rejected");
  if (outcome.kind === "rejected") t.regex(outcome.code, /^(CARD|TRACK)_/);
});

test("a stripe-only card's PAN is shown masked, never whole", (t) => {
  const outcome = assessSwipe([ok(2, STRIPE_T2)], { today: IN_2016, chipFailed: false });
  t.like(outcome, { kind: "accepted", fallback: false, prompt: ["VISA", "424242******4242"] });
  const fallback = assessSwipe([ok(1, CHIP_T1)], { today: IN_2016, chipFailed: true });
  if (fallback.kind !== "accepted") return t.fail();
  t.false(JSON.stringify([fallback.prompt, fallback.summary]).includes("5350290149345177"));
  t.is(fallback.pan, "5350290149345177", "the full PAN is kept for the PIN block and the authorization only");
});
