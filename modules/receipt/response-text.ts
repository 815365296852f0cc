/**
 * The host's answer in words for a response code, as a receipt prints it
 * next to the code ("00 APPROVED", "00 交易成功").
 *
 * Approvals: ISO 8583:1987 DE39 00 (approved or completed successfully)
 * and 10 (approved for a partial amount), and the codes a terminal sets
 * itself for a card's offline approval (EMV 4.4 Book 4, Annex A6: Y1
 * offline approved, Y3 unable to go online, approved offline). The
 * reasons of a decline are the screen's (modules/display), so the slip
 * and the screen say the same.
 */
import { declineReason } from "../display/response-reasons.ts";
import { labelText, type LabelId, type ReceiptLanguage } from "./labels.ts";

const APPROVALS: Readonly<Record<string, LabelId>> = { "00": "approved", "10": "partialApproval", Y1: "offlineApproved", Y3: "offlineApproved" };

/**
 * The words for `code` in `language` (`both`: English then Chinese), or
 * `undefined` for a code without words (the receipt prints the code alone).
 */
export function responseText(code: string, language: ReceiptLanguage): string | undefined {
  if (Object.prototype.hasOwnProperty.call(APPROVALS, code)) return labelText(APPROVALS[code], language);
  const en = declineReason(code, "en")?.[0];
  const zh = declineReason(code, "zh")?.[0];
  if (en === undefined || zh === undefined) return undefined;
  return language === "en" ? en : language === "zh" ? zh : `${en} ${zh}`;
}
