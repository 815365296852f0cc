import test from "ava";
import { amountVariants, chineseDateTime, formatMoney, isoDateTime, toLocalDateTime } from "../../../modules/display/index.ts";

// ISO 4217 minor-unit exponents: CNY 2, JPY 0, KWD 3.
const CNY = { code: "CNY", exponent: 2 };
const JPY = { code: "JPY", exponent: 0 };
const KWD = { code: "KWD", exponent: 3 };

test("amounts by the currency's exponent: English puts the code first, Chinese writes yuan as 元 and other currencies by code", (t) => {
  t.deepEqual(amountVariants({ minor: 123456, currency: CNY }, "en"), ["CNY 1,234.56", "CNY 1234.56", "CNY1234.56"]);
  t.deepEqual(amountVariants({ minor: 123456, currency: CNY }, "zh"), ["1,234.56元", "1234.56元"]);
  t.deepEqual(amountVariants({ minor: 5, currency: CNY }, "zh"), ["0.05元"]);
  t.deepEqual(amountVariants({ minor: 0, currency: CNY }, "en"), ["CNY 0.00", "CNY0.00"]);
  t.deepEqual(amountVariants({ minor: 1250, currency: JPY }, "zh"), ["JPY 1,250", "JPY 1250", "JPY1250"]);
  t.deepEqual(amountVariants({ minor: 1250, currency: KWD }, "en"), ["KWD 1.250", "KWD1.250"]);
  t.is(formatMoney({ minor: 999_999_999_999, currency: KWD }, "en"), "KWD 999,999,999.999");
});

// Unix times with well-known calendar readings: 0 is the epoch; 946684800
// is 2000-01-01T00:00:00Z; 1234567890 is 2009-02-13T23:31:30Z; 2147483647
// (2^31 - 1) is 2038-01-19T03:14:07Z; 253402300799 is 9999-12-31T23:59:59Z.
test("local date and time of a WallClock reading: published Unix times, in UTC and in China (+480 minutes)", (t) => {
  t.deepEqual(toLocalDateTime(0, 0), { year: 1970, month: 1, day: 1, hour: 0, minute: 0 });
  t.deepEqual(toLocalDateTime(946_684_800_000, 0), { year: 2000, month: 1, day: 1, hour: 0, minute: 0 });
  t.deepEqual(toLocalDateTime(1_234_567_890_000, 0), { year: 2009, month: 2, day: 13, hour: 23, minute: 31 });
  t.deepEqual(toLocalDateTime(1_234_567_890_000, 480), { year: 2009, month: 2, day: 14, hour: 7, minute: 31 });
  t.deepEqual(toLocalDateTime(2_147_483_647_000, 0), { year: 2038, month: 1, day: 19, hour: 3, minute: 14 });
  t.deepEqual(toLocalDateTime(2_147_483_647_000, -300), { year: 2038, month: 1, day: 18, hour: 22, minute: 14 });
  t.deepEqual(toLocalDateTime(253_402_300_799_000, 0), { year: 9999, month: 12, day: 31, hour: 23, minute: 59 });
});

test("dates as the idle screen writes them: ISO 8601 order in 16 columns, the Chinese form in 20", (t) => {
  const at = { year: 2024, month: 2, day: 29, hour: 9, minute: 5 };
  t.is(isoDateTime(at), "2024-02-29 09:05");
  t.is(chineseDateTime(at), "2024年02月29日 09:05");
});
