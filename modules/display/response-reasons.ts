/**
 * Why a transaction was declined, in a few words, from the response code.
 *
 * The codes are ISO 8583:1987 DE39 as acquirers in China send them (the
 * China UnionPay response code table follows ISO 8583 for these), and the
 * EMV authorisation response codes a terminal sets itself when the card
 * declines (EMV 4.4 Book 4, Annex A6: Z1 offline declined, Z3 unable to
 * go online and declined offline). modules/uplink/response-codes.ts holds
 * the uplink's reading of the same codes; a test checks that every code it
 * knows as a decline has a reason here. English wording follows the EMV
 * standard messages where one exists (Book 4 §11.2: CALL YOUR BANK,
 * INCORRECT PIN).
 */
import type { Language } from "./language.ts";

// [English variants, Chinese variants], widest first; the last of each fits 16 columns
const REASONS: Readonly<Record<string, readonly [readonly string[], readonly string[]]>> = {
  "01": [["CALL YOUR BANK"], ["请联系发卡行"]],
  "02": [["CALL YOUR BANK"], ["请联系发卡行"]],
  "03": [["INVALID MERCHANT"], ["无效商户"]],
  "04": [["PICK UP CARD"], ["没收卡"]],
  "05": [["DO NOT HONOUR"], ["不予承兑"]],
  "12": [["INVALID TRANSACTION", "INVALID TRANS."], ["无效交易"]],
  "13": [["INVALID AMOUNT"], ["无效金额"]],
  "14": [["INVALID CARD NUMBER", "INVALID CARD"], ["无效卡号"]],
  "15": [["NO SUCH ISSUER"], ["无此发卡行"]],
  "25": [["ORIGINAL NOT FOUND", "NO ORIGINAL"], ["找不到原始交易"]],
  "30": [["FORMAT ERROR"], ["报文格式错误"]],
  "33": [["EXPIRED CARD"], ["过期卡"]],
  "41": [["LOST CARD"], ["挂失卡"]],
  "43": [["STOLEN CARD"], ["被窃卡"]],
  "51": [["INSUFFICIENT FUNDS", "INSUFF. FUNDS"], ["余额不足"]],
  "54": [["EXPIRED CARD"], ["卡已过期"]],
  "55": [["INCORRECT PIN"], ["密码错误"]],
  "57": [["NOT PERMITTED TO CARD", "NOT PERMITTED"], ["不允许此交易"]],
  "58": [["NOT PERMITTED TO TERMINAL", "NOT ALLOWED HERE"], ["终端不支持此交易"]],
  "61": [["EXCEEDS AMOUNT LIMIT", "EXCEEDS LIMIT"], ["超出金额限制"]],
  "62": [["RESTRICTED CARD"], ["受限制的卡"]],
  "65": [["EXCEEDS FREQUENCY LIMIT", "FREQUENCY LIMIT"], ["超出次数限制"]],
  "75": [["PIN TRIES EXCEEDED", "PIN TRY LIMIT"], ["密码次数超限"]],
  "91": [["ISSUER UNAVAILABLE", "ISSUER UNAVAIL."], ["发卡方不能操作"]],
  "94": [["DUPLICATE TRANSMISSION", "DUPLICATE"], ["重复交易"]],
  "95": [["RECONCILE ERROR"], ["对账不平"]],
  "96": [["SYSTEM ERROR"], ["系统故障"]],
  Z1: [["DECLINED OFFLINE"], ["脱机拒绝"]],
  Z3: [["UNABLE TO GO ONLINE", "CANNOT GO ONLINE"], ["无法联机"]],
};

/** Every response code with a reason of its own. */
export const REASON_CODES: readonly string[] = Object.keys(REASONS).sort();

/**
 * The reason for `responseCode` in `language`, widest wording first, or
 * `undefined` for a code without one (the screen then shows the code alone).
 */
export function declineReason(responseCode: string, language: Language): readonly string[] | undefined {
  const row = Object.hasOwn(REASONS, responseCode) ? REASONS[responseCode] : undefined;
  return row && row[language === "en" ? 0 : 1];
}
