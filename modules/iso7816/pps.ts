import { Iso7816Error } from "./error.ts";
import { lrc } from "./t1-block.ts";

/** A PPS request (ISO/IEC 7816-3 9.2): PPSS FF, PPS0 with PPS1 present and protocol T, PPS1 = FI DI, PCK. */
export function ppsRequest(protocol: number, fi: number, di: number): Uint8Array {
  const pps0 = 0x10 | (protocol & 0x0f);
  const pps1 = (fi << 4) | di;
  // PCK makes the XOR of every byte 0
  return Uint8Array.of(0xff, pps0, pps1, 0xff ^ pps0 ^ pps1);
}

/**
 * The card's answer to a PPS request: the Fi/Di codes now in force.
 * ISO/IEC 7816-3 9.3: an echo accepts; a response without PPS1 keeps the
 * defaults (FI 1, DI 1); anything else is a failed exchange.
 * @throws Iso7816Error `PPS_FAILED`
 */
export function ppsResult(request: Uint8Array, response: Uint8Array): { fi: number; di: number } {
  if (response.length < 3 || response[0] !== 0xff || lrc(response) !== 0 || (response[1] & 0x0f) !== (request[1] & 0x0f)) {
    throw new Iso7816Error("PPS_FAILED", "the card's PPS response is not valid");
  }
  if (!(response[1] & 0x10)) return { fi: 1, di: 1 };
  if (response[2] !== request[2]) throw new Iso7816Error("PPS_FAILED", "the card answered PPS1 with other parameters");
  return { fi: response[2] >> 4, di: response[2] & 0x0f };
}

/** The byte as the line carries it under the inverse convention: bits inverted and in reverse order. */
export function inverseByte(b: number): number {
  let r = 0;
  for (let i = 0; i < 8; i++) if (!((b >> i) & 1)) r |= 0x80 >> i;
  return r;
}
