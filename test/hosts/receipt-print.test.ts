/**
 * Every transaction type's receipt, on 58 and 80 mm Chinese models, in
 * English, Chinese and both: printed through the driver into the virtual
 * printer, read back by the interpreter, every field checked.
 */
import test from "ava";
import { loadGbTable } from "../../modules/escpos/gb-table.ts";
import { printerProfile } from "../../modules/escpos/profile.ts";
import { buildReceipt } from "../../modules/receipt/build-receipt.ts";
import { buildSettlementReport, buildTotalsReport } from "../../modules/receipt/build-report.ts";
import type { ReceiptLanguage } from "../../modules/receipt/labels.ts";
import type { ReceiptTransaction, TransactionType } from "../../modules/receipt/transaction.ts";
import { SETTLEMENT, TOTALS, TRANSACTIONS } from "../modules/receipt/fixtures.ts";
import { fieldValue, printThroughDriver, type PaperLine } from "../support/receipt-paper.ts";

const gb = loadGbTable();

/** The China UnionPay slip's wording, English and Chinese. */
const WORDS: Record<string, [string, string]> = {
  merchantNo: ["MERCHANT NO.", "商户编号"],
  terminalNo: ["TERMINAL NO.", "终端编号"],
  operator: ["OPERATOR NO.", "操作员号"],
  cardNo: ["CARD NO.", "卡号"],
  cardType: ["CARD TYPE", "卡类别"],
  entryMode: ["ENTRY MODE", "输入方式"],
  transType: ["TRANS TYPE", "交易类型"],
  batchNo: ["BATCH NO.", "批次号"],
  traceNo: ["TRACE NO.", "凭证号"],
  invoiceNo: ["INVOICE NO.", "票据号"],
  authCode: ["AUTH CODE", "授权码"],
  refNo: ["REF NO.", "参考号"],
  dateTime: ["DATE/TIME", "日期时间"],
  originalTrace: ["ORIG. TRACE NO.", "原凭证号"],
  originalAuth: ["ORIG. AUTH CODE", "原授权码"],
  response: ["RESPONSE", "应答码"],
  amount: ["AMOUNT", "金额"],
  subtotal: ["SUBTOTAL", "小计"],
  cash: ["CASH", "现金"],
  change: ["CHANGE", "找零"],
  balance: ["BALANCE", "余额"],
  aid: ["AID", "应用标识"],
  appLabel: ["APP LABEL", "应用标签"],
  tvr: ["TVR", "终端验证结果"],
  tsi: ["TSI", "交易状态信息"],
  cryptogram: ["APP CRYPTOGRAM", "应用密文"],
  signature: ["CARDHOLDER SIGNATURE", "持卡人签名"],
  merchantCopy: ["MERCHANT COPY", "商户存根"],
  customerCopy: ["CUSTOMER COPY", "持卡人存根"],
  reprint: ["REPRINT", "重打印"],
  duplicate: ["DUPLICATE", "副本"],
  pinVerified: ["PIN VERIFIED", "密码已验证"],
  noCvm: ["NO CARDHOLDER VERIFICATION", "无需持卡人验证"],
  sale: ["SALE", "消费"],
  refund: ["REFUND", "退货"],
  void: ["VOID", "撤销"],
  "balance-inquiry": ["BALANCE INQUIRY", "余额查询"],
  "pre-auth": ["PRE-AUTH", "预授权"],
  "pre-auth-completion": ["PRE-AUTH COMPLETION", "预授权完成"],
  "pre-auth-cancellation": ["PRE-AUTH CANCELLATION", "预授权撤销"],
  chip: ["CHIP", "插卡"],
  swipe: ["SWIPE", "刷卡"],
  fallback: ["FALLBACK", "降级刷卡"],
  contactless: ["CONTACTLESS", "挥卡"],
  manual: ["MANUAL", "手输卡号"],
  unionpay: ["UNIONPAY", "银联"],
};
const AGREEMENT = ["I ACKNOWLEDGE SATISFACTORY RECEIPT OF RELATIVE GOODS/SERVICES", "本人确认以上交易，同意将其记入本卡账户"];

const say = (key: string, language: ReceiptLanguage) => (language === "en" ? WORDS[key][0] : language === "zh" ? WORDS[key][1] : WORDS[key].join(" "));

/** What each fixture's amounts print as (amounts in the code style, en-US separators). */
const AMOUNTS: Record<TransactionType, { amount?: string; balance?: string; subtotal?: string; cash?: string; change?: string }> = {
  sale: { amount: "CNY 26.50", subtotal: "CNY 26.50", cash: "CNY 50.00", change: "CNY 23.50" },
  refund: { amount: "-EUR 19.99" },
  void: { amount: "-CNY 26.50" },
  "balance-inquiry": { balance: "CNY 1,234,567.89" },
  "pre-auth": { amount: "JPY 50,000" },
  "pre-auth-completion": { amount: "USD 480.00" },
  "pre-auth-cancellation": { amount: "-CNY 500.00" },
};
const SCHEMES: Record<string, string> = { visa: "VISA", mastercard: "MASTERCARD", jcb: "JCB", amex: "AMEX" };

