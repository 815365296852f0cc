import test from "ava";
import { fromHex, toHex } from "../../../../modules/core/hex.ts";
import { EmvKernel } from "../../../../modules/emv/kernel/kernel.ts";
import type { ApduExchange } from "../../../../modules/emv/kernel/ports.ts";
import { parseTlv } from "../../../../modules/emv/tlv.ts";
import { ScriptedCardholder } from "../../../support/emv-cardholder.ts";
import { aidEntry, kernelConfig } from "../../../support/emv-config.ts";
import { fixedRandomCrypto } from "../../../support/crypto.ts";
import { ScriptedTransport, type ScriptStep } from "../../../support/scripted-transport.ts";
import { MAESTRO, PYTHON_EMV } from "../vectors.ts";
import { MAESTRO_CA_KEY, MAESTRO_RECORDS } from "./kernel-vectors.ts";

/*
 * A whole contact transaction with the Maestro card that lumag/emv-tools
 * published (src/maestro.emu): every answer the card gives here up to
 * READ RECORD is that file's, byte for byte. What the file does not hold
 * is marked: INTERNAL AUTHENTICATE (a signature that cannot verify, so
 * DDA fails after the card's keys were recovered under Mastercard's CA key
 * 04, which proves the static data was assembled as Book 3 §10.3 says),
 * VERIFY (9000), and the GENERATE AC answers (python-emv's published ARQC
 * response, then a TC).
 */

const UN = "11223344";
const crypto = fixedRandomCrypto(fromHex(UN + "55667788"));
const hex = (s: string) => toHex(fromHex(s));

const config = kernelConfig([aidEntry("A0000000043060", { label: "MAESTRO" })], {
  // no offline enciphered PIN, so the CVM List's 4403 is passed over for 0103 (Book 4 annex A2: E8 = plaintext PIN, online PIN, signature, no CVM)
  terminal: { capabilities: fromHex("60E8C8"), countryCode: "643", currencyCode: "643" },
  caKeys: [MAESTRO_CA_KEY],
});

// an INTERNAL AUTHENTICATE answer as long as the card's 896-bit key: it recovers to garbage
const BAD_SIGNATURE = "8070" + "55".repeat(112);
const CDOL1_DATA = "000000005000" + "000000000000" + "0643" + "0800000000" + "0643" + "150601" + "00" + UN + "22" + "0000" + "0000000000000000" + "010302";
const ISSUER_AUTHENTICATION_DATA = "11223344556677883030";
const CDOL2_DATA = ISSUER_AUTHENTICATION_DATA + "3030" + "0800000000" + UN + "0000000000000000";
const TC = "8012400006A1A2A3A4A5A6A7A806010A03A00000";

const script: ScriptStep[] = [
  { command: "00A404000E315041592E5359532E444446303100", response: hex(MAESTRO.pseFci) + "9000" },
  { command: "00B2010C00", response: hex(MAESTRO.pseRecord) + "9000" },
  { command: "00B2020C00", response: "6A83" },
  { command: "00A4040007A000000004306000", response: hex(MAESTRO.adfFci) + "9000" },
  { command: "80A8000002830000", response: hex(MAESTRO.gpo) + "9000" },
  ...MAESTRO_RECORDS.map((r) => ({ command: `00B2${r.record}${((r.sfi << 3) | 4).toString(16).toUpperCase().padStart(2, "0")}00`, response: hex(r.data) + "9000" })),
  { command: `0088000004${UN}00`, response: BAD_SIGNATURE + "9000" },
  { command: "80CA9F1700", response: "9F1701039000" },
  { command: "0020008008241234FFFFFFFFFF", response: "9000" },
  { command: `80AE80002B${CDOL1_DATA}00`, response: hex(PYTHON_EMV.generateAc) + "9000" },
  { command: `80AE40001D${CDOL2_DATA}00`, response: TC + "9000" },
];

const transaction = { type: "purchase" as const, amount: 5000, date: "150601", time: "120000", sequenceCounter: 1 };

test("Book 3 §10, Maestro (emv-tools): PSE, DDA failed after key recovery, plaintext PIN, ARQC, then TC online; every APDU as scripted", async (t) => {
  const card = new ScriptedTransport(script);
  const trace: ApduExchange[] = [];
  const cardholder = new ScriptedCardholder({ pins: [{ pin: "1234" }] });
  const kernel = new EmvKernel({ transport: card, crypto, config, cardholder, trace: (e) => trace.push(e) });
  const first = await kernel.start(transaction);
  t.is(first.kind, "online");
  if (first.kind !== "online") return;
  // TVR: DDA failed (byte 1 b4); TSI: ODA, CV, card risk management, terminal risk management performed
  t.is(toHex(first.tvr), "0800000000");
  t.is(toHex(first.tsi), "E800");
  // CVM Results: plaintext PIN (01) if the terminal supports it (03), successful (02)
  t.is(toHex(first.cvmResults), "010302");
  t.is(first.odaMethod, "DDA");
  t.is(first.requested, "ARQC");
  t.is(first.cid, 0x80);
  t.is(toHex(first.cryptogram), "6ECF9347C1A92471");
  t.is(toHex(first.atc), "0005");
  t.is(first.aid, "A0000000043060");
  t.is(first.label, "Maestro");
  t.deepEqual(first.card, {
    pan: "676196000294003414",
    panSequenceNumber: "01",
    expiry: "161130",
    track2: fromHex("6761960002940034 14D16112260018707967"),
    cardholderName: "MOMENTUM/",
  });
  t.deepEqual(
    parseTlv(first.de55).map((o) => `${o.tag}=${toHex(o.value)}`),
    [
      "9F26=6ECF9347C1A92471",
      "9F27=80",
      "9F10=060B0A03A49000",
      `9F37=${UN}`,
      "9F36=0005",
      "95=0800000000",
      "9A=150601",
      "9C=00",
      "9F02=000000005000",
      "5F2A=0643",
      "82=3800",
      "9F1A=0643",
      "9F03=000000000000",
      "9F33=60E8C8",
      "9F34=010302",
      "9F35=22",
      "9F1E=534E303030303031",
      "84=A0000000043060",
      "9F09=0002",
      "9F41=00000001",
      "5F34=01",
    ],
  );
  t.is(cardholder.pinRequests.length, 1);
  t.deepEqual(cardholder.pinRequests[0], { kind: "offline", enciphered: false, retry: false, triesLeft: 3 });
  // the kernel wiped the PIN block, and the trace carries zeros where VERIFY's data was
  t.deepEqual(cardholder.blocks[0], new Uint8Array(8));
  const verify = trace.find((e) => e.command[1] === 0x20)!;
  t.true(verify.redacted);
  t.is(toHex(verify.command), "002000800800000000000000 00".replace(/ /g, ""));

  const final = await kernel.complete({ kind: "host", approved: true, responseCode: "00", issuerAuthenticationData: fromHex(ISSUER_AUTHENTICATION_DATA) });
  t.is(final.kind, "approved");
  if (final.kind !== "approved") return;
  t.is(final.path, "online");
  t.is(final.cid, 0x40);
  t.is(toHex(final.atc), "0006");
  t.is(final.authorisationResponseCode, "00");
  // the AIP does not offer EXTERNAL AUTHENTICATE: the Issuer Authentication Data went in CDOL2, and the TSI does not claim issuer authentication
  t.is(toHex(final.tsi), "E800");
  t.is(card.remaining, 0);
  t.is(trace.length, script.length);
});
