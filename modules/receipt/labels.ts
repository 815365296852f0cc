/**
 * The words a receipt prints, in English and Chinese. The Chinese wording
 * is the one of China UnionPay POS sales slips (签购单); where a slip
 * prints both, English comes first ("SALE 消费").
 */

/** Languages a receipt is printed in. */
export type ReceiptLanguage = "en" | "zh" | "both";

/** One label in both languages. */
export interface Label {
  en: string;
  zh: string;
}

/** Every label a receipt or report prints. */
export const LABELS = {
  salesSlip: { en: "POS SALES SLIP", zh: "签购单" },
  merchantName: { en: "MERCHANT NAME", zh: "商户名称" },
  merchantId: { en: "MERCHANT NO.", zh: "商户编号" },
  terminalId: { en: "TERMINAL NO.", zh: "终端编号" },
  operator: { en: "OPERATOR NO.", zh: "操作员号" },
  cardNo: { en: "CARD NO.", zh: "卡号" },
  cardType: { en: "CARD TYPE", zh: "卡类别" },
  entryMode: { en: "ENTRY MODE", zh: "输入方式" },
  transType: { en: "TRANS TYPE", zh: "交易类型" },
  batchNo: { en: "BATCH NO.", zh: "批次号" },
  traceNo: { en: "TRACE NO.", zh: "凭证号" },
  invoiceNo: { en: "INVOICE NO.", zh: "票据号" },
  authCode: { en: "AUTH CODE", zh: "授权码" },
  refNo: { en: "REF NO.", zh: "参考号" },
  dateTime: { en: "DATE/TIME", zh: "日期时间" },
  originalTrace: { en: "ORIG. TRACE NO.", zh: "原凭证号" },
  originalAuth: { en: "ORIG. AUTH CODE", zh: "原授权码" },
  response: { en: "RESPONSE", zh: "应答码" },
  amount: { en: "AMOUNT", zh: "金额" },
  subtotal: { en: "SUBTOTAL", zh: "小计" },
  total: { en: "TOTAL", zh: "合计" },
  cash: { en: "CASH", zh: "现金" },
  change: { en: "CHANGE", zh: "找零" },
  balance: { en: "BALANCE", zh: "余额" },
  item: { en: "ITEM", zh: "商品" },
  quantity: { en: "QTY", zh: "数量" },
  unitPrice: { en: "PRICE", zh: "单价" },
  lineTotal: { en: "AMOUNT", zh: "金额" },
  aid: { en: "AID", zh: "应用标识" },
  appLabel: { en: "APP LABEL", zh: "应用标签" },
  tvr: { en: "TVR", zh: "终端验证结果" },
  tsi: { en: "TSI", zh: "交易状态信息" },
  cryptogram: { en: "APP CRYPTOGRAM", zh: "应用密文" },
  pinVerified: { en: "PIN VERIFIED", zh: "密码已验证" },
  noCvm: { en: "NO CARDHOLDER VERIFICATION", zh: "无需持卡人验证" },
  signature: { en: "CARDHOLDER SIGNATURE", zh: "持卡人签名" },
  agreement: { en: "I ACKNOWLEDGE SATISFACTORY RECEIPT OF RELATIVE GOODS/SERVICES", zh: "本人确认以上交易，同意将其记入本卡账户" },
  merchantCopy: { en: "MERCHANT COPY", zh: "商户存根" },
  customerCopy: { en: "CUSTOMER COPY", zh: "持卡人存根" },
  reprint: { en: "REPRINT", zh: "重打印" },
  duplicate: { en: "DUPLICATE", zh: "副本" },
  sale: { en: "SALE", zh: "消费" },
  refund: { en: "REFUND", zh: "退货" },
  void: { en: "VOID", zh: "撤销" },
  balanceInquiry: { en: "BALANCE INQUIRY", zh: "余额查询" },
  preAuth: { en: "PRE-AUTH", zh: "预授权" },
  preAuthCompletion: { en: "PRE-AUTH COMPLETION", zh: "预授权完成" },
  preAuthCancellation: { en: "PRE-AUTH CANCELLATION", zh: "预授权撤销" },
  chip: { en: "CHIP", zh: "插卡" },
  swipe: { en: "SWIPE", zh: "刷卡" },
  fallback: { en: "FALLBACK", zh: "降级刷卡" },
  contactless: { en: "CONTACTLESS", zh: "挥卡" },
  manual: { en: "MANUAL", zh: "手输卡号" },
  unionpay: { en: "UNIONPAY", zh: "银联" },
  totalsReport: { en: "TOTALS REPORT", zh: "交易汇总" },
  settlementReport: { en: "SETTLEMENT", zh: "结算单" },
  byScheme: { en: "BY CARD TYPE", zh: "按卡类别" },
  byType: { en: "BY TRANS TYPE", zh: "按交易类型" },
  count: { en: "COUNT", zh: "笔数" },
  balanced: { en: "BALANCED", zh: "对账平" },
  unbalanced: { en: "UNBALANCED", zh: "对账不平" },
  noTransactions: { en: "NO TRANSACTIONS", zh: "无交易" },
  approved: { en: "APPROVED", zh: "交易成功" },
  partialApproval: { en: "PARTIAL APPROVAL", zh: "部分承兑" },
  offlineApproved: { en: "APPROVED OFFLINE", zh: "脱机批准" },
} as const satisfies Record<string, Label>;

/** The name of a label in {@link LABELS}. */
export type LabelId = keyof typeof LABELS;

/** What a label reads in a language; `both` joins the two with a space, English first. */
export function labelText(id: LabelId, language: ReceiptLanguage): string {
  const label: Label = LABELS[id];
  return language === "en" ? label.en : language === "zh" ? label.zh : `${label.en} ${label.zh}`;
}
