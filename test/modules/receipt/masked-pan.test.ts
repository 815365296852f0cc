import test from "ava";
import { isXsposError } from "../../../modules/core/error.ts";
import { buildReceipt } from "../../../modules/receipt/build-receipt.ts";
import { maskedPan, maskPanForReceipt, type MaskedPan } from "../../../modules/receipt/masked-pan.ts";
import { FULL_PANS, TRANSACTIONS } from "./fixtures.ts";

test("masked PANs that show at most the first 6 and the last 4 digits are accepted as they are", (t) => {
  for (const pan of ["620000******0005", "424242XXXXXX4242", "424242xxxxxx4242", "424242*xX*xX4242", "************4242", "6200************", "37828******0005", "620550*********0004"]) {
    t.is(maskedPan(pan) as string, pan);
  }
  t.is(maskPanForReceipt(FULL_PANS.visa) as string, "424242******4242");
  t.is(maskPanForReceipt("6205500000000000004") as string, "620550*********0004", "a 19-digit PAN (Stripe's UnionPay test card)");
});

test("RECEIPT_PAN for a full PAN, a PAN showing a 7th leading or 5th trailing digit, and a digit between masks; the message repeats no digit", (t) => {
  const refused = [FULL_PANS.unionpay, FULL_PANS.amex, "4242424*****4242", "424242*****24242", "424242***4**4242", "4242 4242 4242 4242", "424242******424a", "424242-*****4242", "", "*******", "4".repeat(20)];
  for (const pan of refused) {
    const e = t.throws(() => maskedPan(pan));
    t.true(isXsposError(e, "RECEIPT_PAN"), pan);
    t.false(/[0-9]{4}/.test((e as Error).message), "no run of digits from the PAN in the message");
  }
  t.true(isXsposError(t.throws(() => maskedPan(4242424242424242 as unknown as string)), "RECEIPT_PAN"));
  t.true(isXsposError(t.throws(() => maskPanForReceipt("42424242")), "RECEIPT_PAN"));
});

test("a receipt given a full PAN behind the type's back is refused with RECEIPT_PAN", (t) => {
  const tx = { ...TRANSACTIONS.sale, pan: FULL_PANS.unionpay as MaskedPan };
  t.true(isXsposError(t.throws(() => buildReceipt(tx, { copy: "customer" })), "RECEIPT_PAN"));
});
