/**
 * The simulator's card-line trace, on the XS engine: the APDU transport
 * the kernel is given, wrapping the slot, sends each command and answer
 * to the front end with the cardholder data masked (modules/emv/mask-tlv)
 * and the data of a VERIFY (a PIN, plain or enciphered) hidden whole, and
 * the modeled time of the characters each exchange put on the line.
 */
import { toHex } from "../../modules/core/hex.ts";
import { EmvError } from "../../modules/emv/error.ts";
import { maskTlvHex } from "../../modules/emv/mask-tlv.ts";
import { encodeCommand, type CommandApdu, type ResponseApdu } from "../../modules/iso7816/apdu.ts";
import type { ApduTransport } from "../../modules/iso7816/transport.ts";
import type { SmartcardSlot } from "../../drivers/smartcard/slot.ts";
import { cardLineTimeMs, DEFAULT_ETU_CYCLES } from "./card-line-time.ts";
import { send } from "./xs-channel.ts";

/** INS of VERIFY (ISO/IEC 7816-4 11.5.6): its data is the PIN. */
const INS_VERIFY = 0x20;

/** A command as hex: header, then Lc and data (hidden for VERIFY), then Le. */
export function commandText(command: CommandApdu | Uint8Array): string {
  const bytes = command instanceof Uint8Array ? command : encodeCommand(command);
  const header = toHex(bytes.subarray(0, 4));
  if (bytes.length <= 5) return `${header} ${toHex(bytes.subarray(4))}`.trim();
  const lc = bytes[4];
  const data = bytes.subarray(5, 5 + lc);
  const rest = toHex(bytes.subarray(5 + lc));
  const shown = bytes[1] === INS_VERIFY ? `(${lc} bytes of PIN data hidden)` : toHex(data);
  return `${header} ${toHex(bytes.subarray(4, 5))} ${shown}${rest ? ` ${rest}` : ""}`;
}

/** An answer as hex: its data with cardholder data masked (data that is not BER-TLV hidden whole), then SW1 SW2. */
export function responseText(response: ResponseApdu): string {
  const sw = toHex(Uint8Array.of(response.sw1, response.sw2));
  if (response.data.length === 0) return sw;
  let shown: string;
  try {
    shown = maskTlvHex(response.data);
  } catch (e) {
    if (!(e instanceof EmvError)) throw e;
    shown = "*".repeat(2 * response.data.length);
  }
  return `${shown} ${sw}`;
}

/** The slot as the kernel's transport, each exchange traced and timed on the line at the protocol's speed in force. */
export function tracedTransport(slot: SmartcardSlot, protocol: 0 | 1): ApduTransport {
  return {
    get present() {
      return slot.present;
    },
    subscribe: (listener) => slot.subscribe(listener),
    async transmit(command) {
      send({ type: "trace", kind: "apdu", dir: "to-card", text: commandText(command) });
      const before = slot.bytesSent + slot.bytesReceived;
      let response: ResponseApdu;
      try {
        response = await slot.transmit(command);
      } finally {
        const characters = slot.bytesSent + slot.bytesReceived - before;
        send({
          type: "device-time",
          cardIoMs: cardLineTimeMs(characters, protocol, slot.etuCycles, slot.clockHz),
          cardIoBoundMs: cardLineTimeMs(characters, protocol, DEFAULT_ETU_CYCLES, slot.clockHz),
        });
      }
      send({ type: "trace", kind: "apdu", dir: "from-card", text: responseText(response) });
      return response;
    },
  };
}
