/**
 * Receipts as data: a transaction's slip, totals and settlement reports,
 * laid out for 58 or 80 mm paper in English, Chinese or both, and printed
 * through modules/escpos.
 */
export { buildReceipt, schemeText, TYPE_LABELS, type ReceiptCopyOptions } from "./build-receipt.ts";
export { buildSettlementReport, buildTotalsReport, type ReportOptions } from "./build-report.ts";
export { cleanText } from "./clean-text.ts";
export { checkImage } from "./check-field.ts";
export type { DocumentItem, ReceiptBlock, ReceiptDocument, ReceiptImage, ReceiptText } from "./document.ts";
export { ReceiptError, type ReceiptErrorCode } from "./error.ts";
export { GLYPH_RECORD_BYTES, glyphFontFromBytes, glyphFontFromHex, type GlyphFont } from "./glyph-font.ts";
export { GLYPH_ROWS, NARROW_CELL_DOTS, layoutGlyphLine, type GlyphLine, type PlacedGlyph } from "./glyph-line.ts";
export { LABELS, labelText, type Label, type LabelId, type ReceiptLanguage } from "./labels.ts";
export { layoutReceipt, type LayoutOptions, type ReceiptLine } from "./layout.ts";
export { formatLocalDateTime } from "./local-time.ts";
export { maskedPan, maskPanForReceipt, type MaskedPan } from "./masked-pan.ts";
export { TextMeasure, type LineMode } from "./measure.ts";
export { formatMoney, resolveCurrency, type AmountFormat } from "./money.ts";
export { responseText } from "./response-text.ts";
export { rasterText, type RasterLine } from "./raster-text.ts";
export { measureFor, printReceipt, renderReceipt, type PrintedReceipt, type PrintReceiptOptions, type ReceiptPrinter } from "./render.ts";
export type { CvmOutcome, EntryMode, LocalDateTime, ReceiptChipData, ReceiptCurrency, ReceiptItem, ReceiptMerchant, ReceiptSettlement, ReceiptTotals, ReceiptTransaction, TotalsLine, TransactionType } from "./transaction.ts";