const squash = (s: string) => s.replace(/\s+/g, "");
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Every line of the paragraph `text` printed in order from some line on (wrapping ignored). */
function printedParagraph(lines: PaperLine[], text: string): boolean {
  const want = squash(text);
  for (let i = 0; i < lines.length; i++) {
    let got = "";
    for (let j = i; j < lines.length && got.length < want.length; j++) got += squash(lines[j].text);
    if (got.startsWith(want) && squash(lines[i].text).length > 0 && want.startsWith(squash(lines[i].text))) return true;
  }
  return false;
}

for (const width of [58, 80] as const) {
  const profile = printerProfile(width, { chinese: true, chunkBytes: 128 });
  const dots = profile.dotsPerLine;
  for (const language of ["en", "zh", "both"] as const) {
    for (const [type, tx] of Object.entries(TRANSACTIONS) as [TransactionType, ReceiptTransaction][]) {
      test(`${type}, ${width} mm, ${language}: every field printed through the driver, values right-aligned, read back by the interpreter`, async (t) => {
        const out = await printThroughDriver(buildReceipt(tx, { copy: "merchant" }), { profile, gb, language });
        const { lines } = out;
        t.deepEqual(out.paper.problems, []);
        t.is(out.cuts, 1, "one cut, at the end");
        t.false(lines.some((l) => l.raster), "a Chinese model prints every line in its fonts");
        const field = (key: string, value: string, style: { tall?: boolean } = {}) => {
          const found = fieldValue(lines, say(key, language));
          t.is(found?.value, value, key);
          t.is(found?.line.right, dots, `${key}: the value ends at the right edge`);
          if (style.tall) t.true(found?.line.tall && found.line.bold, `${key}: bold, double height`);
        };
        // header
        t.true(lines.some((l) => l.text === "XSPOS 演示商店" && l.tall && l.bold), "merchant name");
        t.true(lines.some((l) => l.text === "88 Century Avenue, Pudong"), "address line 1");
        t.true(lines.some((l) => l.text === "上海市浦东新区世纪大道88号"), "address line 2");
        t.true(lines.some((l) => l.text === say("merchantCopy", language)), "the copy");
        field("merchantNo", "898310048161234");
        field("terminalNo", "10023456");
        field("operator", "01");
        // card and transaction
        field("cardNo", tx.pan!);
        field("cardType", tx.scheme === "unionpay" ? say("unionpay", language) : SCHEMES[tx.scheme!]);
        field("entryMode", say(tx.entryMode!, language));
        field("transType", say(type, language), { tall: true });
        field("batchNo", "000012");
        field("traceNo", tx.trace);
        field("dateTime", "2024/05/06 14:03:27");
        field("response", tx.response.text ? `00 ${tx.response.text}` : "00");
        if (tx.invoice) field("invoiceNo", tx.invoice);
        else t.is(fieldValue(lines, say("invoiceNo", language)), undefined);
        if (tx.authCode) field("authCode", tx.authCode);
        if (tx.rrn) field("refNo", tx.rrn);
        if (tx.original?.trace) field("originalTrace", tx.original.trace);
        if (tx.original?.authCode) field("originalAuth", tx.original.authCode);
        // amounts
        const money = AMOUNTS[type];
        if (money.amount) field("amount", money.amount, { tall: true });
        else t.is(fieldValue(lines, say("amount", language)), undefined, "a balance inquiry prints the balance, no amount");
        if (money.balance) field("balance", money.balance, { tall: true });
        if (money.subtotal) field("subtotal", money.subtotal);
        if (money.cash) field("cash", money.cash);
        if (money.change) field("change", money.change);
        // items: name (wrapped), quantity, unit price, line total
        for (const item of tx.items ?? []) {
          const [qty, price, total] = [String(item.quantity), `CNY ${(item.unitPrice / 100).toFixed(2)}`, `CNY ${(item.lineTotal / 100).toFixed(2)}`];
          const at = lines.findIndex((l) => squash(item.name).startsWith(squash(l.text).slice(0, 5)) && squash(l.text).length > 0);
          t.true(at >= 0, item.name);
          let name = "";
          let numbers = false;
          for (let i = at; i < lines.length && squash(name).length < squash(item.name).length; i++) {
            const columns = new RegExp(` ${escape(qty)} ${escape(price)} +${escape(total)}$`);
            const text = lines[i].text.replace(/ +/g, " ");
            if (columns.test(text)) {
              numbers = true;
              t.is(lines[i].right, dots);
            }
            name += text.replace(columns, "");
          }
          t.is(squash(name), squash(item.name), "the whole name, over its lines");
          if (width === 58) {
            const after = lines.find((l, i) => i > at && l.text.startsWith(`  ${qty} x ${price}`));
            t.truthy(after, "58 mm: quantity × price under the name");
            t.true(after!.text.endsWith(total) && after!.right === dots);
          } else t.true(numbers, "80 mm: quantity, price and total beside the name");
        }
        // chip
        if (tx.chip) {
          field("aid", tx.chip.aid);
          if (tx.chip.label) field("appLabel", tx.chip.label);
          if (tx.chip.tvr) field("tvr", tx.chip.tvr);
          if (tx.chip.tsi) field("tsi", tx.chip.tsi);
          if (tx.chip.cryptogram) field("cryptogram", `${tx.chip.cryptogramType} ${tx.chip.cryptogram}`);
        } else t.is(fieldValue(lines, "AID"), undefined);
        // cardholder verification
        if (tx.cvm === "pin") t.true(printedParagraph(lines, say("pinVerified", language)), "PIN verified");
        if (tx.cvm === "none") t.true(printedParagraph(lines, say("noCvm", language)), "no CVM");
        if (tx.cvm === "signature") {
          t.true(lines.some((l) => l.text === `${say("signature", language)}:`), "the signature label");
          t.true(lines.some((l) => l.text === "_".repeat(dots / 12)), "the signature line");
          if (language !== "zh") t.true(printedParagraph(lines, AGREEMENT[0]), "agreement in English");
          if (language !== "en") t.true(printedParagraph(lines, AGREEMENT[1]), "agreement in Chinese");
        }
        t.deepEqual(out.qr, tx.qr ? [tx.qr] : []);
      });
    }
  }
}

