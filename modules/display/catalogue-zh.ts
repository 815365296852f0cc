/**
 * The catalogue in Chinese, in the wording of China UnionPay terminals
 * (请刷卡或插卡, 请输入密码, 交易成功, 交易失败, 撤销, 退货, 预授权, 签到,
 * 结算, 对账平/对账不平, 商户存根/持卡人存根). Punctuation is ASCII (one
 * column, not two). A CJK character takes two columns, so a 16-column row
 * holds eight; every variant list ends with one that fits 16 columns.
 */
import { fixed, itemKey, mask, type Catalogue } from "./catalogue.ts";
import { CHINESE_DATE_TIME_UNKNOWN, ISO_DATE_TIME_UNKNOWN, chineseDateTime, isoDateTime } from "./local-time.ts";
import type { Operation, OriginalField, PrinterProblem, ReceiptCopy } from "./message.ts";
import { amountVariants, type Money } from "./money.ts";
import { declineReason } from "./response-reasons.ts";
import { centred, items, pair, right, screen, text } from "./screen.ts";

const OPERATION: Readonly<Record<Operation, readonly string[]>> = {
  SALE: ["消费"],
  BALANCE: ["余额查询"],
  VOID: ["消费撤销", "撤销"],
  REFUND: ["退货"],
  PREAUTH: ["预授权"],
  PREAUTH_COMPLETION: ["预授权完成"],
  PREAUTH_CANCEL: ["预授权撤销"],
  SETTLEMENT: ["结算"],
  REPRINT: ["重打印"],
  SIGN_ON: ["签到"],
  TOTALS: ["交易汇总"],
};

const ORIGINAL: Readonly<Record<OriginalField, readonly string[]>> = {
  TRACE: ["请输入原凭证号"],
  AUTH_CODE: ["请输入原授权码"],
  REFERENCE: ["请输入原参考号"],
  DATE: ["请输入原交易日期(MMDD)", "原交易日期(MMDD)", "原交易日期"],
};

const COPY: Readonly<Record<ReceiptCopy, string>> = { MERCHANT: "商户存根", CARDHOLDER: "持卡人存根", BANK: "银行存根" };

const PRINTER: Readonly<Record<PrinterProblem, readonly [readonly string[], readonly string[]]>> = {
  PAPER_END: [["打印机缺纸"], ["请装纸"]],
  PAPER_NEAR_END: [["打印纸将尽"], ["请及时换纸"]],
  COVER_OPEN: [["打印机纸仓盖打开", "纸仓盖打开"], ["请合上纸仓盖"]],
  OFFLINE: [["打印机脱机"], ["请检查打印机"]],
  ERROR: [["打印机故障"], ["请检查打印机"]],
};

const amount = (money: Money) => amountVariants(money, "zh");

// lines that several screens share
const PLEASE_WAIT_LINE = text(["请稍候"], 1);
const CANCELLED_LINE = text(["交易取消"], 1);
const SIGN_ON_FIRST_LINE = text(["请先签到"], 1);

