export { emvOda, type EmvOdaOptions, type EmvOdaResult } from "./emv-oda.ts";
export { emvCapk, type CapkEntry, type EmvCapkOptions } from "./emv-capk.ts";
export { EmvToolError, type EmvToolErrorCode } from "./error.ts";
