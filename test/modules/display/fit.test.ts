import test from "ava";
import {
  MESSAGE_IDS, amountVariants, gridOf, layoutMessage, renderLines, screenOf, textWidth,
  type Geometry, type Language, type LanguageMode, type Message, type Row, type ScreenLine,
} from "../../../modules/display/index.ts";
import { loadGbTable } from "../../../modules/escpos/gb-table.ts";
import { ALL_SAMPLES, SAMPLES, amountsOf } from "./samples.ts";

// EMV 4.4 Book 4 asks a terminal display for at least two lines of 16 characters
const TWO_BY_16: Geometry = { kind: "character", rows: 2, columns: 16 };
const SIZES: readonly Geometry[] = [
  TWO_BY_16,
  { kind: "character", rows: 4, columns: 20 },
  { kind: "character", rows: 1, columns: 16 },
  { kind: "graphic", widthPx: 128, heightPx: 64 },
  { kind: "graphic", widthPx: 240, heightPx: 320 },
];
const LANGUAGES: readonly Language[] = ["en", "zh"];
const MODES: readonly LanguageMode[] = ["en", "zh", "zh+en", "en+zh"];
/**
 * The messages that may take several pages on 2×16: the lists, and the
 * application's confirmation when the card's label is wider than a row
 * (16 characters of CJK are 32 columns).
 */
const PAGED = new Set(["MENU", "SELECT_APPLICATION", "SETTLEMENT_TOTALS", "CONFIRM_APPLICATION"]);

const name = (m: Message) => JSON.stringify(m);
const squeeze = (s: string) => s.split(" ").join("");

test("the samples cover every message identifier, and every message has a typical sample", (t) => {
  t.deepEqual(Object.keys(SAMPLES).sort(), [...MESSAGE_IDS].sort());
  for (const id of MESSAGE_IDS) t.true(SAMPLES[id].typical.length > 0, id);
});

test("every message, typical and worst case, fits each size in every mode: no page has more rows than the display, no row is wider", (t) => {
  for (const geometry of SIZES) {
    const { rows, columns } = gridOf(geometry);
    for (const mode of MODES) {
      for (const m of ALL_SAMPLES) {
        const pages = renderLines(m, mode, geometry);
        t.true(pages.length >= 1);
        for (const page of pages) {
          t.true(page.length <= rows, `${mode} ${rows}x${columns} ${name(m)}: ${page.length} rows`);
          for (const line of page) t.true(textWidth(line) <= columns, `${mode} ${rows}x${columns} ${name(m)}: "${line}" is ${textWidth(line)} wide`);
        }
      }
    }
  }
});

test("on 2×16 every message but the lists takes one page in English and in Chinese, worst cases included", (t) => {
  for (const language of LANGUAGES) {
    for (const m of ALL_SAMPLES) {
      if (PAGED.has(m.id)) continue;
      t.is(renderLines(m, language, TWO_BY_16).length, 1, `${language} ${name(m)}`);
    }
  }
});

test("on 2×16 the application's confirmation takes one page when its label fits a row, two when it does not", (t) => {
  for (const language of LANGUAGES) {
    t.is(renderLines({ id: "CONFIRM_APPLICATION", label: "MASTERCARD DEBIT" }, language, TWO_BY_16).length, 1);
    t.is(renderLines({ id: "CONFIRM_APPLICATION", label: "中国银联借记卡中" }, language, TWO_BY_16).length, 1);
    t.is(renderLines({ id: "CONFIRM_APPLICATION", label: "中国银联借记卡中国" }, language, TWO_BY_16).length, 2);
  }
});

function shows(line: ScreenLine, text: string): boolean {
  if (line.kind === "text") return line.variants.some((v) => text.includes(squeeze(v)));
  if (line.kind === "items") return line.items.every((variants) => variants.some((v) => text.includes(squeeze(v))));
  const values = line.values.filter((v) => v !== "");
  return values.length === 0 ? line.labels.some((l) => l !== "" && text.includes(squeeze(l))) : values.some((v) => text.includes(squeeze(v)));
}

test("no line that matters is lost: every priority-0 line shows in one of its wordings (a pair: its value), at every size", (t) => {
  for (const geometry of SIZES) {
    const { rows, columns } = gridOf(geometry);
    for (const language of LANGUAGES) {
      for (const m of ALL_SAMPLES) {
        const all = squeeze(layoutMessage(m, language, geometry).flat().map((r: Row) => r.text).join(""));
        for (const line of screenOf(m, language)) {
          if (line.priority === 0) t.true(shows(line, all), `${language} ${rows}x${columns} ${name(m)}: ${JSON.stringify(line)} missing from ${all}`);
        }
      }
    }
  }
});

test("every amount shows whole on one row: with two rows or more on the first page of amount, PIN and approval screens, on some page of the lists", (t) => {
  for (const geometry of SIZES) {
    for (const language of LANGUAGES) {
      for (const m of ALL_SAMPLES) {
        const pages = renderLines(m, language, geometry);
        const rows = PAGED.has(m.id) || gridOf(geometry).rows === 1 ? pages.flat() : pages[0];
        for (const money of amountsOf(m)) {
          const forms = amountVariants(money, language);
          t.true(rows.some((row) => forms.some((f) => row.includes(f))), `${language} ${name(m)}: no row holds ${forms[0]} in ${JSON.stringify(rows)}`);
        }
      }
    }
  }
});

