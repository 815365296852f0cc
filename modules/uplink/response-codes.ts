/**
 * ISO 8583:1987 response codes (DE39) a POS terminal meets, with what the
 * terminal shows. Codes not listed are declines shown by number.
 */
export interface ResponseMeaning {
  approved: boolean;
  /** the reason, as a payment engineer reads it */
  reason: string;
  /** what the display says */
  prompt: string;
}

const TABLE: Record<string, [boolean, string, string]> = {
  "00": [true, "approved", "APPROVED"],
  "01": [false, "refer to card issuer", "CALL ISSUER"],
  "03": [false, "invalid merchant", "INVALID MERCHANT"],
  "04": [false, "pick up card", "PICK UP CARD"],
  "05": [false, "do not honour", "DECLINED"],
  "12": [false, "invalid transaction", "INVALID TRANSACTION"],
  "13": [false, "invalid amount", "INVALID AMOUNT"],
  "14": [false, "invalid card number", "INVALID CARD"],
  "25": [false, "original transaction not found", "NOT FOUND"],
  "30": [false, "format error", "FORMAT ERROR"],
  "41": [false, "lost card, pick up", "PICK UP CARD"],
  "43": [false, "stolen card, pick up", "PICK UP CARD"],
  "51": [false, "insufficient funds", "INSUFFICIENT FUNDS"],
  "54": [false, "expired card", "EXPIRED CARD"],
  "55": [false, "incorrect PIN", "WRONG PIN"],
  "57": [false, "transaction not permitted to cardholder", "NOT PERMITTED"],
  "61": [false, "exceeds withdrawal amount limit", "EXCEEDS LIMIT"],
  "65": [false, "exceeds withdrawal frequency limit", "EXCEEDS LIMIT"],
  "75": [false, "allowable number of PIN tries exceeded", "PIN TRIES EXCEEDED"],
  "91": [false, "issuer or switch inoperative", "ISSUER UNAVAILABLE"],
  "94": [false, "duplicate transmission", "DUPLICATE"],
  "95": [false, "reconcile error", "RECONCILE ERROR"],
  "96": [false, "system malfunction", "SYSTEM ERROR"],
};

export function responseMeaning(code: string): ResponseMeaning {
  const row = TABLE[code];
  return row ? { approved: row[0], reason: row[1], prompt: row[2] } : { approved: false, reason: `response code ${code}`, prompt: `DECLINED (${code})` };
}
