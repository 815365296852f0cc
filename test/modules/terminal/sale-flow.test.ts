import test from "ava";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import type { KeypadKey } from "../../../modules/core/keys.ts";
import { VirtualClock } from "../../../modules/core/virtual-clock.ts";
import { decryptPinBlock } from "../../../modules/pin/pin-block.ts";
import { SaleFlow, type SaleRequest } from "../../../modules/terminal/sale-flow.ts";
import { CURRENCIES, LOCALES } from "../../../modules/terminal/currency.ts";
import type { SwipedTrack } from "../../../modules/terminal/swipe-outcome.ts";
import { testCrypto } from "../../support/crypto.ts";
import { RecordingDisplay, RecordingLog } from "../../support/recorders.ts";

const crypto = testCrypto(2);
const PIN_KEY = fromHex("0123456789ABCDEFFEDCBA9876543210");
// Stripe's documented Visa test number with service codes chosen per case (ISO/IEC 7813 track 2).
const stripe = (serviceCode: string): SwipedTrack[] => [{ track: 2, ok: true, data: `4242424242424242=3012${serviceCode}0000000000000` }];

function flow() {
  const clock = new VirtualClock();
  const display = new RecordingDisplay();
  const log = new RecordingLog();
  const requests: SaleRequest[] = [];
  const sale = new SaleFlow({
    clock,
    display,
    log,
    crypto,
    currency: CURRENCIES.EUR,
    locale: LOCALES["de-DE"],
    pinKey: () => ({ key: PIN_KEY.slice(), ksn: fromHex("FFFF9876543210E00001") }),
    today: () => ({ year: 2026, month: 11 }),
    onRequest: (r) => requests.push(r),
  });
  const keys = (...list: KeypadKey[]) => list.forEach((key) => sale.key({ key, repeat: false, at: clock.now() }));
  return { sale, display, log, requests, keys };
}

test("amount, a stripe-only card without PIN: the request goes out with the masked card", (t) => {
  const { sale, keys, requests, display } = flow();
  keys("1", "2", "5", "0", "ENTER");
  t.deepEqual(display.last, ["12,50 €", "INSERT OR SWIPE"]);
  sale.swipe(stripe("101"));
  t.is(requests.length, 1);
  t.like(requests[0], { amountMinor: 1250, fallback: false, card: { pan: "424242******4242" } });
  t.is(requests[0].pin, undefined);
  t.deepEqual(display.last, ["12,50 €", "424242******4242", "AUTHORIZING"]);
});

test("a service code that asks for a PIN leads to PIN entry and an enciphered block", (t) => {
  const { sale, keys, requests } = flow();
  keys("5", "00", "ENTER");
  sale.swipe(stripe("106"));
  t.is(sale.step, "pin");
  keys("2", "4", "6", "8", "ENTER");
  const pin = requests[0]?.pin;
  if (!pin) return t.fail();
  t.is(toHex(pin.ksn!), "FFFF9876543210E00001");
  t.is(decryptPinBlock(crypto, pin.block, { format: 0, key: PIN_KEY, pan: "4242424242424242" }).join(""), "2468");
});

test("a chip card's stripe waits for the chip to fail; then the request says fallback", (t) => {
  const { sale, keys, requests, display, log } = flow();
  keys("9", "9", "ENTER");
  sale.swipe(stripe("201"));
  t.deepEqual(display.last.slice(0, 2), ["CHIP CARD", "INSERT CARD"]);
  t.is(requests.length, 0);
  sale.chipFailed();
  sale.swipe(stripe("201"));
  t.true(requests[0]?.fallback);
  t.true(log.lines.some((l) => l.includes("fallback")));
});

test("CANCEL during PIN entry starts a new sale; refused cards keep the sale waiting", (t) => {
  const { sale, keys, requests, display } = flow();
  keys("1", "ENTER");
  sale.swipe(stripe("106").map((tr) => (tr.ok ? { ...tr, data: tr.data.replace("3012", "1912") } : tr)));
  t.deepEqual(display.last[0], "CARD EXPIRED");
  t.is(sale.step, "card");
  sale.swipe(stripe("106"));
  keys("1", "CANCEL");
  t.is(sale.step, "amount");
  t.is(requests.length, 0);
});
