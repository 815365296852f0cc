/**
 * The receipts' options every host builds PrinterReceipts with: the host
 * hands in its printer and tables, the terminal takes the language from
 * the screen's and the logo and amount style from the configuration.
 */
import test from "ava";
import { validateTerminalConfig } from "../../../modules/config/config.ts";
import { printerProfile } from "../../../modules/escpos/profile.ts";
import { PrinterReceipts } from "../../../modules/terminal/printer-receipts.ts";
import { printerReceiptsOptions, receiptLanguage } from "../../../modules/terminal/receipt-options.ts";
import { TRANSACTIONS } from "../receipt/fixtures.ts";
import { testCrypto } from "../../support/crypto.ts";
import { sample, withField } from "../config/edit.ts";

const crypto = testCrypto();
const profile = printerProfile(80, { codePage: "cp858" });

/** A driver that keeps the bytes it is given. */
function recordingPrinter() {
  const sent: number[] = [];
  return {
    sent,
    print: async (job: { bytes: Uint8Array }) => {
      sent.push(...job.bytes);
      return { state: "done" as const };
    },
    resume: async () => ({ copy: "ended" as const }),
    reset: async () => {},
  };
}

/** Where `needle` starts in `bytes`, or -1. */
function find(bytes: number[], needle: number[]): number {
  for (let i = 0; i + needle.length <= bytes.length; i++) if (needle.every((b, j) => bytes[i + j] === b)) return i;
  return -1;
}

const withReceipt = () => {
  const config = sample() as { receipt: Record<string, unknown> };
  config.receipt = { ...config.receipt, logo: { width: 16, height: 2, bits: "FFFF8001" }, amounts: { style: "symbol", decimal: ",", group: ".", symbolAfter: true } };
  return validateTerminalConfig(config, crypto);
};

test("the screen's language decides the receipts': Chinese only for a Chinese screen, English for English and both bilingual screens", (t) => {
  t.is(receiptLanguage("zh"), "zh");
  t.is(receiptLanguage("en"), "en");
  t.is(receiptLanguage("en+zh"), "en");
  t.is(receiptLanguage("zh+en"), "en");
});

test("the configuration's logo and amount style go into the options with the host's printer and profile", (t) => {
  const config = withReceipt();
  const printer = recordingPrinter();
  const o = printerReceiptsOptions(config, "zh", { printer, profile });
  t.is(o.printer, printer);
  t.is(o.profile, profile);
  t.is(o.language, "zh");
  t.is(o.logo, config.receipt!.logo);
  t.deepEqual(o.amounts, { style: "symbol", decimal: ",", group: ".", symbolAfter: true });
  t.false("gb" in o || "glyphs" in o || "codePage" in o, "no table the host did not hand in");
});

test("a configuration without a receipt section gives no logo and no amount style", (t) => {
  const o = printerReceiptsOptions(validateTerminalConfig(withField("receipt", undefined), crypto), "en", { printer: recordingPrinter(), profile });
  t.false("logo" in o);
  t.false("amounts" in o);
});

test("PrinterReceipts built from the options prints the configured logo (GS v 0, 2 bytes × 2 rows) first and the amount as 1.234,50 €", async (t) => {
  const printer = recordingPrinter();
  const receipts = new PrinterReceipts(printerReceiptsOptions(withReceipt(), "en", { printer, profile }));
  const eur = { code: "EUR", exponent: 2 };
  t.true((await receipts.print({ kind: "transaction", copy: "CARDHOLDER", reprint: false, transaction: { ...TRANSACTIONS.sale, amount: 123450, currency: eur } })).printed);
  // ESC/POS GS v 0: 1D 76 30 m xL xH yL yH, then the bits (Epson ESC/POS reference)
  const logo = find(printer.sent, [0x1d, 0x76, 0x30, 0x00, 0x02, 0x00, 0x02, 0x00, 0xff, 0xff, 0x80, 0x01]);
  t.true(logo >= 0, "the logo's raster image");
  // "1.234,50 " then € as D5, its byte in code page 858
  t.true(find(printer.sent, [...new TextEncoder().encode("1.234,50 "), 0xd5]) > logo, "the amount in the configured style, after the logo");
});
