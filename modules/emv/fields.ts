import { decodeAdditionalTerminalCapabilities } from "./additional-terminal-capabilities.ts";
import { decodeAip } from "./aip.ts";
import { decodeAuc } from "./auc.ts";
import type { DecodedBits, FieldOptions } from "./bit-field.ts";
import { decodeCid, type DecodedCid } from "./cid.ts";
import { decodeCvmList, type DecodedCvmList } from "./cvm-list.ts";
import { decodeCvmResults, type DecodedCvmResults } from "./cvm-results.ts";
import { decodeDol, type DecodedDol } from "./dol-field.ts";
import { EmvError } from "./error.ts";
import { decodeTerminalCapabilities } from "./terminal-capabilities.ts";
import { decodeTerminalType, type DecodedTerminalType } from "./terminal-type.ts";
import { decodeTsi } from "./tsi.ts";
import { decodeIssuerActionCode, decodeTvr } from "./tvr.ts";

/** What {@link decodeEmvField} returns: a bit field, or a coded element with its parts named. */
export type DecodedField = DecodedBits | DecodedCid | DecodedCvmList | DecodedCvmResults | DecodedTerminalType | DecodedDol;

type Decoder = (bytes: Uint8Array, options: FieldOptions) => DecodedField;

/** The decoders by name, each also reachable by its tag. */
const DECODERS: ReadonlyArray<readonly [name: string, tag: string, decode: Decoder]> = [
  ["tvr", "95", decodeTvr],
  ["tsi", "9B", decodeTsi],
  ["aip", "82", decodeAip],
  ["auc", "9F07", decodeAuc],
  ["cvm-list", "8E", (b) => decodeCvmList(b)],
  ["cvm-results", "9F34", (b) => decodeCvmResults(b)],
  ["term-caps", "9F33", decodeTerminalCapabilities],
  ["addl-term-caps", "9F40", decodeAdditionalTerminalCapabilities],
  ["term-type", "9F35", (b) => decodeTerminalType(b)],
  ["cid", "9F27", decodeCid],
  ["iac-default", "9F0D", (b, o) => decodeIssuerActionCode("iac-default", b, o)],
  ["iac-denial", "9F0E", (b, o) => decodeIssuerActionCode("iac-denial", b, o)],
  ["iac-online", "9F0F", (b, o) => decodeIssuerActionCode("iac-online", b, o)],
  ["pdol", "9F38", (b) => decodeDol("pdol", "9F38", b)],
  ["cdol1", "8C", (b) => decodeDol("cdol1", "8C", b)],
  ["cdol2", "8D", (b) => decodeDol("cdol2", "8D", b)],
  ["ddol", "9F49", (b) => decodeDol("ddol", "9F49", b)],
  ["tdol", "97", (b) => decodeDol("tdol", "97", b)],
];

/** Any Data Object List, by name only: it has no tag of its own. */
const GENERIC_DOL = "dol";

const BY_NAME = new Map<string, Decoder>();
for (let i = 0; i < DECODERS.length; i++) {
  const name = DECODERS[i][0], tag = DECODERS[i][1], decode = DECODERS[i][2];
  BY_NAME.set(name, decode);
  BY_NAME.set(tag.toLowerCase(), decode);
}
BY_NAME.set(GENERIC_DOL, (b) => decodeDol(GENERIC_DOL, "", b));

/** The fields {@link decodeEmvField} decodes: the name it takes and the tag it takes as well, in a usage message's order (and `dol`, any DOL, by name only). */
export const EMV_FIELDS: ReadonlyArray<{ readonly name: string; readonly tag: string }> = DECODERS.map(([name, tag]) => ({ name, tag }));

/**
 * One bit-field or coded data element, decoded by name (`tvr`, `tsi`,
 * `aip`, `auc`, `cvm-list`, `cvm-results`, `term-caps`, `addl-term-caps`,
 * `term-type`, `cid`, `iac-default`, `iac-denial`, `iac-online`, the DOLs
 * `pdol`, `cdol1`, `cdol2`, `ddol`, `tdol`, and `dol` for any DOL) or by
 * tag (`95`, `9B`, `82`, ...), case-insensitive. Every answer starts with
 * `{ field, tag, name, value }`; bit fields add `set` (the bits set, as
 * `{ byte, bit, name }`) and, with `all`, `bits` (every bit with `set`);
 * a DOL adds `entries` (`{ tag, name, length }`) and `dataLength`.
 * @throws EmvError `EMV_FIELD` for a name it does not know; `EMV_FIELD_LENGTH` for a value of the wrong length; `EMV_FIELD_VALUE` for a Terminal Type outside Book 4 table 24 or a malformed DOL
 */
export function decodeEmvField(what: string, bytes: Uint8Array, options: FieldOptions = {}): DecodedField {
  const decode = typeof what === "string" ? BY_NAME.get(what.toLowerCase()) : undefined;
  if (decode === undefined) throw new EmvError("EMV_FIELD", `no EMV field is called ${JSON.stringify(String(what)).slice(0, 40)}; known: ${DECODERS.map((d) => d[0]).join(", ")}, ${GENERIC_DOL}`);
  return decode(bytes, options);
}
