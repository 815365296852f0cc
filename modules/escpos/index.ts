/**
 * ESC/POS encoding, portable: print commands to bytes, printer profiles,
 * text in a code page (437, 858, 866) or GB18030, QR Code, the printing-time model.
 * No IO: drivers/printer sends what this makes.
 */
export { utf8Bytes as utf8 } from "../core/utf8.ts";
export { encodeEscPos, type Align, type EncodeOptions, type EncodedJob, type PrintCommand, type TextStyle } from "./escpos-encoder.ts";
export { CODE_PAGE_NUMBERS, codePageFromBytes, isCodePageName, loadCodePage, type CodePage, type CodePageName } from "./code-page.ts";
export { EscPosError, type EscPosErrorCode } from "./error.ts";
export { gbTableFromBytes, loadGb18030Table, loadGbTable, type GbTable } from "./gb-table.ts";
export { printTime, type PrintTime } from "./print-time.ts";
export { charsPerLine, checkProfile, printerProfile, PROFILE_58MM, PROFILE_80MM, type FontCell, type PrinterProfile } from "./profile.ts";
export { encodeQr, qrMaxBytes, qrVersionFor, reedSolomonRemainder, type QrEcc, type QrSymbol } from "./qr.ts";
export { displayColumns, encodeText, type EncodedText, type TextMode, type TextOptions } from "./text-encoding.ts";
