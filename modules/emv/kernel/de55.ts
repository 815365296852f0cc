import { concatAll } from "../../core/bytes.ts";
import { encodeTlv } from "../tlv.ts";
import type { TransactionContext } from "./context.ts";

/**
 * The ICC data of an authorization or financial request (ISO 8583 DE 55),
 * in the order acquirers commonly list it: cryptogram, CID, Issuer
 * Application Data, Unpredictable Number, ATC, TVR, date, type, amount,
 * currency, AIP, country, other amount, capabilities, CVM Results,
 * terminal type, IFD serial number, DF name, version, sequence counter,
 * PAN sequence number.
 */
export const DE55_TAGS = [
  "9F26",
  "9F27",
  "9F10",
  "9F37",
  "9F36",
  "95",
  "9A",
  "9C",
  "9F02",
  "5F2A",
  "82",
  "9F1A",
  "9F03",
  "9F33",
  "9F34",
  "9F35",
  "9F1E",
  "84",
  "9F09",
  "9F41",
  "5F34",
] as const;

/** DE 55 for the transaction as it stands: each tag of {@link DE55_TAGS} that has a value, then the Issuer Script Results when scripts ran. */
export function de55(ctx: TransactionContext, issuerScriptResults?: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  for (let i = 0; i < DE55_TAGS.length; i++) {
    const tag = DE55_TAGS[i];
    const value = ctx.get(tag);
    if (value) parts.push(encodeTlv(tag, value));
  }
  if (issuerScriptResults?.length) parts.push(encodeTlv("9F5B", issuerScriptResults));
  return concatAll(parts);
}
