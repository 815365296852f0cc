/**
 * Baskets and names the paper was not made for: a basket far longer than
 * the printer's buffer, item and merchant names of any length and any
 * Unicode. Printed through the driver into the virtual printer and read
 * back: everything printed, unprintable characters replaced, no exception.
 */
import test from "ava";
import fc from "fast-check";
import iconv from "iconv-lite";
import { loadGbTable } from "../../modules/escpos/gb-table.ts";
import { printerProfile } from "../../modules/escpos/profile.ts";
import { buildReceipt } from "../../modules/receipt/build-receipt.ts";
import { cleanText } from "../../modules/receipt/clean-text.ts";
import type { ReceiptItem, ReceiptTransaction } from "../../modules/receipt/transaction.ts";
import { TRANSACTIONS } from "../modules/receipt/fixtures.ts";
import { fieldValue, printThroughDriver, type PaperLine } from "../support/receipt-paper.ts";
import { receiptGlyphs } from "../support/receipt-glyphs.ts";

const gb = loadGbTable();
const noSpaces = (s: string) => s.replace(/ /g, "");

test("300 items with long names on 58 mm, a slow printer with a 1 KB buffer that sends XOFF: every item printed, in order, then the totals", async (t) => {
  const items: ReceiptItem[] = Array.from({ length: 300 }, (_, i) => ({ name: `Item ${i + 1} 商品 with a name that needs two lines on narrow paper`, quantity: (i % 3) + 1, unitPrice: 100 + i, lineTotal: ((i % 3) + 1) * (100 + i) }));
  const total = items.reduce((n, item) => n + item.lineTotal, 0);
  const tx: ReceiptTransaction = { ...TRANSACTIONS.sale, items, subtotal: total, amount: total, cash: undefined };
  const profile = printerProfile(58, { chinese: true, chunkBytes: 256 });
  const out = await printThroughDriver(buildReceipt(tx, { copy: "customer" }), { profile, gb, language: "both" }, { bufferBytes: 1024, xoffMargin: 512, printBytesPerMs: 2 });
  t.true(out.bytes.length > 20_000, "far more than the printer's 1 KB buffer");
  t.deepEqual(out.paper.problems, []);
  const text = noSpaces(out.lines.map((l) => l.text).join(""));
  let from = 0;
  for (const [i, item] of items.entries()) {
    const at = text.indexOf(noSpaces(`${item.name}${item.quantity} x CNY ${(item.unitPrice / 100).toFixed(2)}`), from);
    if (at < 0) return t.fail(`item ${i + 1} missing or out of order`);
    from = at;
  }
  const amount = fieldValue(out.lines.slice(out.lines.findIndex((l) => l.text.startsWith("Item 300"))), "AMOUNT 金额");
  t.is(amount?.value, `CNY ${(total / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })}`, "the amount after the last item");
});

/** Code page 437 holds the character (iconv-lite's table, not the encoder's). */
const inPc437 = (ch: string) => iconv.decode(iconv.encode(ch, "cp437"), "cp437") === ch;
/** The two-byte GB2312 region of GB18030 holds the character (iconv-lite). */
const inGb2312 = (ch: string) => {
  const b = iconv.encode(ch, "gb18030");
  return b.length === 2 && ((b[0] >= 0xa1 && b[0] <= 0xa9) || (b[0] >= 0xb0 && b[0] <= 0xf7)) && b[1] >= 0xa1 && b[1] <= 0xfe && !(ch >= "\ue000" && ch <= "\uf8ff");
};

/** Unicode's full-width forms (block FF00-FFEF) of ¢ £ ¬ ¯ ¦ ¥ ₩. */
const FULL_WIDTH: Record<string, string> = { "¢": "￠", "£": "￡", "¬": "￢", "¯": "￣", "¦": "￤", "¥": "￥", "₩": "￦" };

/**
 * What a Chinese model prints for each character of a name: ASCII and what
 * GB2312 holds as they are; any other character as its full-width form
 * when GB2312 holds that, else as ？ — except that a code page 437
 * character on a line of code page 437 text prints as it is.
 */
