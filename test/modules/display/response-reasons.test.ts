import test from "ava";
import { REASON_CODES, declineReason, renderLines, textWidth } from "../../../modules/display/index.ts";
import { responseMeaning } from "../../../modules/uplink/response-codes.ts";

const TWO_BY_16 = { kind: "character", rows: 2, columns: 16 } as const;

test("every response code the uplink knows as a decline has a reason in both languages", (t) => {
  let declines = 0;
  for (let n = 0; n < 100; n++) {
    const code = String(n).padStart(2, "0");
    const meaning = responseMeaning(code);
    if (meaning.approved || meaning.reason === `response code ${code}`) continue;
    declines++;
    t.truthy(declineReason(code, "en"), code);
    t.truthy(declineReason(code, "zh"), code);
  }
  t.true(declines >= 20, `${declines} declines known to the uplink`);
});

test("every reason ends with a wording of 16 columns or fewer", (t) => {
  for (const code of REASON_CODES) {
    for (const language of ["en", "zh"] as const) {
      const variants = declineReason(code, language)!;
      t.true(textWidth(variants[variants.length - 1]) <= 16, `${code} ${language}`);
    }
  }
});

// ISO 8583:1987 DE39: 05 do not honour, 51 insufficient funds, 54 expired
// card, 55 incorrect PIN, 61 exceeds withdrawal amount limit, 91 issuer or
// switch inoperative; EMV 4.4 Book 4 Annex A6: Z1 offline declined.
test("declines on 2×16: the code on the first row, the host's reason on the second", (t) => {
  const expected: Record<string, [string, string]> = {
    "05": ["DO NOT HONOUR", "不予承兑"],
    "51": ["INSUFF. FUNDS", "余额不足"],
    "54": ["EXPIRED CARD", "卡已过期"],
    "55": ["INCORRECT PIN", "密码错误"],
    "61": ["EXCEEDS LIMIT", "超出金额限制"],
    "91": ["ISSUER UNAVAIL.", "发卡方不能操作"],
    Z1: ["DECLINED OFFLINE", "脱机拒绝"],
  };
  for (const [code, [en, zh]] of Object.entries(expected)) {
    t.deepEqual(renderLines({ id: "DECLINED", responseCode: code }, "en", TWO_BY_16), [[`DECLINED${" ".repeat(16 - 8 - code.length)}${code}`, en]]);
    t.deepEqual(renderLines({ id: "DECLINED", responseCode: code }, "zh", TWO_BY_16), [[`交易失败${" ".repeat(16 - 8 - code.length)}${code}`, zh]]);
  }
  t.deepEqual(renderLines({ id: "DECLINED", responseCode: "51" }, "en", { kind: "character", rows: 2, columns: 20 }), [["DECLINED          51", "INSUFFICIENT FUNDS"]]);
});

test("a code without a reason shows alone", (t) => {
  t.is(declineReason("Q9", "en"), undefined);
  t.is(declineReason("toString", "en"), undefined);
  t.deepEqual(renderLines({ id: "DECLINED", responseCode: "Q9" }, "en", TWO_BY_16), [["DECLINED      Q9"]]);
});
