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

/** The reason and the prompt of each code listed; 00 is the one approval. */
const TABLE: Record<string, [string, string]> = {
  "00": ["approved", "APPROVED"],
  "01": ["refer to card issuer", "CALL ISSUER"],
  "03": ["invalid merchant", "INVALID MERCHANT"],
  "04": ["pick up card", "PICK UP CARD"],
  "05": ["do not honour", "DECLINED"],
  "12": ["invalid transaction", "INVALID TRANSACTION"],
  "13": ["invalid amount", "INVALID AMOUNT"],
  "14": ["invalid card number", "INVALID CARD"],
  "25": ["original transaction not found", "NOT FOUND"],
  "30": ["format error", "FORMAT ERROR"],
  "41": ["lost card, pick up", "PICK UP CARD"],
  "43": ["stolen card, pick up", "PICK UP CARD"],
  "51": ["insufficient funds", "INSUFFICIENT FUNDS"],
  "54": ["expired card", "EXPIRED CARD"],
  "55": ["incorrect PIN", "WRONG PIN"],
  "57": ["transaction not permitted to cardholder", "NOT PERMITTED"],
  "61": ["exceeds withdrawal amount limit", "EXCEEDS LIMIT"],
  "65": ["exceeds withdrawal frequency limit", "EXCEEDS LIMIT"],
  "75": ["allowable number of PIN tries exceeded", "PIN TRIES EXCEEDED"],
  "91": ["issuer or switch inoperative", "ISSUER UNAVAILABLE"],
  "94": ["duplicate transmission", "DUPLICATE"],
  "95": ["reconcile error", "RECONCILE ERROR"],
  "96": ["system malfunction", "SYSTEM ERROR"],
};

export function responseMeaning(code: string): ResponseMeaning {
  const row = TABLE[code];
  return row ? { approved: code === "00", reason: row[0], prompt: row[1] } : { approved: false, reason: `response code ${code}`, prompt: `DECLINED (${code})` };
}
