import type { TerminalConfig } from "../config/types.ts";
import type { LanguageMode } from "../display/language.ts";
import type { ReceiptLanguage } from "../receipt/labels.ts";
import type { PrinterReceiptsOptions } from "./printer-receipts.ts";

/**
 * What is a host's own in its receipts: the printer driver and its
 * profile, and the tables and glyphs it holds as files or flash
 * resources. Everything else the terminal decides.
 */
export type HostReceiptParts = Pick<PrinterReceiptsOptions, "printer" | "profile" | "gb" | "codePage" | "glyphs">;

/**
 * The receipts' language for the screen's: Chinese receipts for a
 * Chinese screen, English ones otherwise (a bilingual screen included).
 */
export function receiptLanguage(mode: LanguageMode): ReceiptLanguage {
  return mode === "zh" ? "zh" : "en";
}

/**
 * The options of `PrinterReceipts` every host builds its receipts with:
 * the host's printer, profile, tables and glyphs, and what the terminal
 * decides — the language, from the screen's, and from the configuration's
 * `receipt` section the merchant's logo and how amounts are written (both
 * left out when the configuration has none: no logo, "CNY 1,234.50").
 */
export function printerReceiptsOptions(config: Pick<TerminalConfig, "receipt">, screen: LanguageMode, host: HostReceiptParts): PrinterReceiptsOptions {
  const { logo, amounts } = config.receipt ?? {};
  return {
    printer: host.printer,
    profile: host.profile,
    language: receiptLanguage(screen),
    ...(host.gb ? { gb: host.gb } : {}),
    ...(host.codePage ? { codePage: host.codePage } : {}),
    ...(host.glyphs ? { glyphs: host.glyphs } : {}),
    ...(logo ? { logo } : {}),
    ...(amounts ? { amounts } : {}),
  };
}
