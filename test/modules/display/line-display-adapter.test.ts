import test from "ava";
import { VirtualClock } from "../../../modules/core/virtual-clock.ts";
import type { MessageDisplay } from "../../../modules/core/ports.ts";
import { isXsposError } from "../../../modules/core/error.ts";
import { LineDisplayAdapter, renderLines, type Geometry, type LanguageMode, type Message } from "../../../modules/display/index.ts";
import { RecordingDisplay } from "../../support/recorders.ts";
import { yuan } from "./samples.ts";

const TWO_BY_16: Geometry = { kind: "character", rows: 2, columns: 16 };

function adapter(language: LanguageMode = "en", geometry: Geometry = TWO_BY_16, pageMs?: number) {
  const display = new RecordingDisplay();
  const clock = new VirtualClock();
  const port: MessageDisplay & LineDisplayAdapter = new LineDisplayAdapter({ display, clock, language, geometry, pageMs });
  return { display, clock, port };
}

const SETTLEMENT: Message = { id: "SETTLEMENT_TOTALS", sales: { count: 12, amount: yuan(123456) }, refunds: { count: 1, amount: yuan(2000) }, balanced: true };

test("a one-page message goes to the line display at once, as its rendering's lines, and sets no timer", (t) => {
  const { display, clock, port } = adapter("zh");
  port.show({ id: "APPROVED", amount: yuan(1250), authCode: "123456" });
  t.deepEqual(display.screens, [["交易成功  123456", "         12.50元"]]);
  t.is(port.pageCount, 1);
  t.is(clock.pending, 0);
});

test("a message of several pages turns them every pageMs, round and round, until the next message", (t) => {
  const { display, clock, port } = adapter("en", TWO_BY_16, 1500);
  port.show(SETTLEMENT);
  const pages = renderLines(SETTLEMENT, "en", TWO_BY_16);
  t.true(pages.length > 1);
  t.deepEqual(display.screens, [pages[0]]);
  clock.advance(1499);
  t.is(display.screens.length, 1);
  clock.advance(1);
  t.deepEqual(display.last, pages[1]);
  clock.advance(1500 * (pages.length - 1));
  t.deepEqual(display.last, pages[0]);
  port.show({ id: "REMOVE_CARD" });
  const shown = display.screens.length;
  t.is(clock.pending, 0);
  clock.advance(10_000);
  t.is(display.screens.length, shown);
  t.deepEqual(display.last, ["REMOVE CARD"]);
});

test("bilingual on 2×16: a one-line message stacks Chinese over English; a two-line one alternates the languages", (t) => {
  const { display, clock, port } = adapter("zh+en");
  port.show({ id: "PIN_OK" });
  t.deepEqual(display.last, ["密码正确", "PIN OK"]);
  port.show({ id: "READ_ERROR" });
  t.deepEqual(display.last, ["读卡失败", "请重试"]);
  clock.advance(2000);
  t.deepEqual(display.last, ["CARD READ ERROR", "TRY AGAIN"]);
  clock.advance(2000);
  t.deepEqual(display.last, ["读卡失败", "请重试"]);
});

test("bilingual on 4×20: a two-line message stacks both languages on one page", (t) => {
  const { display, port } = adapter("zh+en", { kind: "character", rows: 4, columns: 20 });
  port.show({ id: "ENTER_PIN", amount: yuan(1250), digits: 4 });
  t.deepEqual(display.screens, [["金额:        12.50元", "请输入密码:     ****", "AMOUNT     CNY 12.50", "ENTER PIN       ****"]]);
  t.is(port.pageCount, 1);
});

test("stop() keeps the page on screen and turns no more", (t) => {
  const { display, clock, port } = adapter();
  port.show(SETTLEMENT);
  port.stop();
  clock.advance(60_000);
  t.is(display.screens.length, 1);
});

test("a bad message throws a DisplayError and leaves the screen and its page turning as they were", (t) => {
  const { display, clock, port } = adapter();
  port.show(SETTLEMENT);
  t.true(isXsposError(t.throws(() => port.show({ id: "ENTER_PIN", amount: yuan(100), digits: 13 })), "DISPLAY_ARGUMENT"));
  t.true(isXsposError(t.throws(() => port.show({ id: "NOPE" } as unknown as Message)), "DISPLAY_MESSAGE"));
  t.is(display.screens.length, 1);
  clock.advance(2000);
  t.is(display.screens.length, 2);
});

test("the adapter refuses a bad size, language or page time at construction", (t) => {
  const display = new RecordingDisplay();
  const clock = new VirtualClock();
  const make = (o: object) => () => new LineDisplayAdapter({ display, clock, language: "en", geometry: TWO_BY_16, ...o });
  t.true(isXsposError(t.throws(make({ geometry: { kind: "character", rows: 2, columns: 15 } })), "DISPLAY_GEOMETRY"));
  t.true(isXsposError(t.throws(make({ language: "fr" })), "DISPLAY_LANGUAGE"));
  t.true(isXsposError(t.throws(make({ pageMs: 100 })), "DISPLAY_ARGUMENT"));
});
