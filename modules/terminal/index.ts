/** The terminal application: the state machine every host starts, and the pieces it is made of. */
export { createTerminal } from "./terminal.ts";
export { DEFAULT_TIMEOUTS, MENU_ITEMS, type Terminal, type TerminalState, type TransactionType } from "./terminal-api.ts";
export type { MerchantInfo, PinKeySource, PrintResult, ReceiptJob, ReceiptPort, TerminalEvent, TerminalPorts, TerminalTimeouts } from "./ports.ts";
export { PrinterReceipts, type PrinterReceiptsOptions, type ReceiptPrinterDriver } from "./printer-receipts.ts";
export { DeviceEvents, type ActivatedCard, type CardSlot, type DeviceEventsOptions, type PrinterStatusReport, type TerminalEventSink } from "./device-events.ts";
export { printerReceiptsOptions, receiptLanguage, type HostReceiptParts } from "./receipt-options.ts";
export { checkManagerPin, provisionManagerPin, MANAGER_PIN_ITERATIONS, MANAGER_PIN_MIN, MANAGER_PIN_MAX, MANAGER_PIN_SALT_BYTES } from "./manager-pin.ts";
export { ManagerPinLock, MANAGER_PIN_LOCK_MS, MANAGER_PIN_TRIES, MANAGER_PIN_TRIES_KEY } from "./manager-pin-lock.ts";
export { checkLimits, localDay, type LimitCheck } from "./limits.ts";
export { receiptOf, settlementReport, totalsReport, type ReceiptExtras, type ReportExtras } from "./receipt-data.ts";
export { basketTotal, splitCash, type BasketLine, type CashSplit } from "./basket.ts";
export { chipRequest, DE55_MAX, issuerAnswer, offlinePinVerified, panInRecord, track2Text, TRACK2_MAX } from "./chip-data.ts";
export { KeypadCardholder, type CardholderHost, type PinTargetRequest } from "./keypad-cardholder.ts";
export { TerminalError, type TerminalErrorCode } from "./error.ts";
export { assessSwipe, type SwipedTrack, type SwipeOutcome, type SwipeContext } from "./swipe-outcome.ts";
export { CURRENCIES, LOCALES, formatAmount, type AmountLocale, type Currency } from "./currency.ts";
export { provisionTestKeys, type TestKeys } from "./provision-test-keys.ts";