test("the largest amount in yuan reads 9999999999.99元 in Chinese and CNY9999999999.99 in English on 2×16, both 16 columns or fewer", (t) => {
  const m: Message = { id: "AMOUNT_ENTRY", amount: { minor: 999_999_999_999, currency: { code: "CNY", exponent: 2 } } };
  t.deepEqual(renderLines(m, "zh", TWO_BY_16), [["请输入金额:", " 9999999999.99元"]]);
  t.deepEqual(renderLines(m, "en", TWO_BY_16), [["ENTER AMOUNT", "CNY9999999999.99"]]);
  t.deepEqual(renderLines(m, "en", { kind: "character", rows: 4, columns: 20 }), [["ENTER AMOUNT", "CNY 9,999,999,999.99"]]);
});

test("IDLE without a date (a wall clock not set) shows dashes in the date's layout, never a 1970 date: 2×16 and 4×20, English and Chinese", (t) => {
  const FOUR_BY_20: Geometry = { kind: "character", rows: 4, columns: 20 };
  const unset: Message = { id: "IDLE" };
  const set: Message = { id: "IDLE", at: { year: 2024, month: 5, day: 1, hour: 14, minute: 30 } };
  t.deepEqual(renderLines(unset, "en", TWO_BY_16), [["    WELCOME", "---------- --:--"]]);
  t.deepEqual(renderLines(set, "en", TWO_BY_16), [["    WELCOME", "2024-05-01 14:30"]]);
  t.deepEqual(renderLines(unset, "zh", TWO_BY_16), [["    欢迎使用", "---------- --:--"]]);
  t.deepEqual(renderLines(unset, "en", FOUR_BY_20), [["      WELCOME", "  ---------- --:--"]]);
  t.deepEqual(renderLines(unset, "zh", FOUR_BY_20), [["      欢迎使用", "----年--月--日 --:--"]]);
  t.deepEqual(renderLines(set, "zh", FOUR_BY_20), [["      欢迎使用", "2024年05月01日 14:30"]]);
});

test("every character the catalogue writes is printable ASCII or in GB2312, so the 8×16 and 16×16 fonts hold it", (t) => {
  const gb = loadGbTable();
  const labels = new Set<string>();
  for (const m of ALL_SAMPLES) if (m.id === "SELECT_APPLICATION") m.labels.forEach((l) => labels.add(l));
  const outside = new Set<string>();
  for (const language of LANGUAGES) {
    for (const m of ALL_SAMPLES) {
      if (m.id === "SELECT_APPLICATION" || m.id === "CONFIRM_APPLICATION") continue; // labels come from the card
      for (const line of screenOf(m, language)) {
        const words = line.kind === "text" ? line.variants : line.kind === "pair" ? [...line.labels, ...line.values] : line.items.flat();
        for (const word of words) {
          for (const ch of word) {
            const cp = ch.codePointAt(0)!;
            if (!(cp >= 0x20 && cp <= 0x7e) && gb.encode(cp) < 0) outside.add(ch);
          }
        }
      }
    }
  }
  t.deepEqual([...outside], []);
});

test("Chinese wording: UnionPay terminal phrases on the screens that use them", (t) => {
  const zh = (m: Message) => renderLines(m, "zh", TWO_BY_16)[0].join("|");
  t.regex(zh({ id: "PRESENT_CARD", amount: { minor: 100, currency: { code: "CNY", exponent: 2 } } }), /请刷卡或插卡/);
  t.regex(zh({ id: "ENTER_PIN", amount: { minor: 100, currency: { code: "CNY", exponent: 2 } }, digits: 0 }), /请输入密码/);
  t.regex(zh({ id: "APPROVED", amount: { minor: 100, currency: { code: "CNY", exponent: 2 } } }), /交易成功/);
  t.regex(zh({ id: "DECLINED", responseCode: "51" }), /交易失败.*51\|余额不足/);
  t.regex(zh({ id: "DECLINED", responseCode: "55" }), /密码错误/);
  t.regex(zh({ id: "DECLINED", responseCode: "01" }), /请联系发卡行/);
  t.regex(zh({ id: "PROCESSING" }), /处理中/);
  t.regex(zh({ id: "CONNECTING" }), /正在连接/);
  t.regex(zh({ id: "PRINTER_PROBLEM", problem: "PAPER_END" }), /缺纸/);
  t.regex(zh({ id: "SETTLEMENT_TOTALS", sales: { count: 1, amount: { minor: 1, currency: { code: "CNY", exponent: 2 } } }, refunds: { count: 0, amount: { minor: 0, currency: { code: "CNY", exponent: 2 } } }, balanced: true }), /对账平/);
  t.deepEqual(renderLines({ id: "MENU", items: ["SALE", "VOID", "REFUND", "PREAUTH", "BALANCE", "SIGN_ON"] }, "zh", { kind: "character", rows: 4, columns: 20 })[0], [
    "       主菜单", "1.消费 2.消费撤销", "3.退货 4.预授权", "5.余额查询 6.签到",
  ]);
});
