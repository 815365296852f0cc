/**
 * ESC/POS encoding, portable: print commands to bytes, printer profiles,
 * text in code page 437 or GB18030, QR Code, the printing-time model.
 * No IO: drivers/printer sends what this makes.
 */
export { encodeEscPos, utf8, type Align, type EncodeOptions, type EncodedJob, type PrintCommand, type TextStyle } from "./escpos-encoder.ts";
export { EscPosError, type EscPosErrorCode } from "./error.ts";
export { gbTableFromBytes, loadGbTable, type GbTable } from "./gb-table.ts";
export { printTime, type PrintTime } from "./print-time.ts";
export { charsPerLine, checkProfile, printerProfile, PROFILE_58MM, PROFILE_80MM, type FontCell, type PrinterProfile } from "./profile.ts";
export { encodeQr, qrMaxBytes, qrVersionFor, reedSolomonRemainder, type QrEcc, type QrSymbol } from "./qr.ts";
export { displayColumns, encodeText, type EncodedText, type TextMode } from "./text-encoding.ts";
