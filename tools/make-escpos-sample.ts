// Writes samples/slip-58mm.escpos: a short slip in English and Chinese with
// a QR code and a partial cut, encoded by modules/escpos for a 58 mm
// printer with a GB18030 font. `npx tsx tools/make-escpos-sample.ts`.
import { writeFileSync } from "node:fs";
import { encodeEscPos, loadGbTable, printerProfile } from "../modules/escpos/index.ts";

const job = encodeEscPos(
  [
    { type: "text", text: "XSPOS DEMO SHOP", align: "center", style: { bold: true, width: 2, height: 2 } },
    { type: "text", text: "演示商店", align: "center" },
    { type: "text", text: "SALE 消费" },
    { type: "text", text: "TOTAL          CNY 12.50", style: { bold: true } },
    { type: "qr", data: "https://example.com/r/000123", align: "center" },
    { type: "cut", partial: true },
  ],
  { profile: printerProfile(58, { chinese: true }), gb: loadGbTable() },
);
writeFileSync(new URL("../samples/slip-58mm.escpos", import.meta.url), job.bytes);
