import { toHex } from "../core/hex.ts";
import { maskPan } from "../card/mask.ts";
import { maskTrackText } from "../card/mask-track.ts";
import { EmvError } from "../emv/error.ts";
import { maskTlvHex } from "../emv/mask-tlv.ts";
import type { FieldValue } from "./message.ts";

/** A data element as it may be shown outside the authorization path. */
export interface ShownField {
  /** text as is, binary as hex; hidden characters or hex digits are `*` */
  value: string;
  /** why more than usual is hidden, when it is */
  note?: string;
}

/**
 * A data element with its cardholder data masked: the PAN (DE2) and the
 * extended PAN (DE34) keep their first 6 and last 4 characters; tracks 2,
 * 3 and 1 (DE35, DE36, DE45) keep what `maskTrackText` shows; the ICC data
 * (DE55) is BER-TLV whose PAN, track equivalents, name and discretionary
 * data are masked (`maskTlvHex`), or, when it is not BER-TLV, hidden whole.
 * Other fields are shown as they are, binary ones in hex.
 */
export function maskField(n: number, value: FieldValue): ShownField {
  if (value instanceof Uint8Array) {
    if (n !== 55) return { value: toHex(value) };
    try {
      return { value: maskTlvHex(value) };
    } catch (e) {
      if (!(e instanceof EmvError)) throw e;
      return { value: "*".repeat(2 * value.length), note: `not BER-TLV (${e.code}): hidden whole` };
    }
  }
  if (n === 2 || n === 34) return { value: maskPan(value) };
  if (n === 35 || n === 36 || n === 45) return { value: maskTrackText(value) };
  return { value };
}
