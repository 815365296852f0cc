/**
 * A settlement report a power cut stopped is printed again at the next
 * boot from the journal's settled record: the same report, by type and by
 * scheme, dated at the settlement, marked as a reprint.
 */
import test from "ava";
import type { WallClock } from "../../../modules/core/ports.ts";
import { TextMeasure } from "../../../modules/receipt/measure.ts";
import { buildSettlementReport } from "../../../modules/receipt/build-report.ts";
import { layoutReceipt } from "../../../modules/receipt/layout.ts";
import type { ReceiptSettlement } from "../../../modules/receipt/transaction.ts";
import type { ReceiptJob } from "../../../modules/terminal/ports.ts";
import { MENU_ITEMS } from "../../../modules/terminal/terminal.ts";
import { rig, swipeSale, STRIPE_NO_PIN } from "./terminal-harness.ts";

const item = (op: string) => String((MENU_ITEMS.indexOf(op as never) + 1) % 10) as never;

/** The report's lines as a 32-column printer in English prints them. */
function text(report: ReceiptSettlement): string[] {
  const lines = layoutReceipt(buildSettlementReport(report), { columns: 32, language: "en", measure: new TextMeasure(false, undefined) });
  return lines.flatMap((l) => (l.type === "text" ? [l.text] : []));
}

test("a settlement report cut by a power loss prints again after the reboot as it was: its lines by type and by scheme, its time, marked as a reprint", async (t) => {
  const wall: WallClock & { at: number } = { at: Date.UTC(2026, 10, 25, 18, 0, 0), utcMs: () => wall.at, offsetMinutes: () => 120 };
  const r = await rig({ wallClock: wall });
  swipeSale(r, "1500", STRIPE_NO_PIN);
  await r.idle();
  swipeSale(r, "2500", STRIPE_NO_PIN);
  await r.idle();
  r.press("MENU", item("REFUND"));
  r.type("700");
  r.press("ENTER");
  r.terminal.handle({ type: "swipe", tracks: STRIPE_NO_PIN });
  await r.idle();
  r.press("MENU", item("PREAUTH"));
  r.type("9000");
  r.press("ENTER");
  r.terminal.handle({ type: "swipe", tracks: STRIPE_NO_PIN });
  await r.idle();
  const print = r.receipts.print.bind(r.receipts);
  let original: ReceiptSettlement | undefined;
  r.receipts.print = async (job: ReceiptJob) => {
    if (job.kind === "settlement") {
      original = job.report;
      r.flash.cutPowerAt(r.flash.operations + 1);
      return { printed: false, problem: "OFFLINE" };
    }
    return print(job);
  };
  r.press("MENU", item("SETTLEMENT"));
  t.is(await r.idle(), "halted");
  r.terminal.close();
  t.truthy(original, "the settlement report was being printed when the power went");
  // the terminal comes back an hour later
  wall.at += 3_600_000;
  const again = await rig({ flash: r.flash.reboot(), keys: r.keys, store: r.store, host: r.host, wallClock: wall });
  const reprints = again.receipts.jobs.filter((j) => j.kind === "settlement");
  t.is(reprints.length, 1);
  const reprint = reprints[0] as Extract<ReceiptJob, { kind: "settlement" }>;
  t.true(reprint.reprint);
  t.deepEqual(text(reprint.report), text(original!));
  t.deepEqual(reprint.report, original!);
  // what the breakdown holds: not only debits and credits
  t.deepEqual(original!.byType.map((b) => [b.type, b.count, b.amount]), [["sale", 2, 4000], ["refund", 1, 700], ["pre-auth", 1, 9000]]);
  t.deepEqual(original!.byScheme.map((s) => [s.scheme, s.count, s.amount]), [["visa", 3, 3300]]);
});
