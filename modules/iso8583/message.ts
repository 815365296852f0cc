/** A field's value: text for n, an, ans, z and x+n fields, bytes for b fields. */
export type FieldValue = string | Uint8Array;

/** One ISO 8583 message, independent of its wire form. */
export interface IsoMessage {
  /** message type indicator, 4 digits (e.g. 0200) */
  mti: string;
  /** data elements 2-128 by number; the bitmaps follow from which are present */
  fields: Map<number, FieldValue>;
  /** binary links of the China UnionPay kind: the 5-byte TPDU and 6-byte application header before the MTI */
  tpdu?: Uint8Array;
  header?: Uint8Array;
}

/** A message from an MTI and a plain object of fields. */
export function isoMessage(mti: string, fields: Record<number, FieldValue>): IsoMessage {
  const map = new Map<number, FieldValue>();
  const numbers = Object.keys(fields);
  for (let i = 0; i < numbers.length; i++) {
    const n = Number(numbers[i]);
    map.set(n, fields[n]);
  }
  return { mti, fields: map };
}

/**
 * The MTI of the response to a request: 0200 → 0210, 0400 → 0410, 0800 →
 * 0810; a repeat (ISO 8583:1987 message function 1) is answered as its
 * original is: 0321 → 0330, 0401 → 0410.
 */
export function responseMti(mti: string): string {
  return mti.slice(0, 2) + String((Number(mti[2]) | 1)) + (mti[3] === "1" ? "0" : mti[3]);
}

/** A text field's value; undefined when absent or binary. */
export function text(message: IsoMessage, field: number): string | undefined {
  const v = message.fields.get(field);
  return typeof v === "string" ? v : undefined;
}

/** A binary field's value; undefined when absent or text. */
export function bytes(message: IsoMessage, field: number): Uint8Array | undefined {
  const v = message.fields.get(field);
  return v instanceof Uint8Array ? v : undefined;
}