test("customer copy, reprinted: the copy and the REPRINT mark above and below, no room to sign", async (t) => {
  const profile = printerProfile(58, { chinese: true });
  const { lines } = await printThroughDriver(buildReceipt(TRANSACTIONS.refund, { copy: "customer", mark: "reprint" }), { profile, gb, language: "both" });
  t.is(lines[0].text, "REPRINT 重打印");
  t.true(lines[0].tall && lines[0].bold);
  t.is(lines[lines.length - 1].text, "REPRINT 重打印");
  t.true(lines.some((l) => l.text === "CUSTOMER COPY 持卡人存根"));
  t.false(lines.some((l) => l.text.startsWith("CARDHOLDER SIGNATURE")));
  t.true(printedParagraph(lines, AGREEMENT[1]));
});

test("duplicate in Chinese: 副本 above and below", async (t) => {
  const profile = printerProfile(80, { chinese: true });
  const { lines } = await printThroughDriver(buildReceipt(TRANSACTIONS.sale, { copy: "customer", mark: "duplicate" }), { profile, gb, language: "zh" });
  t.is(lines[0].text, "副本");
  t.is(lines[lines.length - 1].text, "副本");
  t.true(lines.some((l) => l.text === "持卡人存根"));
});

for (const width of [58, 80] as const) {
  for (const language of ["en", "zh", "both"] as const) {
    test(`totals and settlement reports, ${width} mm, ${language}: counts and amounts by card type and by transaction type, batch, balanced or not`, async (t) => {
      const profile = printerProfile(width, { chinese: true });
      const dots = profile.dotsPerLine;
      const L = (en: string, zh: string) => (language === "en" ? en : language === "zh" ? zh : `${en} ${zh}`);
      for (const [doc, title] of [[buildTotalsReport(TOTALS), L("TOTALS REPORT", "交易汇总")], [buildSettlementReport(SETTLEMENT), L("SETTLEMENT", "结算单")]] as const) {
        const { lines, paper } = await printThroughDriver(doc, { profile, gb, language });
        t.deepEqual(paper.problems, []);
        t.true(lines.some((l) => l.text === title && l.tall), title);
        t.is(fieldValue(lines, L("BATCH NO.", "批次号"))?.value, "000012");
        t.is(fieldValue(lines, L("DATE/TIME", "日期时间"))?.value, "2024/05/06 23:00:00", "15:00 UTC at UTC+8");
        // 58 mm in both languages: the headers "COUNT 笔数" and "AMOUNT 金额" leave the name under 8 columns,
        // so each row is its name, then count and amount on the next line
        const stacked = width === 58 && language === "both";
        const row = (name: string, count: string, amount: string) => {
          const at = lines.findIndex((l) => l.text.startsWith(name));
          t.true(at >= 0, name);
          if (stacked) {
            t.is(lines[at].text, name);
            t.is(lines[at + 1].text.replace(/ +/g, " "), ` ${L("COUNT", "笔数")} ${count} ${amount}`);
          } else t.is(lines[at].text.replace(/ +/g, " "), `${name} ${count} ${amount}`);
          t.is(lines[stacked ? at + 1 : at].right, dots, "the amount ends at the right edge");
        };
        row(L("UNIONPAY", "银联"), "12", "CNY 12,345.50");
        row("VISA", "3", "CNY 450.00");
        row(L("SALE", "消费"), "14", "CNY 12,795.50");
        row(L("REFUND", "退货"), "1", "CNY 19.99");
        if (doc.kind === "settlement") {
          t.true(lines.some((l) => l.text === L("UNBALANCED", "对账不平") && l.tall), "unbalanced");
          t.is(fieldValue(lines, L("RESPONSE", "应答码"))?.value, "95 RECONCILE ERROR");
        } else t.false(lines.some((l) => l.text.includes(L("BALANCED", "对账平"))));
      }
    });
  }
}
