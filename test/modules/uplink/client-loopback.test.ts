/**
 * The acquirer client on any engine (these suites also run on XS), against
 * a small host behind a loopback link and a virtual clock.
 */
import test from "ava";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { MemoryStore } from "../../../modules/core/memory-store.ts";
import { VirtualClock } from "../../../modules/core/virtual-clock.ts";
import { pack, unpack } from "../../../modules/iso8583/codec.ts";
import { ISO87A } from "../../../modules/iso8583/dialect.ts";
import { responseMti, text, type IsoMessage } from "../../../modules/iso8583/message.ts";
import { AcquirerClient } from "../../../modules/uplink/acquirer-client.ts";
import { LoopbackLink } from "../../../modules/uplink/loopback-link.ts";
import { macValid, packWithMac } from "../../../modules/uplink/message-mac.ts";
import { testCrypto } from "../../support/crypto.ts";
import { RecordingLog } from "../../support/recorders.ts";

const crypto = testCrypto(3);
const TMK = fromHex("1C1C1C1C1C1C1C1C0D0D0D0D0D0D0D0D");
const TAK = fromHex("0123456789ABCDEFFEDCBA9876543210");

/** A host that signs on with a fixed MAC key and approves everything, counting what it saw. */
function host() {
  const seen: string[] = [];
  let silent = false;
  const answer = (request: IsoMessage, fields: Record<number, string>) => {
    const response: IsoMessage = { mti: responseMti(request.mti), fields: new Map([[11, text(request, 11)!], [41, text(request, 41)!], ...Object.entries(fields).map(([k, v]) => [Number(k), v] as [number, string])]) };
    return request.mti === "0800" ? pack(ISO87A, response) : packWithMac(crypto, ISO87A, response, TAK);
  };
  const link = new LoopbackLink((raw) => {
    const request = unpack(ISO87A, raw);
    seen.push(request.mti);
    if (silent) return [];
    if (request.mti === "0800") {
      const kcv = toHex(crypto.blockEncrypt("TDES", "ECB", TAK, new Uint8Array(8)).subarray(0, 3));
      return [answer(request, { 39: "00", 48: toHex(crypto.blockEncrypt("TDES", "ECB", TMK, TAK)) + kcv })];
    }
    if (!macValid(crypto, ISO87A, raw, request, TAK)) return [answer(request, { 39: "96" })];
    return [answer(request, { 39: "00", 37: "000000000042", 38: "123456" })];
  });
  return { link, seen, silence: (on: boolean) => (silent = on) };
}

function client(link: LoopbackLink, clock: VirtualClock, store = new MemoryStore()) {
  return new AcquirerClient({
    link,
    clock,
    crypto,
    store,
    log: new RecordingLog(),
    dateTime: () => new Date(2026, 10, 25, 12, 0, 0),
    config: { host: "acquirer", port: 8583, dialect: ISO87A, terminalId: "TERM0001", merchantId: "MERCHANT0000001", responseTimeoutMs: 5000 },
  });
}

/** Lets promise jobs run, then moves the virtual clock. */
async function elapse(clock: VirtualClock, ms: number) {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  clock.advance(ms);
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

const SALE = { kind: "sale" as const, amountMinor: 1250, currency: "978", pan: "4111111111111111", expiry: "3012", entry: "swipe" as const };

test("sign-on, then a MACed sale approved", async (t) => {
  const h = host();
  const clock = new VirtualClock();
  const c = client(h.link, clock);
  c.loadMasterKey(TMK);
  await c.signOn();
  t.true(c.signedOn);
  const r = await c.authorize(SALE);
  t.like(r, { status: "approved", rrn: "000000000042", authCode: "123456" });
  t.deepEqual(h.seen, ["0800", "0200"]);
  t.deepEqual(c.pending, []);
  t.is(c.batch.totals().debitsMinor, 1250);
});

test("no answer within the time-out: a durable reversal, sent first next time", async (t) => {
  const h = host();
  const clock = new VirtualClock();
  const store = new MemoryStore();
  const c = client(h.link, clock, store);
  c.loadMasterKey(TMK);
  await c.signOn();
  h.silence(true);
  const pending = c.authorize(SALE);
  await elapse(clock, 5000);
  const r = await pending;
  t.like(r, { status: "failed", error: "HOST_TIMEOUT", prompt: "NO RESPONSE", reversalQueued: true });
  h.silence(false);
  const again = client(h.link, clock, store);
  t.is(again.pending.length, 1, "the queue is in the store");
  t.like(await again.authorize(SALE), { status: "approved" });
  t.deepEqual(h.seen, ["0800", "0200", "0400", "0200"]);
  t.deepEqual(again.pending, []);
});

test("an unreachable host is retried once, then reported", async (t) => {
  const h = host();
  const c = client(h.link, new VirtualClock());
  c.loadMasterKey(TMK);
  await c.signOn();
  h.link.down = true;
  const before = h.link.connections;
  t.like(await c.authorize(SALE), { status: "failed", error: "HOST_CONNECT", reversalQueued: false });
  t.is(h.link.connections, before);
});
