/**
 * Declines end to end for the transaction types other than the sale: a
 * refund, a pre-authorization and a balance inquiry, swiped and on the
 * chip, declined by the acquirer emulator over real sockets for a wrong
 * PIN (55), a blocked account (05), an unknown card (14), over the card's
 * limit (61) and over its balance (51). The code on screen, the
 * emulator's ledger holding the decline and nothing moved or held, no
 * reversal, the journal's transaction declined and at rest, no receipt.
 */
import test from "ava";
import { unpack } from "../../modules/iso8583/codec.ts";
import { ISO87A } from "../../modules/iso8583/dialect.ts";
import { CHIP, DEBIT, VISA, device, menu, type Device } from "./terminal-device.ts";
import { DEBIT_SWIPE, VISA_SWIPE, booked, journalAtRest, journalOf, reversalsSent, shownSince } from "./terminal-e2e-support.ts";

/** A Visa test number on no account of the emulator (Luhn-valid; published in the card schemes' test card lists). */
const UNKNOWN = "4012888888881881";

interface Decline {
  kind: "refund" | "preauth" | "balance";
  item: "REFUND" | "PREAUTH" | "BALANCE";
  amount?: number;
  /** the card: a track 2 swiped, or the signature chip card inserted */
  card: { swipe: string; pin?: string } | { chip: "signature" };
  code: string;
  why: string;
  pan: string;
  setup?(d: Device): void;
}

const block = (pan: string) => (d: Device) => void (d.acquirer.accounts.get(pan)!.blocked = true);

const DECLINES: Decline[] = [
  { kind: "refund", item: "REFUND", amount: 500, card: { swipe: DEBIT_SWIPE, pin: "9999" }, code: "55", why: "a wrong PIN", pan: DEBIT },
  { kind: "refund", item: "REFUND", amount: 500, card: { swipe: VISA_SWIPE }, code: "05", why: "a blocked account", pan: VISA, setup: block(VISA) },
  { kind: "refund", item: "REFUND", amount: 500, card: { swipe: `${UNKNOWN}=30121011234567890` }, code: "14", why: "an unknown card", pan: UNKNOWN },
  { kind: "refund", item: "REFUND", amount: 500, card: { chip: "signature" }, code: "05", why: "a blocked account (chip, the card's AAC sent online)", pan: CHIP, setup: block(CHIP) },
  { kind: "preauth", item: "PREAUTH", amount: 6000, card: { swipe: DEBIT_SWIPE, pin: "9999" }, code: "55", why: "a wrong PIN", pan: DEBIT },
  { kind: "preauth", item: "PREAUTH", amount: 6000, card: { swipe: VISA_SWIPE }, code: "05", why: "a blocked account", pan: VISA, setup: block(VISA) },
  // the Visa test account's limit is 2000.00 (hosts/acquirer/accounts.ts)
  { kind: "preauth", item: "PREAUTH", amount: 250_000, card: { swipe: VISA_SWIPE }, code: "61", why: "an amount over the card's limit", pan: VISA },
  {
    kind: "preauth",
    item: "PREAUTH",
    amount: 6000,
    card: { swipe: VISA_SWIPE },
    code: "51",
    why: "an amount over the balance",
    pan: VISA,
    setup: (d) => void (d.acquirer.accounts.get(VISA)!.balanceMinor = 1000),
  },
  {
    // the host's decline reaches the card: its second GENERATE AC answers an AAC
    kind: "preauth",
    item: "PREAUTH",
    amount: 15_000,
    card: { chip: "signature" },
    code: "51",
    why: "an amount over the balance (chip, the card completes with an AAC)",
    pan: CHIP,
    setup: (d) => void (d.acquirer.accounts.get(CHIP)!.balanceMinor = 1000),
  },
  { kind: "balance", item: "BALANCE", card: { swipe: DEBIT_SWIPE, pin: "9999" }, code: "55", why: "a wrong PIN", pan: DEBIT },
  { kind: "balance", item: "BALANCE", card: { swipe: VISA_SWIPE }, code: "05", why: "a blocked account", pan: VISA, setup: block(VISA) },
  { kind: "balance", item: "BALANCE", card: { swipe: `${UNKNOWN}=30121011234567890` }, code: "14", why: "an unknown card", pan: UNKNOWN },
  { kind: "balance", item: "BALANCE", card: { chip: "signature" }, code: "05", why: "a blocked account (chip)", pan: CHIP, setup: block(CHIP) },
];

const NAMES = { refund: "a refund", preauth: "a pre-authorization", balance: "a balance inquiry" };
/** The processing code (DE3's first two digits) each type sends. */
const PROCESSING = { refund: "20", preauth: "03", balance: "31" };
/** The kind the emulator's ledger books each decline under: a balance inquiry's is its own, no sale (hosts/acquirer/holds.ts). */
const LEDGER_KIND = { refund: "refund", preauth: "preauth", balance: "balance" };

for (const c of DECLINES) {
  const amount = c.amount ?? 0;
  const entry = "chip" in c.card ? "chip" : "swiped";
  const ledger = `${LEDGER_KIND[c.kind]} ${amount} ${c.code}`;
  test.serial(`${NAMES[c.kind]} (${entry}) declined ${c.code} for ${c.why}: DECLINED ${c.code} on screen, processing ${PROCESSING[c.kind]} sent, the emulator's ledger ["${ledger}"], nothing moved or held, no reversal, the journal's ["${c.kind} ${amount} declined"] at rest, no receipt`, async (t) => {
    const d = await device();
    try {
      c.setup?.(d);
      const balance = d.acquirer.accounts.get(c.pan)?.balanceMinor;
      await d.press("MENU", menu(c.item));
      if (c.amount !== undefined) {
        await d.type(String(c.amount));
        await d.press("ENTER");
      }
      const from = d.shown.length;
      if ("chip" in c.card) {
        const card = await d.insert(c.card.chip);
        await d.until("remove-card", "idle");
        card.pull();
      } else {
        await d.swipe(c.card.swipe);
        if (c.card.pin) {
          await d.until("pin");
          await d.type(c.card.pin);
          await d.press("ENTER");
        }
      }
      await d.until("idle");
      const declined = d.shown.slice(from).find((m) => m.id === "DECLINED");
      t.like(declined, { id: "DECLINED", responseCode: c.code }, shownSince(d, from).join(" "));
      t.false(shownSince(d, from).includes("APPROVED"));
      const requests = d.uplink.map((f) => unpack(ISO87A, f.subarray(2))).filter((m) => m.mti === "0100" || m.mti === "0200");
      t.deepEqual(requests.map((m) => String(m.fields.get(3)).slice(0, 2)), [PROCESSING[c.kind]]);
      t.deepEqual(booked(d), [ledger]);
      t.is(d.acquirer.ledger.net(c.pan), 0);
      t.is(d.acquirer.ledger.held(c.pan), 0);
      t.is(d.acquirer.accounts.get(c.pan)?.balanceMinor, balance, "the account's balance unchanged");
      t.is(reversalsSent(d), 0, "no reversal sent");
      t.deepEqual(journalOf(d), [`${c.kind} ${amount} declined`]);
      t.deepEqual(journalAtRest(d), []);
      t.like(d.terminal.journal.totals(), { debits: 0, credits: 0 });
      t.deepEqual(d.terminal.journal.openHolds(), []);
      t.deepEqual(d.paper(), [], "no receipt printed");
    } finally {
      await d.close();
    }
  });
}
