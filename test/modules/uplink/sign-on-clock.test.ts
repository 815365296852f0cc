/**
 * The acquirer client sets a wall clock that is not set from the host's
 * time in the sign-on answer (China UnionPay practice: DE12 local time
 * hhmmss and DE13 local date MMDD in the 0810), leaves a set one alone
 * (logging a drift), and takes no time from an answer that only echoes
 * the request's own fields.
 */
import test from "ava";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { MemoryKeyStore } from "../../../modules/core/key-store.ts";
import { SettableWallClock } from "../../../modules/core/settable-wall-clock.ts";
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

const crypto = testCrypto(5);
const TMK = fromHex("1C1C1C1C1C1C1C1C0D0D0D0D0D0D0D0D");
const TAK = fromHex("0123456789ABCDEFFEDCBA9876543210");

/** A host whose sign-on answer carries `time` (or echoes the request's DE7, DE12, DE13 when `echo`), then approves sales; the client on `wall`. */
async function rig(wall: SettableWallClock, time: Record<number, string>, echo = false, state = { keys: new MemoryKeyStore(), flash: new MemoryFlash({ blocks: 8, blockSize: 1024 }) }) {
  const seen: IsoMessage[] = [];
  const link = new LoopbackLink((raw) => {
    const request = unpack(ISO87A, raw);
    seen.push(request);
    const response: IsoMessage = { mti: responseMti(request.mti), fields: new Map([[11, text(request, 11)!], [41, text(request, 41)!], [39, "00"]]) };
    if (request.mti === "0800") {
      if (echo) for (const n of [7, 12, 13]) response.fields.set(n, text(request, n)!);
      for (const [k, v] of Object.entries(time)) response.fields.set(Number(k), v);
      const kcv = toHex(crypto.blockEncrypt("TDES", "ECB", TAK, new Uint8Array(8)).subarray(0, 3));
      response.fields.set(48, toHex(crypto.blockEncrypt("TDES", "ECB", TMK, TAK)) + kcv);
      return [pack(ISO87A, response)];
    }
    response.fields.set(37, "000000000001");
    response.fields.set(38, "000001");
    return [packWithMac(crypto, ISO87A, response, TAK)];
  });
  const keys = state.keys;
  const log = new RecordingLog();
  const client = new AcquirerClient({
    link,
    clock: new VirtualClock(),
    wallClock: wall,
    crypto,
    keys,
    journal: TransactionJournal.open(state.flash, { crypto, keys }),
    log,
    config: { host: "acquirer", port: 8583, dialect: ISO87A, terminalId: "TERM0001", merchantId: "MERCHANT0000001", responseTimeoutMs: 5000 },
  });
  client.loadMasterKey(TMK);
  await client.signOn();
  return { client, seen, log };
}

const sale = { kind: "sale" as const, amountMinor: 1000, currency: "156", pan: "6212345678901234", expiry: "3012", entry: "swipe" as const };
/** a board 40 s after boot, never set, in China Standard Time (UTC+8) */
const unset = () => new SettableWallClock({ now: () => 40_000, offsetMinutes: () => 480, set: false });

test("unset clock, 0810 DE12 093015 DE13 1126: set to 2026-11-26 01:30:15 UTC and logged; the next sale's DE7 is 1126013015 (GMT), DE12/DE13 093015/1126", async (t) => {
  const wall = unset();
  const r = await rig(wall, { 12: "093015", 13: "1126" });
  t.true(wall.isSet());
  t.is(wall.utcMs(), Date.UTC(2026, 10, 26, 1, 30, 15));
  t.true(r.log.lines.includes("uplink: clock set from the sign-on answer's DE12/DE13: 2026-11-26T01:30:15.000Z"));
  t.like(await r.client.authorize(sale), { status: "approved" });
  const request = r.seen.find((m) => m.mti === "0200")!;
  t.deepEqual([text(request, 7), text(request, 12), text(request, 13)], ["1126013015", "093015", "1126"]);
});

test("unset clock, 0810 with DE7 1126013015 only: set from DE7 in GMT", async (t) => {
  const wall = unset();
  const r = await rig(wall, { 7: "1126013015" });
  t.is(wall.utcMs(), Date.UTC(2026, 10, 26, 1, 30, 15));
  t.true(r.log.lines.some((l) => l.startsWith("uplink: clock set from the sign-on answer's DE7")));
});

test("unset clock, 0810 that echoes the request's 1970 DE7, DE12, DE13: the clock stays unset and the log says so", async (t) => {
  const wall = unset();
  const r = await rig(wall, {}, true);
  t.false(wall.isSet());
  t.is(wall.utcMs(), 40_000);
  t.true(r.log.lines.includes("uplink: the sign-on answer gives no time (DE12/DE13 or DE7): the clock stays unset"));
});

test("set clock 5 minutes ahead of the host: left as it is, the 300 s drift logged; 30 s ahead: nothing logged", async (t) => {
  const ahead = new SettableWallClock({ now: () => Date.UTC(2026, 10, 26, 1, 35, 15), offsetMinutes: () => 480, set: true });
  const r = await rig(ahead, { 12: "093015", 13: "1126" });
  t.is(ahead.utcMs(), Date.UTC(2026, 10, 26, 1, 35, 15));
  t.true(r.log.lines.includes("uplink: the clock is 300 s off the host's (DE12/DE13 2026-11-26T01:30:15.000Z); left as it is"));
  const close = new SettableWallClock({ now: () => Date.UTC(2026, 10, 26, 1, 30, 45), offsetMinutes: () => 480, set: true });
  const quiet = await rig(close, { 12: "093015", 13: "1126" });
  t.false(quiet.log.lines.some((l) => l.includes("off the host's")));
});

test("the year comes from the journal: a sale of 2027-03-01 on the flash, then a reboot with the clock unset and DE13 0815: 2027-08-15, not 2026", async (t) => {
  const state = { keys: new MemoryKeyStore(), flash: new MemoryFlash({ blocks: 8, blockSize: 1024 }) };
  const march = new SettableWallClock({ now: () => Date.UTC(2027, 2, 1, 4), offsetMinutes: () => 480, set: true });
  const before = await rig(march, {}, false, state);
  t.like(await before.client.authorize(sale), { status: "approved" });
  const wall = unset();
  await rig(wall, { 12: "120000", 13: "0815" }, false, { keys: state.keys, flash: state.flash.reboot() });
  t.is(wall.utcMs(), Date.UTC(2027, 7, 15, 4));
});