/** Every message in Chinese. */
export const ZH: Catalogue = {
  IDLE: (m) => [centred(["欢迎使用"], 1), centred(m.at ? [chineseDateTime(m.at), isoDateTime(m.at)] : [CHINESE_DATE_TIME_UNKNOWN, ISO_DATE_TIME_UNKNOWN])],
  MENU: (m) => [centred(["主菜单"], 3), items(m.items.map((op, i) => OPERATION[op].map((name) => `${itemKey(i)}.${name}`)))],
  MANAGER_PIN: (m) => [text(["请输入主管密码"]), right([mask(m.digits)])],
  MANAGER_LOCKED: (m) => [text(["主管密码已锁定"]), text([`请${m.minutes}分钟后再试`])],
  AMOUNT_ENTRY: (m) => screen(
    m.operation && text(OPERATION[m.operation], 1),
    text(["请输入金额:"], 2),
    right(amount(m.amount)),
  ),
  ORIGINAL_ENTRY: (m) => [text(ORIGINAL[m.field]), right([m.value])],
  CONFIRM_TRANSACTION: (m) => screen(
    text(OPERATION[m.operation].map((name) => `确认${name}?`)),
    right(amount(m.amount)),
    m.cardLast4 && text([`卡号 ****${m.cardLast4}`], 1),
    text(["请按确认键继续", "按确认键继续"], 2),
  ),
  BASKET_ITEM: (m) => [text([`第${m.line}项 商品编码`, `第${m.line}项 编码`]), right([m.code])],
  BASKET_QUANTITY: (m) => [text([`第${m.line}项 数量`]), right([String(m.quantity)])],
  BASKET_PRICE: (m) => [text([`第${m.line}项 单价`]), right(amount(m.price))],
  BASKET_TOTAL: (m) => [text([`合计 共${m.items}项`]), right(amount(m.total))],
  CASH_TENDERED: (m) => [pair(["应收金额", "应收", ""], amount(m.due)), pair(["实收金额", "实收", ""], amount(m.tendered))],
  CHANGE_DUE: (m) => [text(["找零"]), right(amount(m.change))],
  PRESENT_CARD: (m) => screen(
    m.operation && text(OPERATION[m.operation], 2),
    m.amount && right(amount(m.amount)),
    text(["请刷卡或插卡"]),
  ),
  USE_CHIP: fixed([text(["此卡为IC卡"]), text(["请插卡"])]),
  FALLBACK_SWIPE: fixed([text(["读IC卡失败"]), text(["请刷卡"])]),
  SELECT_APPLICATION: (m) => [centred(["请选择应用"], 3), items(m.labels.map((l, i) => [`${itemKey(i)}.${l}`]))],
  CONFIRM_APPLICATION: (m) => [text([m.label]), text(["确认使用此应用?", "确认?"])],
  ENTER_PIN: (m) => [
    pair(["金额:", ""], amount(m.amount)),
    pair(m.tries === "last" ? ["最后一次,请输入密码:", "最后一次:", ""] : ["请输入密码:", "密码:", ""], [mask(m.digits)]),
  ],
  PIN_OK: fixed([text(["密码正确"])]),
  WRONG_PIN: (m) => [text(["密码错误"]), text(m.triesLeft === undefined ? ["请重新输入"] : [`还可输入${m.triesLeft}次`])],
  PIN_BLOCKED: fixed([text(["密码次数超限"]), text(["请联系发卡行"], 1)]),
  SIGNATURE_REQUIRED: fixed([text(["请持卡人签名"]), text(["请在签购单上签名"], 1)]),
  PROCESSING: fixed([text(["处理中"]), PLEASE_WAIT_LINE]),
  CONNECTING: fixed([text(["正在连接"]), PLEASE_WAIT_LINE]),
  SENDING: fixed([text(["正在发送"]), PLEASE_WAIT_LINE]),
  RECEIVING: fixed([text(["正在接收"]), PLEASE_WAIT_LINE]),
  PLEASE_WAIT: fixed([text(["请稍候"])]),
  APPROVED: (m) => [
    pair(["交易成功"], m.authCode ? [`授权码 ${m.authCode}`, `授权码${m.authCode}`, m.authCode] : [""]),
    right(amount(m.amount)),
  ],
  DECLINED: (m) => {
    const reason = declineReason(m.responseCode, "zh");
    return screen(pair(["交易失败"], [m.responseCode]), reason && text(reason));
  },
  BALANCE: (m) => [text(m.overdrawn ? ["透支金额"] : ["余额"]), right(amount(m.balance))],
  NO_RESPONSE: (m) => [text(["主机无应答"]), text(m.reversalQueued ? ["冲正待发送"] : ["请重试"])],
  HOST_ERROR: (m) => [text(["主机应答无效"]), text(m.reversalQueued ? ["冲正待发送"] : ["请重试"])],
  CARD_REMOVED: fixed([text(["卡片已拔出"]), CANCELLED_LINE]),
  REMOVE_CARD: fixed([text(["请拔卡"])]),
  CANCELLED: fixed([text(["交易已取消"])]),
  TIMEOUT: fixed([text(["操作超时"]), CANCELLED_LINE]),
  PRINTING: (m) => screen(text(["正在打印"]), m.copy && text([COPY[m.copy]], 1)),
  PRINTER_PROBLEM: (m) => [text(PRINTER[m.problem][0]), text(PRINTER[m.problem][1])],
  SETTLEMENT_TOTALS: (m) => [
    centred(["结算"], 1),
    text(m.balanced ? ["对账平"] : ["对账不平"]),
    pair([`消费 ${m.sales.count}笔`], amount(m.sales.amount)),
    pair([`退货 ${m.refunds.count}笔`], amount(m.refunds.amount)),
  ],
  JOURNAL_FULL: fixed([text(["交易记录已满"]), text(["请先结算"])]),
  LIMIT_EXCEEDED: (m) => [text(m.scope === "TRANSACTION" ? ["超出单笔限额"] : ["超出当日限额"]), pair(["限额", ""], amount(m.limit))],
  NOT_SIGNED_ON: fixed([text(["终端未签到"]), SIGN_ON_FIRST_LINE]),
  CLOCK_NOT_SET: fixed([text(["终端时间未设置"]), SIGN_ON_FIRST_LINE]),
  SIGNED_ON: fixed([text(["签到成功"])]),
  CARD_NOT_SUPPORTED: fixed([text(["不支持此卡"])]),
  CARD_EXPIRED: fixed([text(["卡已过期"])]),
  CARD_INVALID: fixed([text(["无效卡"])]),
  CARD_BLOCKED: fixed([text(["卡片已锁定"])]),
  READ_ERROR: fixed([text(["读卡失败"]), text(["请重试"])]),
};
