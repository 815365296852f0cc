/**
 * The terminal's completion of a chip sale with an issuer script, end to
 * end: the virtual dda card in the slot, online PIN on the key matrix,
 * the acquirer emulator as the card's issuer (its ARQC checked, ARPC and
 * a script sent back), the card running the script at the second GENERATE
 * AC; the terminal queues the TC upload and the script results at
 * completion, and they reach the emulator (9F5B, the TC checked with the
 * card's keys) before the next sale.
 */
import test from "ava";
import { fromHex } from "../../modules/core/hex.ts";
import { parseTlv } from "../../modules/emv/tlv.ts";
import { unpack } from "../../modules/iso8583/codec.ts";
import { ISO87A } from "../../modules/iso8583/dialect.ts";
import { bytes } from "../../modules/iso8583/message.ts";
import { profilePan } from "../../hosts/desktop/card-issuers.ts";
import { loadTestCard } from "../../hosts/desktop/emv-card/test-cards.ts";
import { issuerTcValid } from "../../hosts/emv-scenarios/issuer-host.ts";
import { CHIP_PIN, VISA, crypto, device, scriptingAcquirer } from "./terminal-device.ts";
import { scriptedSale } from "./terminal-e2e-support.ts";

/** One issuer script, template 72 (after the final GENERATE AC): a PUT DATA the dda card's profile accepts (9000), as in test/emv/scenarios/issuer-script-72-failed.json. */
/** EMV 4.4 Book 4 Annex A5: byte 1 high nibble 2 = script processing successful, low nibble 0; then the Issuer Script Identifier. */
const SCRIPT_RESULTS = "2000000007";

test.serial("a chip sale whose issuer sends a script: the terminal queues the TC upload and the script results at completion, and the emulator receives 9F5B and a valid TC once, before the next sale", async (t) => {
  const app = loadTestCard("dda").applications[0];
  t.is(profilePan(app), CHIP_PIN);
  const acquirer = await scriptingAcquirer({
    checkTc: (de55, pan, panSequence) => (pan === CHIP_PIN ? issuerTcValid(crypto, app, de55, pan, panSequence) : undefined),
  });
  const d = await device({ acquirer });
  try {
    await scriptedSale(d);
    t.is(acquirer.ledger.net(CHIP_PIN), 5000, d.log.lines.join("; "));
    const sale = d.terminal.journal.transactions()[0];
    t.like(sale, { state: "completed", chipAdvice: { tcUpload: true, scriptResult: true } });
    t.deepEqual(d.terminal.acquirer.pending.map((p) => p.mti), ["0320", "0620"]);
    const stan = String(sale.stan).padStart(6, "0");
    t.is(acquirer.ledger.chipAdvices.size, 0, "nothing sent yet");
    // the next sale: the queued advices go first
    await d.type("1000");
    await d.press("ENTER");
    await d.swipe(`${VISA}=30121011234567890`);
    await d.until("idle");
    t.is(acquirer.ledger.net(VISA), 1000);
    const tc = acquirer.ledger.chipAdvices.get(`TERM0001:${stan}:tcUpload`);
    t.like(tc, { tcValid: true, cid: "40", scriptResults: SCRIPT_RESULTS, received: 1 });
    t.like(acquirer.ledger.chipAdvices.get(`TERM0001:${stan}:scriptResult`), { scriptResults: SCRIPT_RESULTS, received: 1 });
    t.deepEqual(d.terminal.acquirer.pending, []);
    // the TC check can fail: the uploaded DE55 with one bit of its TC changed is refused by the same issuer check
    const upload = d.uplink.map((f) => unpack(ISO87A, f.subarray(2))).find((m) => m.mti === "0320")!;
    const de55 = bytes(upload, 55)!;
    const tags = parseTlv(de55).map((o) => o.tag);
    t.true(["9F26", "9F27", "9F36", "9F10", "95", "9B", "8A", "9F5B"].every((tag) => tags.includes(tag)), tags.join(" "));
    t.false(tags.includes("5A") || tags.includes("57"), "no PAN or track 2 equivalent data in the TC upload");
    // the dda card's PAN sequence number (5F34) is 01
    t.is(issuerTcValid(crypto, app, de55, CHIP_PIN, "01"), true);
    const forged = de55.slice();
    const at = de55.findIndex((b, i) => b === 0x9f && de55[i + 1] === 0x26) + 3;
    forged[at] ^= 0x01;
    t.is(issuerTcValid(crypto, app, forged, CHIP_PIN, "01"), false);
  } finally {
    await d.close();
  }
});
