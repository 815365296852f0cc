/**
 * Cards of the desktop simulator. PANs are published test numbers
 * (Visa 4111 1111 1111 1111, Visa debit 4000 0566 5566 5556, Mastercard
 * 5555 5555 5555 4444 and American Express 3782 822463 10005 from the card
 * networks' and payment gateways' test-card lists); the tracks follow
 * ISO/IEC 7813.
 */
import type { ScriptSpec } from "../emv-scenarios/scenario.ts";

export interface SimCard {
  label: string;
  /** characters between the sentinels, per track */
  tracks: { 1?: string; 2?: string; 3?: string };
}

export const SIM_CARDS: SimCard[] = [
  {
    label: "Visa, stripe only (service code 101)",
    tracks: {
      1: "B4111111111111111^CARDHOLDER/TEST^3012101000000000000000123000000",
      2: "4111111111111111=30121010000012300000",
    },
  },
  {
    label: "Mastercard, chip card (service code 201)",
    tracks: {
      1: "B5555555555554444^DOE/JANE^2911201000000000000000456000000",
      2: "5555555555554444=29112010000045600000",
    },
  },
  {
    label: "American Express, stripe only (service code 101)",
    tracks: {
      1: "B378282246310005^SMITH/JOHN^2806101123456789012345",
      2: "378282246310005=280610112345678901234",
    },
  },
  {
    label: "Visa debit, PIN where a PIN pad is present (service code 106)",
    tracks: {
      1: "B4000056655665556^DEBIT/TEST^3106106000000000000000789000000",
      2: "4000056655665556=31061060000078900000",
    },
  },
  {
    label: "Visa, expired in 2019",
    tracks: { 2: "4111111111111111=19011010000000000000" },
  },
  {
    label: "Visa, bad check digit",
    tracks: { 2: "4111111111111112=30121010000000000000" },
  },
  {
    label: "Visa with a track 3 (ISO 4909 layout)",
    tracks: {
      1: "B4111111111111111^CARDHOLDER/TEST^3012101000000000000000123000000",
      2: "4111111111111111=30121010000012300000",
      3: "0141111111111111111=724724100000000000030300000040400099010===1=1000000000000000",
    },
  },
  // 4000 0000 0000 0002: a payment gateway's published "card declined" test number; the simulator's emulator holds its account blocked
  {
    label: "Visa, the host declines it (account blocked: 05)",
    tracks: {
      1: "B4000000000000002^DECLINED/TEST^3012101000000000000000321000000",
      2: "4000000000000002=30121010000032100000",
    },
  },
  // 4000 0000 0000 9995: a payment gateway's published "insufficient funds" test number; the simulator's emulator holds HKD 20.00 on it
  {
    label: "Visa, HKD 20.00 left: more is declined (51)",
    tracks: {
      1: "B4000000000009995^LOWFUNDS/TEST^3012101000000000000000654000000",
      2: "4000000000009995=30121010000065400000",
    },
  },
];

/** A card for the chip reader: an EMV card from a profile of test/emv/cards, or a chip that does not answer. */
export interface SimChipCard {
  label: string;
  /** the profile's name in test/emv/cards (the front end reads it and hands the JSON to the image) */
  profile?: string;
  /** a chip with no answer to reset: its ATR is never sent */
  deadAtr?: string;
  /** profile fields set over the profile's, as a scenario's `card.set` does (the card data and keys stay the profile's) */
  set?: { atr?: string; blocked?: boolean };
  /** issuer scripts (templates 71/72, Book 3 §10.10) its issuer adds to an online approval, under the card's MAC keys */
  issuerScripts?: ScriptSpec[];
}

/** The chip cards of the wallet: `i1` … `i10`. */
export const CHIP_CARDS: SimChipCard[] = [
  // the ATR of a Mastercard chip card (pcsc-tools analysis), which this chip never gets to send
  { label: "Mastercard (card s2): its chip no longer answers, so its stripe may be used", deadAtr: "3B6D000080318065B0893501F183009000" },
  // its issuer also sends a script after the final GENERATE AC (72: APPLICATION UNBLOCK); the README's first payment says so
  // its ATR offers TA1 = 13 (Fi 372, Di 4: ISO/IEC 7816-3 tables 7 and 8) in negotiable mode, so the slot's PPS
  // runs its commands four times as fast as the default speed; otherwise the ATR of the dda profile
  { label: "Visa DDA, online PIN", profile: "dda", set: { atr: "3B7D13000080318065B0893501F183009000" }, issuerScripts: [{ template: "72", id: "00000001", commands: [{ command: "applicationUnblock" }] }] },
  { label: "Visa, signature", profile: "signature" },
  { label: "Visa debit, offline plaintext PIN", profile: "offline-plaintext-pin" },
  { label: "Visa that declines offline (AAC)", profile: "offline-decline" },
  { label: "Visa, blocked application", profile: "blocked-application" },
  { label: "Visa + Mastercard, two applications", profile: "two-applications" },
  { label: "Visa debit, offline enciphered PIN", profile: "offline-enciphered-pin" },
  { label: "Visa, no cardholder verification (no CVM)", profile: "no-cvm" },
  // the whole card blocked, not one application: SELECT answers 6A81 (EMV 4.4 Book 1 §12.3.2), as the card-blocked scenario sets it
  { label: "Visa, blocked card", profile: "sda", set: { blocked: true } },
];
