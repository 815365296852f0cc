/**
 * A receipt without a card, and the reports' net total and host response,
 * as document blocks (the paper is read back in test/hosts/receipt-config.test.ts).
 */
import test from "ava";
import { buildReceipt } from "../../../modules/receipt/build-receipt.ts";
import { buildSettlementReport, buildTotalsReport } from "../../../modules/receipt/build-report.ts";
import type { ReceiptBlock } from "../../../modules/receipt/document.ts";
import type { ReceiptTransaction } from "../../../modules/receipt/transaction.ts";
import { SETTLEMENT, TOTALS, TRANSACTIONS } from "./fixtures.ts";

const field = (blocks: ReceiptBlock[], label: string) => blocks.find((b) => b.kind === "field" && typeof b.label === "object" && b.label.label === label) as Extract<ReceiptBlock, { kind: "field" }> | undefined;
const labels = (blocks: ReceiptBlock[]) => blocks.flatMap((b) => ("label" in b && typeof b.label === "object" ? [b.label.label] : "text" in b && typeof b.text === "object" ? [b.text.label] : []));

test("no PAN, no entry mode, no scheme: no card lines and no CVM line; the amounts, cash and change print", (t) => {
  const { pan: _p, entryMode: _e, scheme: _s, chip: _c, ...cash } = TRANSACTIONS.sale;
  const doc = buildReceipt({ ...cash, cvm: "none" }, { copy: "customer" });
  const names = labels(doc.blocks);
  for (const label of ["cardNo", "cardType", "entryMode", "pinVerified", "noCvm", "signature"]) t.false((names as string[]).includes(label), label);
  t.is(field(doc.blocks, "amount")?.value, "CNY 26.50");
  t.is(field(doc.blocks, "change")?.value, "CNY 23.50");
});

test("RECEIPT_PAN for a card transaction without its PAN (an entry mode or scheme but no PAN); RECEIPT_FIELD for a CVM on a receipt without a card", (t) => {
  const { pan: _, ...noPan } = TRANSACTIONS.sale;
  t.throws(() => buildReceipt(noPan as ReceiptTransaction, { copy: "merchant" }), { code: "RECEIPT_PAN" });
  const { pan: _p, entryMode: _e, scheme: _s, ...card } = TRANSACTIONS.sale;
  t.throws(() => buildReceipt({ ...card, scheme: "visa" } as ReceiptTransaction, { copy: "merchant" }), { code: "RECEIPT_PAN" });
  t.throws(() => buildReceipt({ ...card, cvm: "pin" } as ReceiptTransaction, { copy: "merchant" }), { code: "RECEIPT_FIELD" });
});

test("reports: the net TOTAL is the schemes' nets added, a negative one with a minus sign; settlement prints the host's response before BALANCED / UNBALANCED", (t) => {
  // fixtures: UnionPay 12 345.50 and Visa 450.00
  t.is(field(buildTotalsReport(TOTALS).blocks, "total")?.value, "CNY 12,795.50");
  const credit = { ...TOTALS, byScheme: [{ scheme: "visa", count: 2, amount: -5000 }, { scheme: "unionpay", count: 1, amount: 2000 }] };
  const blocks = buildTotalsReport(credit).blocks;
  t.is(field(blocks, "total")?.value, "-CNY 30.00");
  const table = blocks.find((b) => b.kind === "table") as Extract<ReceiptBlock, { kind: "table" }>;
  t.deepEqual(table.rows[0].slice(1), ["2", "-CNY 50.00"]);
  const settlement = buildSettlementReport(SETTLEMENT).blocks;
  t.is(field(settlement, "response")?.value, "95 RECONCILE ERROR");
  t.true(labels(settlement).indexOf("response") < labels(settlement).indexOf("unbalanced"));
  t.throws(() => buildTotalsReport({ ...TOTALS, byScheme: [{ scheme: "visa", count: 1, amount: -1e12 }] }), { code: "RECEIPT_FIELD" });
});
