import dda from "../../test/emv/cards/dda.json" with { type: "json" };
import signature from "../../test/emv/cards/signature.json" with { type: "json" };
import offlinePlaintextPin from "../../test/emv/cards/offline-plaintext-pin.json" with { type: "json" };
import offlineDecline from "../../test/emv/cards/offline-decline.json" with { type: "json" };
import blockedApplication from "../../test/emv/cards/blocked-application.json" with { type: "json" };
import twoApplications from "../../test/emv/cards/two-applications.json" with { type: "json" };
import offlineEncipheredPin from "../../test/emv/cards/offline-enciphered-pin.json" with { type: "json" };
import noCvm from "../../test/emv/cards/no-cvm.json" with { type: "json" };
import sda from "../../test/emv/cards/sda.json" with { type: "json" };
import { CHIP_CARDS, SIM_CARDS, type SimCard } from "../desktop/cards.ts";

/** The chip cards' profiles, compiled into the image (the simulator reads no card file). */
const PROFILES: Readonly<Record<string, unknown>> = {
  dda,
  signature,
  "offline-plaintext-pin": offlinePlaintextPin,
  "offline-decline": offlineDecline,
  "blocked-application": blockedApplication,
  "two-applications": twoApplications,
  "offline-enciphered-pin": offlineEncipheredPin,
  "no-cvm": noCvm,
  sda,
};

/** A card of the simulator's wallet: a stripe to swipe, or a chip to insert. */
export type WalletCard =
  | { kind: "stripe"; label: string; card: SimCard }
  | { kind: "chip"; label: string; profile?: unknown; deadAtr?: string };

/**
 * The cards the user picks from: the chip cards first (the first one is
 * the online-PIN card, PIN 1234 at the acquirer emulator), then the
 * stripes; the same cards as the desktop simulator (hosts/desktop/cards.ts).
 */
export const WALLET: readonly WalletCard[] = [
  ...CHIP_CARDS.filter((c) => c.profile !== undefined).map((c): WalletCard => ({ kind: "chip", label: c.label, profile: { ...(PROFILES[c.profile!] as object), ...c.set } })),
  ...CHIP_CARDS.filter((c) => c.deadAtr !== undefined).map((c): WalletCard => ({ kind: "chip", label: c.label, deadAtr: c.deadAtr })),
  ...SIM_CARDS.map((card): WalletCard => ({ kind: "stripe", label: card.label, card })),
];
