import test from "ava";
import { isXsposError } from "../../../modules/core/error.ts";
import {
  DisplayError, checkMessage, gridOf, layoutScreen, renderGraphic, renderLines, screenOf, toLocalDateTime,
  type Geometry, type GraphicGeometry, type Language, type Message,
} from "../../../modules/display/index.ts";
import { ALL_SAMPLES, yuan } from "./samples.ts";

const TWO_BY_16: Geometry = { kind: "character", rows: 2, columns: 16 };

function refused(t: { true(v: unknown, m?: string): void; throws(f: () => unknown): unknown }, code: string, fn: () => unknown, what: string): void {
  const e = t.throws(fn);
  t.true(e instanceof DisplayError && isXsposError(e, code), `${what}: ${e instanceof Error ? `${(e as DisplayError).code} ${e.message}` : String(e)}`);
}

test("every sample passes the argument check", (t) => {
  for (const m of ALL_SAMPLES) t.notThrows(() => checkMessage(m), JSON.stringify(m));
});

test("arguments out of range are refused with DISPLAY_ARGUMENT naming the argument", (t) => {
  const bad: [string, unknown][] = [
    ["amount", { id: "AMOUNT_ENTRY", amount: yuan(-1) }],
    ["amount", { id: "AMOUNT_ENTRY", amount: yuan(1_000_000_000_000) }],
    ["amount", { id: "AMOUNT_ENTRY", amount: yuan(1.5) }],
    ["amount", { id: "AMOUNT_ENTRY", amount: { minor: 1, currency: { code: "cny", exponent: 2 } } }],
    ["amount", { id: "AMOUNT_ENTRY", amount: { minor: 1, currency: { code: "CNY", exponent: 4 } } }],
    ["amount", { id: "AMOUNT_ENTRY", amount: null }],
    ["digits", { id: "ENTER_PIN", amount: yuan(1), digits: 13 }],
    ["digits", { id: "ENTER_PIN", amount: yuan(1), digits: -1 }],
    ["digits", { id: "MANAGER_PIN", digits: 2.5 }],
    ["tries", { id: "ENTER_PIN", amount: yuan(1), digits: 1, tries: "first" }],
    ["items", { id: "MENU", items: [] }],
    ["items", { id: "MENU", items: ["SALE", "SALE"] }],
    ["items[0]", { id: "MENU", items: ["CASHBACK"] }],
    ["labels", { id: "SELECT_APPLICATION", labels: Array(10).fill("VISA") }],
    ["labels[1]", { id: "SELECT_APPLICATION", labels: ["VISA", "A\nB"] }],
    ["labels[0]", { id: "SELECT_APPLICATION", labels: ["ABCDEFGHIJKLMNOPQ"] }],
    ["label", { id: "CONFIRM_APPLICATION", label: "   " }],
    ["responseCode", { id: "DECLINED", responseCode: "5" }],
    ["authCode", { id: "APPROVED", amount: yuan(1), authCode: "1234567" }],
    ["cardLast4", { id: "CONFIRM_TRANSACTION", operation: "VOID", amount: yuan(1), cardLast4: "123" }],
    ["value", { id: "ORIGINAL_ENTRY", field: "REFERENCE", value: "1234567890123" }],
    ["field", { id: "ORIGINAL_ENTRY", field: "PAN", value: "1" }],
    ["at", { id: "IDLE", at: { year: 2023, month: 2, day: 29, hour: 0, minute: 0 } }],
    ["at", { id: "IDLE", at: { year: 2024, month: 1, day: 1, hour: 24, minute: 0 } }],
    ["sales.count", { id: "SETTLEMENT_TOTALS", sales: { count: -1, amount: yuan(0) }, refunds: { count: 0, amount: yuan(0) }, balanced: true }],
    ["balanced", { id: "SETTLEMENT_TOTALS", sales: { count: 0, amount: yuan(0) }, refunds: { count: 0, amount: yuan(0) }, balanced: "yes" }],
    ["reversalQueued", { id: "NO_RESPONSE" }],
    ["problem", { id: "PRINTER_PROBLEM", problem: "ON_FIRE" }],
    ["scope", { id: "LIMIT_EXCEEDED", scope: "WEEK", limit: yuan(1) }],
    ["triesLeft", { id: "WRONG_PIN", triesLeft: 0 }],
    ["line", { id: "BASKET_ITEM", line: 0, code: "1" }],
    ["quantity", { id: "BASKET_QUANTITY", line: 1, quantity: 100_000 }],
  ];
  for (const [argument, message] of bad) {
    const e = t.throws(() => checkMessage(message as Message));
    t.true(isXsposError(e, "DISPLAY_ARGUMENT"), `${argument}: ${JSON.stringify(message)}`);
    t.true((e as Error).message.startsWith(argument), `${argument}: ${(e as Error).message}`);
  }
});

test("a message outside the catalogue is refused with DISPLAY_MESSAGE, before any rendering", (t) => {
  for (const m of [{ id: "HELLO" }, { id: "toString" }, null, "APPROVED", {}]) {
    refused(t, "DISPLAY_MESSAGE", () => renderLines(m as unknown as Message, "en", TWO_BY_16), JSON.stringify(m));
  }
});

test("sizes the layout cannot use are refused with DISPLAY_GEOMETRY", (t) => {
  const bad: unknown[] = [
    { kind: "character", rows: 2, columns: 15 },
    { kind: "character", rows: 0, columns: 16 },
    { kind: "character", rows: 2.5, columns: 16 },
    { kind: "graphic", widthPx: 120, heightPx: 64 },
    { kind: "graphic", widthPx: 128, heightPx: 15 },
    { kind: "graphic", widthPx: 128, heightPx: 64, font: { narrowPx: 0, heightPx: 16 } },
    { kind: "vector", rows: 2, columns: 16 },
    undefined,
  ];
  for (const g of bad) refused(t, "DISPLAY_GEOMETRY", () => gridOf(g as Geometry), JSON.stringify(g));
  refused(t, "DISPLAY_GEOMETRY", () => renderLines({ id: "PIN_OK" }, "en", { kind: "character", rows: 2, columns: 15 }), "renderLines 2x15");
  refused(t, "DISPLAY_GEOMETRY", () => renderGraphic({ id: "PIN_OK" }, "en", TWO_BY_16 as unknown as GraphicGeometry), "renderGraphic on a character display");
  refused(t, "DISPLAY_GEOMETRY", () => layoutScreen([], 2, 1), "layout 2x1");
});

test("languages outside the catalogue are refused with DISPLAY_LANGUAGE", (t) => {
  refused(t, "DISPLAY_LANGUAGE", () => screenOf({ id: "PIN_OK" }, "fr" as Language), "fr");
  refused(t, "DISPLAY_LANGUAGE", () => renderLines({ id: "PIN_OK" }, "en+fr" as "en", TWO_BY_16), "en+fr");
});

test("a local time outside 1970-9999 or an offset outside UTC-12 to UTC+14 is refused with DISPLAY_ARGUMENT", (t) => {
  refused(t, "DISPLAY_ARGUMENT", () => toLocalDateTime(-1, 0), "before 1970");
  refused(t, "DISPLAY_ARGUMENT", () => toLocalDateTime(253_402_300_800_000, 0), "after 9999");
  refused(t, "DISPLAY_ARGUMENT", () => toLocalDateTime(0, 900), "offset");
  refused(t, "DISPLAY_ARGUMENT", () => toLocalDateTime(Number.NaN, 0), "NaN");
});
