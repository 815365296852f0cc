/**
 * A chip request the acquirer emulator has no issuer key to check: no
 * issuer for the card's PAN and no issuer master key. It must not be
 * approved on the account alone: it is declined with 96 (ISO 8583:1987
 * DE39, system malfunction: the issuer side cannot make the check) and
 * the log says why; no money moves. Over real sockets on 127.0.0.1.
 */
import test from "ava";
import { fromHex, toHex } from "../../modules/core/hex.ts";
import { encodeTlv } from "../../modules/emv/tlv.ts";
import { ISO87A } from "../../modules/iso8583/dialect.ts";
import { startAcquirer } from "../../hosts/acquirer/acquirer.ts";
import { TEST_BDK, TEST_TMK } from "../../hosts/acquirer/test-keys.ts";
import { cardIssuers } from "../../hosts/desktop/card-issuers.ts";
import { durable, terminal } from "../support/socket-client.ts";

/** test/emv/cards/dda.json's PAN: the simulator's issuers know it, an emulator without them does not */
const DDA_PAN = "4761739001010028";

/** A chip request's DE55 with an ARQC no key has checked. */
const ICC = fromHex(
  [
    ["9F26", "0102030405060708"],
    ["9F27", "80"],
    ["9F10", "06011203A00000"],
    ["9F37", "5D0F8A3A"],
    ["9F36", "0012"],
    ["95", "0000040000"],
    ["9A", "261125"],
    ["9C", "00"],
    ["9F02", "000000002500"],
    ["5F2A", "0344"],
    ["82", "3C00"],
    ["9F1A", "0344"],
  ]
    .map(([tag, v]) => toHex(encodeTlv(tag, fromHex(v))))
    .join(""),
);

async function rig(withIssuers: boolean) {
  const lines: string[] = [];
  const acquirer = await startAcquirer({
    dialect: ISO87A,
    bdk: fromHex(TEST_BDK),
    tmk: fromHex(TEST_TMK),
    accounts: [{ pan: DDA_PAN, balanceMinor: 500_000, limitMinor: 200_000, expiry: "2812" }],
    ...(withIssuers ? { issuer: cardIssuers(["dda"]) } : {}),
    log: (line) => lines.push(line),
  });
  const client = terminal(acquirer, durable());
  client.loadMasterKey(fromHex(TEST_TMK));
  await client.signOn();
  return { acquirer, client, lines };
}

const chipSale = { kind: "sale" as const, amountMinor: 2500, currency: "344", pan: DDA_PAN, expiry: "2812", entry: "chip" as const, panSequence: "01", iccData: ICC };

test.serial("a chip request with no issuer key for its card (no issuer for the PAN, no issuer master key) is declined 96, logged with the reason, and moves no money", async (t) => {
  const { acquirer, client, lines } = await rig(false);
  try {
    const sale = await client.authorize(chipSale);
    t.is(sale.status, "declined");
    t.is(sale.responseCode, "96");
    const entry = [...acquirer.ledger.entries.values()][0];
    t.like(entry, { responseCode: "96", pan: DDA_PAN });
    t.is(acquirer.ledger.net(DDA_PAN), 0, "no money moved");
    const why = lines.find((l) => l.includes("not checked"));
    t.truthy(why, lines.join("\n"));
    t.true(why!.includes("no issuer key for this card") && why!.includes("declined 96"), why);
    t.false(why!.includes(DDA_PAN), "the log masks the PAN");
  } finally {
    await acquirer.close();
  }
});

test.serial("the same request with the card's issuer known is checked: its ARQC (not the card's) is found wrong and declined 05, not 96", async (t) => {
  const { acquirer, client, lines } = await rig(true);
  try {
    const sale = await client.authorize(chipSale);
    t.is(sale.responseCode, "05");
    t.true(lines.some((l) => l.includes("ARQC wrong (the card's issuer keys)")), lines.join("\n"));
    t.false(lines.some((l) => l.includes("not checked")));
  } finally {
    await acquirer.close();
  }
});
