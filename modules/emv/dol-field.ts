import { toHex } from "../core/hex.ts";
import type { FieldHeader } from "./bit-field.ts";
import { parseDol } from "./dol.ts";
import { EmvError } from "./error.ts";
import { tagInfo } from "./tags.ts";

/** One entry of a decoded DOL: the tag, its dictionary name, the bytes asked. */
export interface DecodedDolEntry {
  tag: string;
  /** the dictionary's name, `null` for a tag it does not hold */
  name: string | null;
  /** bytes asked */
  length: number;
}

/** A Data Object List read entry by entry (EMV 4.4 Book 3 §5.4). */
export interface DecodedDol extends FieldHeader {
  entries: DecodedDolEntry[];
  /** the bytes of data the list asks for, every length added up */
  dataLength: number;
}

/**
 * A DOL's entries with the names of their tags: PDOL (9F38), CDOL1 (8C),
 * CDOL2 (8D), DDOL (9F49), TDOL (97), or any DOL (`dol`, no tag).
 * @throws EmvError `EMV_FIELD_VALUE` for a malformed entry (a bad tag, a tag without its length)
 */
export function decodeDol(field: string, tag: string, bytes: Uint8Array): DecodedDol {
  let entries;
  try {
    entries = parseDol(bytes);
  } catch (e) {
    if (e instanceof EmvError) throw new EmvError("EMV_FIELD_VALUE", `${field}: ${e.message}`);
    throw e;
  }
  const name = tag ? tagInfo(tag)?.name ?? "Data Object List" : "Data Object List";
  return {
    field,
    tag,
    name,
    value: toHex(bytes),
    entries: entries.map((e) => ({ tag: e.tag, name: tagInfo(e.tag)?.name ?? null, length: e.length })),
    dataLength: entries.reduce((n, e) => n + e.length, 0),
  };
}
