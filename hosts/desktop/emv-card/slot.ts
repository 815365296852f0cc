import type { Clock } from "../../../modules/core/ports.ts";
import type { CommandApdu } from "../../../modules/iso7816/apdu.ts";
import { virtualCardSlot, type VirtualCardConfig } from "../virtual-card.ts";
import type { EmvCard } from "./emv-card.ts";
import type { CardResponse } from "./state.ts";

/**
 * T=0 instructions whose P3 is Lc (data to the card): the EMV commands
 * with a data field, the issuer script commands among them.
 */
export const EMV_INCOMING_INS = [0xa4, 0xa8, 0xae, 0x20, 0x88, 0x82, 0xda, 0x24, 0x1e, 0x18, 0x16];

/** Options of {@link emvCardSlot}: the virtual card's, with the ATR and protocol from the profile unless given. */
export type EmvCardSlotOptions = { clock: Clock } & Partial<Omit<VirtualCardConfig, "app" | "clock">>;

/**
 * What {@link emvCardSlot} puts in the slot: an {@link EmvCard}, or one
 * that answers later (the Moddable simulator's card, which runs in a
 * worker: hosts/sim/worker-card.ts). `removed` is read before each
 * command.
 */
export interface SlotCard {
  readonly profile: { readonly atr: Uint8Array; readonly protocol: 0 | 1 };
  readonly removed: boolean;
  process(command: CommandApdu): CardResponse | Promise<CardResponse>;
}

/**
 * The card in a virtual slot (hosts/desktop/virtual-card.ts): the slot
 * driver reaches it byte by byte in T=0 or T=1. When the profile's
 * removal point has passed, the next command pulls the card out of the
 * slot instead of being answered, as a cardholder who takes the card
 * while the terminal talks to it.
 *
 * Under T=0 a case 2 command sent with P3 = 00 gets 6Cxx and comes again
 * with P3 = xx (ISO/IEC 7816-3 §10.3.4); the card answers the repeat from
 * its first answer, so the application runs each command once (a second
 * GET CHALLENGE would draw a new challenge) and commands count alike
 * under T=0 and T=1.
 */
export function emvCardSlot(card: SlotCard, options: EmvCardSlotOptions) {
  let repeat: { header: string; answer: CardResponse } | undefined;
  const header = (c: CommandApdu, le: number) => `${c.cla} ${c.ins} ${c.p1} ${c.p2} ${le}`;
  const t0 = (options.protocol ?? card.profile.protocol) === 0;
  /** The answer, kept for the repeat of a case 2 command that gets 6Cxx under T=0. */
  const remember = (command: CommandApdu, answer: CardResponse): CardResponse => {
    const length = answer.data?.length ?? 0;
    if (t0 && !command.data && command.le === undefined && length > 0 && length < 256) {
      repeat = { header: header(command, length), answer };
    }
    return answer;
  };
  const device = virtualCardSlot({
    atr: card.profile.atr,
    protocol: card.profile.protocol,
    incoming: EMV_INCOMING_INS,
    ...options,
    app: (command) => {
      const expected = repeat;
      repeat = undefined;
      if (expected && !command.data && expected.header === header(command, command.le ?? 0)) return expected.answer;
      if (card.removed) {
        device.pull();
        // nothing reaches the terminal: the slot lost power with the card
        return { sw: 0x6f00 };
      }
      const answer = card.process(command);
      return answer instanceof Promise ? answer.then((a) => remember(command, a)) : remember(command, answer);
    },
  });
  return device;
}
