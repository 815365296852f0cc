/** The display catalogue: messages with typed arguments, rendered in English or Chinese for character and graphic screens. */
export { DisplayError, type DisplayErrorCode } from "./error.ts";
export { MESSAGE_IDS, OPERATIONS, isMessageId, type Message, type MessageId, type MessageOf, type Operation, type OriginalField, type ReceiptCopy, type PrinterProblem, type LimitScope, type Tally } from "./message.ts";
export { checkMessage, MAX_PIN_DIGITS } from "./check-message.ts";
export { MAX_MINOR, amountVariants, checkMoney, formatMoney, type Money, type MoneyCurrency } from "./money.ts";
export { toLocalDateTime, checkLocalDateTime, isoDateTime, chineseDateTime, ISO_DATE_TIME_UNKNOWN, CHINESE_DATE_TIME_UNKNOWN, daysInMonth, type LocalDateTime } from "./local-time.ts";
export { LANGUAGES, languagesOf, type Language, type LanguageMode } from "./language.ts";
export { charWidth, textWidth, splitAtWidth, hasControl } from "./text-width.ts";
export { wrapText } from "./wrap.ts";
export { declineReason, REASON_CODES } from "./response-reasons.ts";
export { FONT_8X16, MIN_COLUMNS, gridOf, type CharacterGeometry, type GraphicGeometry, type Geometry, type FixedFont, type Grid } from "./geometry.ts";
export { layoutScreen, type Layout, type Row } from "./layout.ts";
export { screenOf, layoutMessage, renderLines, renderGraphic, type GraphicRow } from "./render.ts";
export { LineDisplayAdapter, type LineDisplayOptions } from "./line-display-adapter.ts";
export type { Screen, ScreenLine, TextLine, PairLine, ItemsLine, Align } from "./screen.ts";
