export { parseTerminalConfig, validateTerminalConfig, MAX_CONFIG_TEXT } from "./config.ts";
export { parseJsonText, MAX_JSON_DEPTH } from "./json-text.ts";
export { ConfigError, type ConfigErrorCode } from "./error.ts";
export { caKeyName } from "./ca-keys.ts";
export { aidTags, terminalTags } from "./tags.ts";
export { configToJson } from "./to-json.ts";
export type { AidJson, CaKeyJson, LimitsJson, RevocationJson, TerminalConfigJson, TerminalJson } from "./to-json.ts";
export type * from "./types.ts";
