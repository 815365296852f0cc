import test from "ava";
import { layoutScreen, type Screen } from "../../../modules/display/index.ts";
import { centred, items, pair, right, text } from "../../../modules/display/screen.ts";
import { EN } from "../../../modules/display/catalogue-en.ts";
import { ZH } from "../../../modules/display/catalogue-zh.ts";

const texts = (screen: Screen, rows: number, columns: number) =>
  layoutScreen(screen, rows, columns).pages.map((page) => page.map((r) => " ".repeat(r.x) + r.text));

test("a line takes the first variant that fits, aligned left, right or centred", (t) => {
  t.deepEqual(texts([text(["INSERT OR SWIPE CARD", "INSERT OR SWIPE"]), right(["CNY 12.50"]), centred(["OK"])], 3, 16), [
    ["INSERT OR SWIPE", "       CNY 12.50", "       OK"],
  ]);
  t.deepEqual(texts([text(["INSERT OR SWIPE CARD", "INSERT OR SWIPE"])], 1, 20), [["INSERT OR SWIPE CARD"]]);
  t.deepEqual(texts([centred(["请稍候"])], 1, 16), [["     请稍候"]]);
});

test("a pair keeps its label longest: each label is tried with every value, then the label goes, then the two take two rows", (t) => {
  t.deepEqual(texts([pair(["APPROVED"], ["AUTH CODE 123456", "AUTH 123456", "123456"])], 1, 16), [["APPROVED  123456"]]);
  t.deepEqual(texts([pair(["APPROVED"], ["AUTH CODE 123456", "AUTH 123456", "123456"])], 1, 20), [["APPROVED AUTH 123456"]]);
  t.deepEqual(texts([pair(["AMOUNT", ""], ["CNY 1,234.56", "CNY 1234.56"])], 1, 16), [["    CNY 1,234.56"]]);
  t.deepEqual(texts([pair(["SALES 12"], ["CNY 1,234.56"])], 2, 16), [["SALES 12", "    CNY 1,234.56"]]);
  t.deepEqual(texts([pair(["ENTER PIN", "PIN"], [""])], 1, 16), [["ENTER PIN"]]);
});

test("items pack into rows a space apart, each in its first variant that fits a row", (t) => {
  const menu = [items([["1.SALE"], ["2.BALANCE INQUIRY", "2.BALANCE"], ["3.VOID"], ["4.REFUND"]])];
  t.deepEqual(texts(menu, 4, 16), [["1.SALE 2.BALANCE", "3.VOID 4.REFUND"]]);
  t.deepEqual(texts(menu, 4, 20), [["1.SALE", "2.BALANCE INQUIRY", "3.VOID 4.REFUND"]]);
});

test("with too few rows the line of highest priority goes first, the lowest on screen among equals; priority 0 never goes", (t) => {
  const screen: Screen = [text(["TITLE"], 3), text(["SUB A"], 1), text(["MUST"]), text(["SUB B"], 1), right(["9.99"])];
  t.deepEqual(texts(screen, 4, 16), [["SUB A", "MUST", "SUB B", "            9.99"]]);
  t.deepEqual(texts(screen, 3, 16), [["SUB A", "MUST", "            9.99"]]);
  t.deepEqual(texts(screen, 2, 16), [["MUST", "            9.99"]]);
  t.is(layoutScreen(screen, 2, 16).dropped, 3);
});

test("what still does not fit goes on pages, a line kept whole on one page", (t) => {
  const screen: Screen = [text(["ONE"]), pair(["SALES 12"], ["CNY 1,234.56"]), text(["FOUR"])];
  t.deepEqual(texts(screen, 2, 16), [["ONE"], ["SALES 12", "    CNY 1,234.56"], ["FOUR"]]);
  t.deepEqual(texts(screen, 1, 16), [["ONE"], ["SALES 12"], ["    CNY 1,234.56"], ["FOUR"]]);
  t.deepEqual(texts([], 2, 16), [[]]);
});

test("a message without arguments gives the same screen each time, frozen with its lines and their variants, in both languages", (t) => {
  for (const catalogue of [EN, ZH]) {
    const first = catalogue.PROCESSING({ id: "PROCESSING" });
    t.is(catalogue.PROCESSING({ id: "PROCESSING" }), first);
    t.true(Object.isFrozen(first));
    for (const line of first) {
      t.true(Object.isFrozen(line));
      if (line.kind === "text") t.true(Object.isFrozen(line.variants));
    }
  }
});
