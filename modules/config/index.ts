export { checkTerminalConfig, parseTerminalConfig, readTerminalConfig, validateTerminalConfig, MAX_CONFIG_TEXT } from "./config.ts";
export { parseJsonText, MAX_JSON_DEPTH } from "./json-text.ts";
export { ConfigError, type ConfigErrorCode } from "./error.ts";
export { caKeyName } from "./ca-keys.ts";
export { aidTags, terminalTags } from "./tags.ts";
export { configToJson } from "./to-json.ts";
export { eReceiptLink, E_RECEIPT_PLACEHOLDERS, MAX_E_RECEIPT_URL, MAX_LOGO_HEIGHT, MAX_LOGO_WIDTH, MAX_PLU, MAX_PRODUCT_NAME, MAX_PRODUCTS, readReceiptSettings } from "./receipt.ts";
export type { AidJson, CaKeyJson, LimitsJson, ReceiptJson, RevocationJson, TerminalConfigJson, TerminalJson } from "./to-json.ts";
export type * from "./types.ts";
