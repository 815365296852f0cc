/**
 * A printer without a Chinese font: the lines code page 437 cannot hold go
 * as raster images drawn from Unifont glyphs (test/support/receipt-glyphs.ts,
 * read from Debian's unifont package); read back cell by cell.
 */
import test from "ava";
import { printerProfile } from "../../modules/escpos/profile.ts";
import { buildReceipt } from "../../modules/receipt/build-receipt.ts";
import { buildSettlementReport } from "../../modules/receipt/build-report.ts";
import { SETTLEMENT, TRANSACTIONS } from "../modules/receipt/fixtures.ts";
import { fieldValue, printThroughDriver } from "../support/receipt-paper.ts";
import { receiptGlyphs } from "../support/receipt-glyphs.ts";

for (const width of [58, 80] as const) {
  const profile = printerProfile(width, { chunkBytes: 512 });
  const glyphs = receiptGlyphs();
  const dots = profile.dotsPerLine;

  test(`${width} mm without a Chinese font, both languages: Chinese lines as raster images that read back as the fields, aligned with printed text`, async (t) => {
    const { lines, paper, qr } = await printThroughDriver(buildReceipt(TRANSACTIONS.sale, { copy: "merchant", mark: "reprint" }), { profile, glyphs, language: "both" });
    t.deepEqual(paper.problems, []);
    t.true(lines.some((l) => l.raster) && lines.some((l) => !l.raster), "raster lines and text lines");
    t.deepEqual(lines[0], { text: "REPRINT 重打印", right: (dots + 14 * 12) / 2, bold: true, tall: true, raster: true }, "centred, bold, double height");
    const field = (label: string, value: string) => {
      const found = fieldValue(lines, label);
      t.is(found?.value, value, label);
      t.is(found?.line.right, dots, `${label}: ends at the right edge`);
    };
    field("CARD NO. 卡号", "620000******0005");
    field("TRACE NO. 凭证号", "000123");
    field("AUTH CODE 授权码", "123456");
    field("REF NO. 参考号", "412706123456");
    field("DATE/TIME 日期时间", "2024/05/06 14:03:27");
    field("CARD TYPE 卡类别", "UNIONPAY 银联");
    field("AMOUNT 金额", "CNY 26.50");
    t.true(fieldValue(lines, "CARD NO. 卡号")!.line.raster, "a line with Chinese is a raster image");
    if (width === 58) t.false(fieldValue(lines, "DATE/TIME 日期时间")!.line.raster, "58 mm: the date on a line of its own, printed as text");
    t.true(fieldValue(lines, "TRANS TYPE 交易类型")!.line.tall, "the transaction type bold and tall");
    t.is(fieldValue(lines, "TRANS TYPE 交易类型")!.value, "SALE 消费");
    const at = lines.findIndex((l) => l.text === "PIN VERIFIED");
    t.false(lines[at].raster, "PIN VERIFIED: printed text");
    t.deepEqual(lines[at + 1], { text: "密码已验证", right: 5 * 24, bold: false, tall: false, raster: true }, "密码已验证: a raster line under it");
    t.true(lines.some((l) => l.raster && l.text === "XSPOS ？？商？" && l.tall), "a name with characters the glyph font lacks: ？ for each of them, never an exception");
    t.true(lines.some((l) => l.raster && l.text === "上？？？？？？？？？？88号"), "the same for the address");
    t.deepEqual(qr, [TRANSACTIONS.sale.qr]);
  });

  test(`${width} mm without a Chinese font, English: every line printed as text, no raster image`, async (t) => {
    const { lines } = await printThroughDriver(buildReceipt(TRANSACTIONS.refund, { copy: "merchant" }), { profile, glyphs, language: "en" });
    const raster = lines.filter((l) => l.raster).map((l) => l.text);
    t.deepEqual(raster, ["XSPOS ？？商？", "上？？？？？？？？？？88号"], "only the merchant's Chinese name and address");
    t.is(fieldValue(lines, "AMOUNT")?.value, "-EUR 19.99");
  });

  test(`${width} mm without a Chinese font, Chinese: a settlement report's labels read back from the raster lines`, async (t) => {
    const { lines } = await printThroughDriver(buildSettlementReport(SETTLEMENT), { profile, glyphs, language: "zh" });
    t.true(lines.some((l) => l.raster && l.tall && l.text === "结算单"));
    t.true(lines.some((l) => l.raster && l.tall && l.text === "对账不平"));
    t.is(fieldValue(lines, "批次号")?.value, "000012");
    t.is(fieldValue(lines, "应答码")?.value, "95 RECONCILE ERROR");
  });
}