function printedAsExpected(printed: string, name: string): string | undefined {
  const got = [...printed];
  const want = [...noSpaces(cleanText(name))];
  if (got.length !== want.length) return `${got.length} characters printed for ${want.length}`;
  for (let i = 0; i < want.length; i++) {
    const ch = want[i];
    const instead = FULL_WIDTH[ch] && inGb2312(FULL_WIDTH[ch]) ? FULL_WIDTH[ch] : "？";
    const ok = ch < "\u0080" || inGb2312(ch) ? got[i] === ch : inPc437(ch) ? got[i] === ch || got[i] === instead : got[i] === instead;
    if (!ok) return `character ${i} U+${ch.codePointAt(0)!.toString(16)} printed as ${got[i]}`;
  }
  return undefined;
}

const headingText = (lines: PaperLine[]) => {
  const out: string[] = [];
  for (const line of lines.slice(1)) {
    if (!(line.tall && line.bold)) break;
    out.push(line.text);
  }
  return noSpaces(out.join(""));
};

test("property: a merchant name and item names of any length and any Unicode print through the driver with replacement characters, never an exception", async (t) => {
  const name = fc.oneof(
    fc.string({ unit: "binary", maxLength: 80 }),
    fc.string({ unit: "grapheme", maxLength: 40 }),
    fc.string({ unit: fc.constantFrom("中", "文", "é", "ü", "£", "¥", "€", " ", "\u0000", "\u001b", "\u0085", "😀", "\ud800", "한", "\u3000", "\t", "A"), maxLength: 120 }),
  );
  const profiles = [printerProfile(58, { chinese: true, chunkBytes: 512 }), printerProfile(80, { chinese: true, chunkBytes: 512 })];
  await fc.assert(
    fc.asyncProperty(name, fc.array(name, { maxLength: 3 }), fc.constantFrom(...profiles), fc.constantFrom("en" as const, "zh" as const, "both" as const), async (merchant, names, profile, language) => {
      const tx: ReceiptTransaction = {
        ...TRANSACTIONS.sale,
        merchant: { ...TRANSACTIONS.sale.merchant, name: merchant },
        items: names.map((n) => ({ name: n, quantity: 1, unitPrice: 100, lineTotal: 100 })),
      };
      const out = await printThroughDriver(buildReceipt(tx, { copy: "merchant" }), { profile, gb, language });
      if (out.paper.problems.length) throw new Error(JSON.stringify(out.paper.problems));
      const why = printedAsExpected(headingText(out.lines), merchant);
      if (why) throw new Error(`merchant name ${JSON.stringify(merchant)}: ${why}`);
      return out.cuts === 1 && out.lines.every((l) => l.right <= profile.dotsPerLine);
    }),
    { numRuns: 40 },
  );
  t.pass();
});

test("a merchant name of 5000 characters, Chinese and otherwise, prints whole over as many lines as it needs, on both kinds of printer", async (t) => {
  const unit = [..."商店 Shop 😀é"];
  const merchant = Array.from({ length: 5000 }, (_, i) => unit[i % unit.length]).join("");
  const tx: ReceiptTransaction = { ...TRANSACTIONS.sale, merchant: { ...TRANSACTIONS.sale.merchant, name: merchant } };
  const chinese = await printThroughDriver(buildReceipt(tx, { copy: "merchant" }), { profile: printerProfile(80, { chinese: true }), gb, language: "en" });
  t.is(printedAsExpected(headingText(chinese.lines), merchant), undefined);
  const raster = await printThroughDriver(buildReceipt(tx, { copy: "merchant" }), { profile: printerProfile(58), glyphs: receiptGlyphs(), language: "en" });
  t.deepEqual(raster.paper.problems, []);
  const drawn = headingText(raster.lines);
  t.is([...drawn].length, [...noSpaces(merchant)].length, "one glyph for each character");
  t.is([...drawn].slice(0, 16).join(""), "商？Shop？é商？Shop？é", "商 is in the glyph set (商户), 店 and 😀 are not: ？");
});
