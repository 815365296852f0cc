/**
 * The chip slot as the terminal's APDU transport, telling the heap meter
 * which command the kernel sent last: the heap sampled during a sale is
 * then placed at a step of the kernel (after READ RECORD, after INTERNAL
 * AUTHENTICATE, ...), not only at a state of the terminal, so that the
 * difference between two steps' samples says what the step left in the
 * heap. Nothing of the command's data is kept.
 */
import type { CommandApdu, ResponseApdu } from "../../modules/iso7816/apdu.ts";
import type { ApduTransport, CardPresenceListener } from "../../modules/iso7816/transport.ts";

/** The commands of EMV 4.4 Book 3 §6.5 and ISO/IEC 7816-4 the kernel sends, by INS. */
const COMMAND_NAMES = new Map<number, string>([
  [0xa4, "SELECT"],
  [0xa8, "GET PROCESSING OPTIONS"],
  [0xb2, "READ RECORD"],
  [0x88, "INTERNAL AUTHENTICATE"],
  [0xca, "GET DATA"],
  [0x84, "GET CHALLENGE"],
  [0x20, "VERIFY"],
  [0xae, "GENERATE AC"],
  [0x82, "EXTERNAL AUTHENTICATE"],
  [0xc0, "GET RESPONSE"],
]);

/** The name of a command's INS (its second byte), or the INS in hex. */
function commandName(command: CommandApdu | Uint8Array): string {
  const ins = command instanceof Uint8Array ? command[1] : command.ins;
  return COMMAND_NAMES.get(ins) ?? `INS ${(ins ?? 0).toString(16).toUpperCase().padStart(2, "0")}`;
}

/**
 * Wraps `slot`: each command goes to it unchanged, and `sent` hears the
 * command's name before the card answers.
 */
export function stepNamingTransport(slot: ApduTransport, sent: (name: string) => void): ApduTransport {
  return {
    get present(): boolean {
      return slot.present;
    },
    transmit(command: CommandApdu | Uint8Array): Promise<ResponseApdu> {
      sent(commandName(command));
      return slot.transmit(command);
    },
    subscribe(listener: CardPresenceListener): () => void {
      return slot.subscribe(listener);
    },
  };
}
