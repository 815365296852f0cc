/**
 * The issuer's side of EMV application cryptograms (EMV 4.4 Book 2 §8,
 * annex A1): one import for what `issuer/` implements, one concept a
 * file there.
 */
export { iccMasterKey, iccMasterKeyOptionB, deriveIccMasterKey, type IccMasterKeyOption } from "./issuer/icc-master-key.ts";
export { commonSessionKey, emvSessionKey, mastercardSessionKey } from "./issuer/session-key.ts";
export { applicationCryptogram, verifyApplicationCryptogram } from "./issuer/application-cryptogram.ts";
export { arpcMethod1, arpcMethod2, MAX_PROPRIETARY_AUTHENTICATION_DATA } from "./issuer/arpc.ts";
export {
  emvCryptogram,
  MAX_CRYPTOGRAM_DATA_BYTES,
  SESSION_KEY_METHOD_NAMES,
  type EmvCryptogramRequest,
  type EmvCryptogramResult,
} from "./issuer/cryptogram-request.ts";
