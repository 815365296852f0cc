/**
 * The basket by PLU code: with a product table in the configuration
 * (`receipt.products`), F1 opens the basket at the code of its first line;
 * a code, then the line's quantity, makes the line at the product's
 * price; ENTER alone at a code ends the list. The receipt prints the
 * products' names. A void's receipt prints the original's card; a card
 * transaction whose journal holds no masked PAN prints no receipt rather
 * than a made-up number.
 */
import test from "ava";
import type { TerminalConfig } from "../../../modules/config/types.ts";
import { receiptOf } from "../../../modules/terminal/receipt-data.ts";
import { CURRENCIES } from "../../../modules/terminal/currency.ts";
import type { TransactionView } from "../../../modules/journal/transaction-table.ts";
import { aidEntry, kernelConfig } from "../../support/emv-config.ts";
import { rig, STRIPE_NO_PIN } from "./terminal-harness.ts";

function withProducts(): TerminalConfig {
  const config = kernelConfig([aidEntry("A0000000041010")]);
  return {
    ...config,
    receipt: {
      products: [
        { plu: 7, name: "珍珠奶茶 Bubble tea", unitPrice: 2800 },
        { plu: 42, name: "菠萝包", unitPrice: 950 },
      ],
    },
  };
}

test("PLU basket: F1, a code, its quantity; ENTER at a code ends the list; the lines take the table's prices and the receipt its names", async (t) => {
  const r = await rig({ config: withProducts() });
  r.press("F1");
  t.like(r.display.last, { id: "BASKET_ITEM", line: 1, code: "" });
  r.type("7");
  t.like(r.display.last, { id: "BASKET_ITEM", line: 1, code: "7" });
  r.press("ENTER");
  t.like(r.display.last, { id: "BASKET_QUANTITY", line: 1, quantity: 0 });
  r.type("2"); r.press("ENTER");
  t.like(r.display.last, { id: "BASKET_ITEM", line: 2, code: "" });
  r.type("42"); r.press("ENTER"); r.type("3"); r.press("ENTER");
  r.press("ENTER");
  t.like(r.display.last, { id: "BASKET_TOTAL", items: 2, total: { minor: 2 * 2800 + 3 * 950 } });
  r.press("ENTER");
  t.like(r.display.last, { id: "PRESENT_CARD", amount: { minor: 8450 } });
  r.terminal.handle({ type: "swipe", tracks: STRIPE_NO_PIN });
  await r.idle();
  const job = r.receipts.jobs[0];
  if (job?.kind !== "transaction") return t.fail("no transaction receipt");
  t.deepEqual(job.transaction.items, [
    { name: "珍珠奶茶 Bubble tea", quantity: 2, unitPrice: 2800, lineTotal: 5600 },
    { name: "菠萝包", quantity: 3, unitPrice: 950, lineTotal: 2850 },
  ]);
  t.is(job.transaction.subtotal, 8450);
});

test("PLU basket: a code the table lacks is logged and asked again; a quantity of 0 is asked again", async (t) => {
  const r = await rig({ config: withProducts() });
  r.press("F1");
  r.type("8"); r.press("ENTER");
  t.like(r.display.last, { id: "BASKET_ITEM", line: 1, code: "" });
  t.true(r.log.lines.some((l) => l.includes("no product with PLU 8")));
  r.type("1234567");
  t.like(r.display.last, { id: "BASKET_ITEM", code: "123456" }, "a PLU code has at most 6 digits");
  r.press("CLEAR", "CLEAR", "CLEAR", "CLEAR", "CLEAR", "CLEAR");
  r.type("42"); r.press("ENTER"); r.press("ENTER");
  t.like(r.display.last, { id: "BASKET_QUANTITY", line: 1, quantity: 0 });
  r.press("CANCEL");
  t.is(await r.idle(), "idle");
});

test("without a product table the basket keeps its quantity-then-price entry", async (t) => {
  const r = await rig();
  r.press("F1");
  t.like(r.display.last, { id: "BASKET_QUANTITY", line: 1, quantity: 0 });
});

const VIEW: TransactionView = {
  kind: "void", stan: 12, invoice: 12, batch: 1, amountMinor: 1250, currency: 978, utcSeconds: 1_700_000_000, offsetMinutes: 60,
  scheme: "visa", truncatedPan: "", originalStan: 11, state: "completed", responseCode: "00",
} as unknown as TransactionView;
const EXTRAS = { merchant: { name: "SHOP", merchantId: "M1", terminalId: "T1" }, currency: CURRENCIES.EUR, cvm: "none" as const };

test("receiptOf: a void prints the original's masked PAN; a card transaction without one is RECEIPT_PAN, never 000000******0000", (t) => {
  t.is(receiptOf(VIEW, { ...EXTRAS, original: { truncatedPan: "476173******0010" } }).pan as string, "476173******0010");
  const e = t.throws(() => receiptOf(VIEW, EXTRAS), { code: "RECEIPT_PAN" });
  t.false(e!.message.includes("*"), "no made-up masked number in the message");
  t.regex(e!.message, /trace 000012/);
  t.throws(() => receiptOf({ ...VIEW, originalStan: 0 } as TransactionView, { ...EXTRAS, original: { truncatedPan: "" as TransactionView["truncatedPan"] } }), { code: "RECEIPT_PAN" });
});
