import test from "ava";
import { fromHex } from "../../modules/core/hex.ts";
import type { PrintResult, ReceiptJob, ReceiptPort } from "../../modules/terminal/ports.ts";
import type { ReceiptSettlement } from "../../modules/receipt/transaction.ts";
import { TraceReceipts } from "../../hosts/sim/trace-receipts.ts";

// Byte sequences built by hand from the Epson ESC/POS Command Reference (ESC @, ESC a, ESC d, LF, GS ( k, GS V).

/** A printer side that puts `hex` on the paper, one command string at a time as the virtual printer does, and answers `result`. */
function rig(hex: string | string[], result: PrintResult = { printed: true }, columns = 12) {
  const lines: string[] = [];
  const printer: ReceiptPort = {
    async print() {
      for (const part of typeof hex === "string" ? [hex] : hex) receipts.paper(fromHex(part));
      return result;
    },
  };
  const receipts = new TraceReceipts({ printer, log: { write: (l) => void lines.push(l) }, columns });
  return { receipts, lines };
}

const job = { kind: "settlement", report: {} as ReceiptSettlement } as ReceiptJob;

test("text lines, ESC a 1 centring, ESC d 2 feeds and GS V: the lines as printed between rules", async (t) => {
  // ESC @; ESC a 1 "SLIP" LF; ESC a 0 "AMOUNT 1" LF; ESC d 2; GS V 66 0
  const { receipts, lines } = rig("1B40" + "1B6101" + "534C4950" + "0A" + "1B6100" + "414D4F554E542031" + "0A" + "1B6402" + "1D564200", { printed: true });
  t.deepEqual(await receipts.print(job), { printed: true });
  t.deepEqual(lines, ["receipt: settlement report", "============", "    SLIP", "AMOUNT 1", "", "", "============"]);
});

test("a QR code print (GS ( k fn 81) is one line that names it; bytes above 7E show as ?", async (t) => {
  // GS ( k pL=3 pH=0 cn=49 fn=81 m=48; "A" E9 "B" LF
  const { receipts, lines } = rig("1D286B0300315130" + "41E942" + "0A");
  await receipts.print(job);
  t.deepEqual(lines.slice(2), ["[QR code]", "A?B"]);
});

test("a stopped copy is traced as far as it got, then the printer's problem", async (t) => {
  const { receipts, lines } = rig("48414C46", { printed: false, problem: "PAPER_END" });
  t.deepEqual(await receipts.print(job), { printed: false, problem: "PAPER_END" });
  t.deepEqual(lines, ["receipt: settlement report", "============", "HALF", "receipt: stopped (PAPER_END)"]);
});

test("commands that come one at a time make the same lines as the whole stream", async (t) => {
  // ESC a 1; "SL"; "IP"; LF; GS V 66 0
  const { receipts, lines } = rig(["1B6101", "534C", "4950", "0A", "1D564200"]);
  await receipts.print(job);
  t.deepEqual(lines, ["receipt: settlement report", "============", "    SLIP", "============"]);
});

test("ESC @ ends the centring of the copy before, as the printer's initialization does", async (t) => {
  // first copy: ESC a 1 "A" LF; second copy: ESC @ "B" LF
  const { receipts, lines } = rig(["1B6101", "41", "0A"]);
  await receipts.print(job);
  receipts.paper(fromHex("1B40" + "42" + "0A"));
  t.deepEqual(lines.slice(2), ["     A", "B"]);
});
