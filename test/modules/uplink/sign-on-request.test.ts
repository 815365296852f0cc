/**
 * The host asking the terminal to sign on again through a response code
 * (China UnionPay's POS response codes 77, "sign on to the network
 * centre", and A0, "MAC check failed, sign on again"): the acquirer
 * client tells its listener, whether or not the answer's MAC verifies,
 * and decides no money on an answer it cannot trust.
 */
import test from "ava";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { MemoryKeyStore } from "../../../modules/core/key-store.ts";
import { VirtualClock } from "../../../modules/core/virtual-clock.ts";
import { pack, unpack } from "../../../modules/iso8583/codec.ts";
import { ISO87A } from "../../../modules/iso8583/dialect.ts";
import { responseMti, text, type IsoMessage } from "../../../modules/iso8583/message.ts";
import { MemoryFlash } from "../../../modules/journal/memory-flash.ts";
import { TransactionJournal } from "../../../modules/journal/transaction-journal.ts";
import { AcquirerClient } from "../../../modules/uplink/acquirer-client.ts";
import { LoopbackLink } from "../../../modules/uplink/loopback-link.ts";
import { packWithMac } from "../../../modules/uplink/message-mac.ts";
import { testCrypto } from "../../support/crypto.ts";
import { RecordingLog } from "../../support/recorders.ts";

const crypto = testCrypto(4);
const TMK = fromHex("1C1C1C1C1C1C1C1C0D0D0D0D0D0D0D0D");
const TAK = fromHex("0123456789ABCDEFFEDCBA9876543210");

/** A host that signs on, then answers every 0200 with `code`, its answer MAC'd under the session key or not at all. */
async function rig(code: string, mac: boolean) {
  const link = new LoopbackLink((raw) => {
    const request = unpack(ISO87A, raw);
    const response: IsoMessage = { mti: responseMti(request.mti), fields: new Map([[11, text(request, 11)!], [41, text(request, 41)!]]) };
    if (request.mti === "0800") {
      const kcv = toHex(crypto.blockEncrypt("TDES", "ECB", TAK, new Uint8Array(8)).subarray(0, 3));
      response.fields.set(39, "00");
      response.fields.set(48, toHex(crypto.blockEncrypt("TDES", "ECB", TMK, TAK)) + kcv);
      return [pack(ISO87A, response)];
    }
    response.fields.set(39, code);
    return [mac ? packWithMac(crypto, ISO87A, response, TAK) : pack(ISO87A, response)];
  });
  const keys = new MemoryKeyStore();
  const flash = new MemoryFlash({ blocks: 8, blockSize: 1024 });
  let asked = 0;
  const client = new AcquirerClient({
    link,
    clock: new VirtualClock(),
    wallClock: { utcMs: () => Date.UTC(2026, 10, 25, 12), offsetMinutes: () => 0 },
    crypto,
    keys,
    journal: TransactionJournal.open(flash, { crypto, keys }),
    log: new RecordingLog(),
    config: { host: "acquirer", port: 8583, dialect: ISO87A, terminalId: "TERM0001", merchantId: "MERCHANT0000001", responseTimeoutMs: 5000 },
    onSignOnRequested: () => asked++,
  });
  client.loadMasterKey(TMK);
  await client.signOn();
  return { client, asked: () => asked };
}

const sale = { kind: "sale" as const, amountMinor: 1000, currency: "978", pan: "4111111111111111", expiry: "3012", entry: "swipe" as const };

test("77 with a MAC that verifies: declined 77, the listener told once, nothing to reverse", async (t) => {
  const r = await rig("77", true);
  const result = await r.client.authorize(sale);
  t.like(result, { status: "declined", responseCode: "77" });
  t.is(r.asked(), 1);
  t.deepEqual(r.client.pending, []);
});

test("A0 without a MAC: the listener told once, and the request is reversed (reason A0): an answer without a MAC decides no money", async (t) => {
  const r = await rig("A0", false);
  const result = await r.client.authorize(sale);
  t.like(result, { status: "failed", error: "HOST_MAC", reversalQueued: true });
  t.is(r.asked(), 1);
  t.deepEqual(r.client.pending.map((p) => p.mti), ["0400"]);
  t.is(r.client.journal.pending()[0].reversalReason, "A0");
});

test("05 with a MAC that verifies asks for nothing", async (t) => {
  const r = await rig("05", true);
  t.like(await r.client.authorize(sale), { status: "declined", responseCode: "05" });
  t.is(r.asked(), 0);
});
