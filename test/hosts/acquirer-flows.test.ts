/**
 * The terminal's uplink against the acquirer emulator over real sockets
 * on 127.0.0.1, in both dialects, with each fault injected at each step.
 * After every scenario the ledger must show money moved at most once and
 * every approval the terminal could not confirm reversed exactly once.
 */
import test from "ava";
import { fromHex, toHex } from "../../modules/core/hex.ts";
import { MemoryStore } from "../../modules/core/memory-store.ts";
import { ISO87A, ISO87B, type Dialect } from "../../modules/iso8583/dialect.ts";
import { tdesIpek } from "../../modules/pin/dukpt/tdes-dukpt.ts";
import { TdesDukptTerminal } from "../../modules/pin/dukpt/tdes-terminal.ts";
import { encryptPinBlock } from "../../modules/pin/pin-block.ts";
import type { AuthorizationRequest } from "../../modules/uplink/acquirer-client.ts";
import { startAcquirer, type Acquirer } from "../../hosts/acquirer/acquirer.ts";
import { TEST_BDK, TEST_IMK, TEST_TMK } from "../../hosts/acquirer/test-keys.ts";
import { applicationCryptogram, arpcMethod1, commonSessionKey, iccMasterKey } from "../../modules/emv/cryptogram.ts";
import { encodeTlv, parseTlv } from "../../modules/emv/tlv.ts";
import type { FaultKind } from "../../hosts/acquirer/faults.ts";
import { RecordingLog } from "../support/recorders.ts";
import { crypto, durable, terminal as socketClient } from "../support/socket-client.ts";

const VISA = "4111111111111111";
const DEBIT = "4000056655665556"; // PIN 1234 at the emulator

/** How long the terminal waits for an answer: long enough for a settlement's batch upload on a loaded machine; the delay fault waits longer. */
const RESPONSE_TIMEOUT_MS = 2000;

/** A terminal's acquirer client for `host` (booted on the durable state: the journal recovers), not yet signed on. */
function terminal(host: Acquirer, dialect: Dialect = ISO87A, state = durable(), log = new RecordingLog()) {
  return socketClient(host, state, { dialect, log, responseTimeoutMs: RESPONSE_TIMEOUT_MS, connectTimeoutMs: 1000 });
}

/** An emulator (or the one given) and a terminal signed on to it. */
async function rig(dialect: Dialect = ISO87A, state = durable(), acquirer?: Acquirer) {
  const host = acquirer ?? (await startAcquirer({ dialect, bdk: fromHex(TEST_BDK), tmk: fromHex(TEST_TMK) }));
  const log = new RecordingLog();
  const client = terminal(host, dialect, state, log);
  if (!client.signedOn) {
    client.loadMasterKey(fromHex(TEST_TMK));
    await client.signOn();
  }
  return { acquirer: host, client, state, log };
}

const sale = (amountMinor: number, pan = VISA, extra: Partial<AuthorizationRequest> = {}): AuthorizationRequest => ({
  kind: "sale",
  amountMinor,
  currency: "978",
  pan,
  expiry: "3012",
  entry: "swipe",
  ...extra,
});

/** Money never moves twice; each reversal undid one approval at most once. */
function checkLedger(t: { true(v: boolean, m?: string): void }, acquirer: Acquirer, pan: string, expectedNet: number) {
  t.true(acquirer.ledger.net(pan) === expectedNet, `net ${acquirer.ledger.net(pan)}, expected ${expectedNet}`);
  const start = acquirer.accounts.get(pan)!;
  t.true(start.balanceMinor >= 0, "no overdraft");
}

for (const dialect of [ISO87A, ISO87B]) {
  test(`${dialect.name}: sign-on, echo, sale, PIN sale, declines, balance, refund, void, settlement`, async (t) => {
    const { acquirer, client } = await rig(dialect);
    t.true(await client.echo());
    const before = acquirer.accounts.get(VISA)!.balanceMinor;
    const ok = await client.authorize(sale(1250));
    t.like(ok, { status: "approved", responseCode: "00" });
    t.regex(ok.rrn!, /^[0-9]{12}$/);
    t.is(acquirer.accounts.get(VISA)!.balanceMinor, before - 1250);

    const dukpt = new TdesDukptTerminal(crypto, new MemoryStore());
    const ksn0 = fromHex("FFFF9876543210E00000");
    dukpt.loadInitialKey(tdesIpek(crypto, fromHex(TEST_BDK), ksn0), ksn0);
    const pinSale = (pin: string) => {
      const tx = dukpt.nextTransaction(["pin"]);
      const pinBlock = encryptPinBlock(crypto, Uint8Array.from(pin, Number), { format: 0, key: tx.keys.pin!, pan: DEBIT });
      return client.authorize(sale(4000, DEBIT, { expiry: "3106", pinBlock, ksn: tx.ksn }));
    };
    t.like(await pinSale("1234"), { status: "approved" });
    t.like(await pinSale("9999"), { status: "declined", responseCode: "55", prompt: "WRONG PIN" });
    t.like(await client.authorize(sale(300_000)), { status: "declined", responseCode: "61" });
    t.like(await client.authorize(sale(3_000, "4242424242424242", { pinBlock: undefined })), { status: "declined", responseCode: "55" });
    t.like(await client.authorize(sale(100, "4999999999999996")), { status: "declined", responseCode: "14", prompt: "INVALID CARD" });
    t.like(await client.authorize(sale(100, VISA, { expiry: "1901" })), { status: "declined", responseCode: "54" });
    const mc = await client.authorize(sale(70_000, "5555555555554444", { expiry: "2911" }));
    t.like(mc, { status: "declined", responseCode: "61" });
    t.like(await client.authorize({ ...sale(0), kind: "balance" }), { status: "approved", balanceMinor: before - 1250 });
    t.like(await client.authorize({ ...sale(500), kind: "refund" }), { status: "approved" });
    const voided = await client.void(ok.stan);
    t.like(voided, { status: "approved" });
    t.is(acquirer.accounts.get(VISA)!.balanceMinor, before + 500);
    t.deepEqual(client.pending, []);
    const settled = await client.settle();
    t.true(settled.balanced);
    t.is(client.journal.batch().length, 0);
    checkLedger(t, acquirer, VISA, -500);
    await acquirer.close();
  });
}

test("a declined balance inquiry is booked as a balance inquiry (kind balance, not a sale), moves nothing, and is in no settlement total", async (t) => {
  const { acquirer, client } = await rig();
  acquirer.accounts.get(VISA)!.blocked = true;
  t.like(await client.authorize({ ...sale(0), kind: "balance" }), { status: "declined", responseCode: "05" });
  acquirer.accounts.get(VISA)!.blocked = false;
  t.like(await client.authorize(sale(1250)), { status: "approved" });
  t.deepEqual(
    [...acquirer.ledger.entries.values()].map((e) => `${e.kind} ${e.amountMinor} ${e.responseCode}`),
    ["balance 0 05", "sale 1250 00"],
  );
  checkLedger(t, acquirer, VISA, 1250);
  // the terminal's batch is the one sale: the host's totals agree only if they leave the inquiry out
  const settled = await client.settle();
  t.true(settled.balanced, "the host's debits are the one sale");
  t.false([...acquirer.ledger.entries.values()].find((e) => e.kind === "balance")!.settled, "the inquiry is in no batch");
  await acquirer.close();
});

const SALE_FAULTS: FaultKind[] = ["drop", "delay", "garbage", "wrong-mac", "disconnect"];
for (const kind of SALE_FAULTS) {
  test(`a sale answered by "${kind}": no approval kept, one reversal, delivered before the next sale`, async (t) => {
    const { acquirer, client } = await rig();
    const before = acquirer.accounts.get(VISA)!.balanceMinor;
    acquirer.inject({ on: "0200", kind, delayMs: RESPONSE_TIMEOUT_MS * 2 });
    const first = await client.authorize(sale(2000));
    t.is(first.status, "failed");
    t.true(first.reversalQueued);
    t.is(client.pending.length, 1);
    t.is(client.journal.batch().length, 0);
    const second = await client.authorize(sale(700));
    t.is(second.status, "approved");
    t.deepEqual(client.pending, []);
    t.is(acquirer.ledger.reversals, 1);
    t.is(acquirer.accounts.get(VISA)!.balanceMinor, before - 700, "only the confirmed sale moved money");
    checkLedger(t, acquirer, VISA, 700);
    await acquirer.close();
  });
}

test("a sale lost before the host saw it: the reversal finds nothing to undo and clears", async (t) => {
  const { acquirer, client } = await rig();
  acquirer.inject({ on: "0200", kind: "drop", process: false });
  t.is((await client.authorize(sale(2000))).status, "failed");
  t.is((await client.drainPending()), 1);
  checkLedger(t, acquirer, VISA, 0);
  await acquirer.close();
});

test("a duplicated answer is used once; a retransmitted request moves money once", async (t) => {
  const { acquirer, client, log } = await rig();
  acquirer.inject({ on: "0200", kind: "duplicate" });
  t.is((await client.authorize(sale(900))).status, "approved");
  t.true(log.lines.some((l) => l.includes("unmatched message(s) dropped")));
  checkLedger(t, acquirer, VISA, 900);
  await acquirer.close();
});

test("a reversal that cannot be delivered blocks the next financial message, then goes through exactly once", async (t) => {
  const { acquirer, client } = await rig();
  acquirer.inject({ on: "0200", kind: "drop" });
  await client.authorize(sale(2500));
  acquirer.inject({ on: "0400", kind: "drop" });
  const blocked = await client.authorize(sale(100));
  t.like(blocked, { status: "failed", error: "REVERSAL_PENDING", prompt: "HOST UNAVAILABLE" });
  t.is(client.pending.length, 1);
  acquirer.inject({ on: "0400", kind: "duplicate" });
  t.is((await client.authorize(sale(100))).status, "approved");
  t.deepEqual(client.pending, []);
  checkLedger(t, acquirer, VISA, 100);
  await acquirer.close();
});

test("a reversal whose answer is lost is sent again: the emulator counts both against the sale (reversalsReceived), undoes it once, and counts none for the sale it approved", async (t) => {
  const { acquirer, client } = await rig();
  acquirer.inject({ on: "0200", kind: "drop" });
  const lost = await client.authorize(sale(2500));
  acquirer.inject({ on: "0400", kind: "drop" });
  t.like(await client.authorize(sale(100)), { status: "failed", error: "REVERSAL_PENDING" });
  const kept = await client.authorize(sale(100));
  t.is(kept.status, "approved");
  const entry = [...acquirer.ledger.entries.values()].find((e) => e.stan === lost.stan.padStart(6, "0"))!;
  t.true(entry.reversed);
  t.is(acquirer.ledger.reversalsReceived.get(entry.key), 2, "the reversal and its repeat");
  const approved = [...acquirer.ledger.entries.values()].find((e) => e.stan === kept.stan.padStart(6, "0"))!;
  t.is(acquirer.ledger.reversalsReceived.get(approved.key), undefined, "no reversal of the sale the terminal kept");
  t.is(acquirer.ledger.reversals, 2);
  checkLedger(t, acquirer, VISA, 100);
  await acquirer.close();
});

test("a reversal of a sale the emulator never saw is counted against that sale's key", async (t) => {
  const { acquirer, client } = await rig();
  acquirer.inject({ on: "0200", kind: "drop", process: false });
  const lost = await client.authorize(sale(2000));
  t.is(await client.drainPending(), 1);
  const [key] = [...acquirer.ledger.reversedUnseen];
  t.is(key.split(":")[1], lost.stan.padStart(6, "0"));
  t.deepEqual([...acquirer.ledger.reversalsReceived], [[key, 1]]);
  await acquirer.close();
});

test("the reversal queue survives a restart of the terminal", async (t) => {
  const state = durable();
  const { acquirer, client } = await rig(ISO87A, state);
  acquirer.inject({ on: "0200", kind: "drop" });
  await client.authorize(sale(3300));
  const rebooted = await rig(ISO87A, state, acquirer);
  t.is(rebooted.client.pending.length, 1);
  t.is(await rebooted.client.drainPending(), 1);
  checkLedger(t, acquirer, VISA, 0);
  await acquirer.close();
});

test("a card that declines after the host approved: reversed once", async (t) => {
  const { acquirer, client } = await rig();
  const ok = await client.authorize(sale(1500));
  t.true(await client.reverse(ok.stan));
  t.is(acquirer.ledger.reversals, 1);
  t.is(client.journal.batch().length, 0);
  checkLedger(t, acquirer, VISA, 0);
  await acquirer.close();
});

test("settlement with totals the host disagrees with: batch upload, then settled", async (t) => {
  const { acquirer, client } = await rig();
  await client.authorize(sale(1000));
  await client.authorize(sale(2000));
  // the host lost track of one approval: its totals will differ
  const entry = [...acquirer.ledger.entries.values()][0];
  entry.settled = true;
  const result = await client.settle();
  t.false(result.balanced);
  t.is(result.uploaded, 2);
  t.is(client.journal.batch().length, 0);
  await acquirer.close();
});

test("no host: the sale fails with a connect error and nothing is queued", async (t) => {
  const { acquirer, client } = await rig();
  await acquirer.close();
  const r = await client.authorize(sale(100));
  t.like(r, { status: "failed", error: "HOST_CONNECT", reversalQueued: false });
});

test("settlement that gets no answer keeps the batch open; the next attempt settles it", async (t) => {
  const { acquirer, client } = await rig();
  await client.authorize(sale(1000));
  acquirer.inject({ on: "0500", kind: "drop" });
  await t.throwsAsync(() => client.settle(), { code: "HOST_TIMEOUT" });
  t.is(client.journal.batch().length, 1);
  // the host settled its side before the answer was lost: the totals now differ and the batch is uploaded
  const again = await client.settle();
  t.false(again.balanced);
  t.is(again.uploaded, 1);
  t.is(client.journal.batch().length, 0);
  await acquirer.close();
});

test("a sign-on answer whose key fails its check value is refused and not stored", async (t) => {
  const acquirer = await startAcquirer({ dialect: ISO87A, bdk: fromHex(TEST_BDK), tmk: fromHex(TEST_TMK) });
  const client = terminal(acquirer);
  client.loadMasterKey(fromHex("00112233445566778899AABBCCDDEEFF"));
  await t.throwsAsync(() => client.signOn(), { code: "HOST_KEY_CHECK" });
  t.false(client.signedOn);
  t.like(await client.authorize(sale(100)), { status: "failed", error: "NOT_SIGNED_ON" });
  await acquirer.close();
});

test("a chip sale: the host checks the ARQC and answers with an ARPC; a forged cryptogram is declined", async (t) => {
  const acquirer = await startAcquirer({ dialect: ISO87B, bdk: fromHex(TEST_BDK), tmk: fromHex(TEST_TMK), imk: fromHex(TEST_IMK) });
  const { client } = await rig(ISO87B, durable(), acquirer);
  // what the card would compute: its master key by option A, the session key from the ATC
  const mk = iccMasterKey(crypto, fromHex(TEST_IMK), VISA, "01");
  const atc = fromHex("001C");
  const data: [string, string][] = [["9F02", "000000002500"], ["9F03", "000000000000"], ["9F1A", "0978"], ["95", "0000008000"], ["5F2A", "0978"], ["9A", "261125"], ["9C", "00"], ["9F37", "5D0F8A3A"], ["82", "3900"], ["9F36", toHex(atc)]];
  const concatenated = fromHex(data.map(([, v]) => v).join(""));
  const r = new Uint8Array(8);
  r.set(atc);
  const arqc = applicationCryptogram(crypto, commonSessionKey(crypto, mk, r), concatenated);
  const icc = (cryptogram: Uint8Array) => fromHex(toHex(encodeTlv("9F26", cryptogram)) + data.map(([tag, v]) => toHex(encodeTlv(tag, fromHex(v)))).join(""));
  const base = sale(2500, VISA, { entry: "chip", panSequence: "01" });
  const ok = await client.authorize({ ...base, iccData: icc(arqc) });
  t.is(ok.status, "approved");
  const tag91 = parseTlv(ok.issuerData!).find((x) => x.tag === "91")!.value;
  t.is(toHex(tag91.subarray(0, 8)), toHex(arpcMethod1(crypto, mk, arqc, tag91.subarray(8))), "the ARPC authenticates the issuer to the card");
  const forged = arqc.slice();
  forged[0] ^= 1;
  t.like(await client.authorize({ ...base, iccData: icc(forged) }), { status: "declined", responseCode: "05" });
  checkLedger(t, acquirer, VISA, 2500);
  await acquirer.close();
});

test("an offline approval is advised (0220), after any pending reversal, and counted in the batch", async (t) => {
  const { acquirer, client, log } = await rig();
  acquirer.inject({ on: "0220", kind: "drop" });
  t.false(await client.advise({ ...sale(800), entry: "chip", authCode: "Y1    " }));
  t.is(client.pending.length, 1);
  t.is(client.pending[0].mti, "0220");
  t.is(await client.drainPending(), 1);
  t.true(log.lines.some((l) => l.includes("0220") && l.includes("delivered")));
  t.is(client.journal.totals().debitsMinor, 800);
  await acquirer.close();
});

test("a batch upload that loses an answer fails the settlement, keeps the batch, and the retry closes it", async (t) => {
  const { acquirer, client } = await rig();
  const first = await client.authorize(sale(1000));
  const second = await client.authorize(sale(2000));
  t.regex(first.invoice!, /^\d{6}$/);
  t.is(Number(second.invoice), Number(first.invoice) + 1, "invoice numbers follow each other");
  [...acquirer.ledger.entries.values()][0].settled = true;
  acquirer.inject({ on: "0320", kind: "drop" });
  await t.throwsAsync(() => client.settle(), { code: "HOST_TIMEOUT" });
  t.is(client.journal.batch().length, 2);
  const again = await client.settle();
  t.is(client.journal.batch().length, 0);
  t.true(again.balanced || again.uploaded > 0);
  await acquirer.close();
});

const preauth = (amountMinor: number, pan = VISA): AuthorizationRequest => ({ ...sale(amountMinor, pan), kind: "preauth" });

for (const dialect of [ISO87A, ISO87B]) {
  test(`${dialect.name}: a pre-authorization holds the amount, its completion takes part of it and releases the rest; only the completion is in the batch`, async (t) => {
    const { acquirer, client } = await rig(dialect);
    const before = acquirer.accounts.get(VISA)!.balanceMinor;
    const hold = await client.authorize(preauth(20_000));
    t.like(hold, { status: "approved", responseCode: "00" });
    t.regex(hold.authCode!, /^[0-9]{6}$/);
    t.is(acquirer.ledger.held(VISA), 20_000);
    t.is(acquirer.accounts.get(VISA)!.balanceMinor, before - 20_000, "the hold lowers the available balance");
    t.is(client.journal.totals().debits, 0, "a pre-authorization is not a sale in the batch");
    t.is(client.journal.totals().byType.preauth.amountMinor, 20_000);
    t.is(client.journal.openHolds().length, 1);
    const done = await client.completePreauth(hold.stan, 17_500);
    t.like(done, { status: "approved" });
    t.is(acquirer.ledger.held(VISA), 0);
    t.is(acquirer.accounts.get(VISA)!.balanceMinor, before - 17_500, "the completion takes 175.00 and releases 25.00");
    t.is(client.journal.find(Number(hold.stan))!.state, "captured");
    t.like(client.journal.totals(), { debits: 1, debitsMinor: 17_500 });
    t.is(client.journal.openHolds().length, 0);
    const settled = await client.settle();
    t.true(settled.balanced, "the host counts the completion as a debit too");
    checkLedger(t, acquirer, VISA, 17_500);
    await acquirer.close();
  });
}

test("a pre-authorization over the card's limit or balance is declined and holds nothing", async (t) => {
  const { acquirer, client } = await rig();
  t.like(await client.authorize(preauth(300_000)), { status: "declined", responseCode: "61" });
  t.like(await client.authorize(preauth(3_000, "4242424242424242")), { status: "declined", responseCode: "55" });
  t.is(acquirer.ledger.held(VISA), 0);
  t.deepEqual(client.journal.openHolds(), []);
  t.is(client.journal.totals().byType.preauth.count, 0);
  await acquirer.close();
});

test("a pre-authorization's cancellation releases the hold; a cancelled or completed hold cannot be completed or cancelled again", async (t) => {
  const { acquirer, client } = await rig();
  const before = acquirer.accounts.get(VISA)!.balanceMinor;
  const hold = await client.authorize(preauth(9_000));
  const cancelled = await client.cancelPreauth(hold.stan);
  t.like(cancelled, { status: "approved" });
  t.is(acquirer.ledger.held(VISA), 0);
  t.is(acquirer.accounts.get(VISA)!.balanceMinor, before);
  t.is(client.journal.find(Number(hold.stan))!.state, "released");
  t.like(await client.completePreauth(hold.stan), { status: "failed", error: "UPLINK_STATE", prompt: "NOT FOUND" });
  t.like(await client.cancelPreauth(hold.stan), { status: "failed", error: "UPLINK_STATE" });
  const second = await client.authorize(preauth(4_000));
  t.like(await client.completePreauth(second.stan), { status: "approved" });
  t.like(await client.completePreauth(second.stan), { status: "failed", error: "UPLINK_STATE" }, "already completed");
  t.like(await client.completePreauth("999999"), { status: "failed", error: "UPLINK_STATE" }, "unknown STAN");
  const sold = await client.authorize(sale(100));
  t.like(await client.completePreauth(sold.stan), { status: "failed", error: "UPLINK_STATE" }, "a sale is no pre-authorization");
  t.like(client.journal.totals(), { debits: 2, debitsMinor: 4_100, credits: 0 });
  t.is(client.journal.totals().byType.preauthCancel.amountMinor, 9_000);
  checkLedger(t, acquirer, VISA, 4_100);
  t.true((await client.settle()).balanced);
  await acquirer.close();
});

test("a completion over the amount held is refused by the terminal before anything is sent", async (t) => {
  const { acquirer, client } = await rig();
  const hold = await client.authorize(preauth(5_000));
  t.like(await client.completePreauth(hold.stan, 5_001), { status: "failed", prompt: "INVALID AMOUNT" });
  t.is(acquirer.ledger.held(VISA), 5_000);
  t.is(client.journal.find(Number(hold.stan))!.state, "completed", "the hold stays open");
  await acquirer.close();
});

test("the host refuses a completion or cancellation of a hold it does not hold (25) and one whose authorization code differs (25)", async (t) => {
  const { acquirer, client } = await rig();
  const hold = await client.authorize(preauth(5_000));
  // the host loses the hold (closed on its side): the terminal still believes it open
  const entry = [...acquirer.ledger.entries.values()].find((e) => e.kind === "preauth")!;
  entry.closed = "released";
  t.like(await client.completePreauth(hold.stan), { status: "declined", responseCode: "25" });
  entry.closed = undefined;
  entry.authCode = "ZZZZZZ";
  t.like(await client.cancelPreauth(hold.stan), { status: "declined", responseCode: "25" });
  t.is(client.journal.find(Number(hold.stan))!.state, "completed", "a refused completion leaves the hold open");
  t.is(acquirer.ledger.held(VISA), 5_000);
  await acquirer.close();
});

for (const [what, mti] of [["pre-authorization", "0100"], ["completion", "0200"], ["cancellation", "0100"]] as const) {
  test(`a ${what} whose answer is lost is reversed (0400) before the next message; the hold is as before it`, async (t) => {
    const { acquirer, client } = await rig();
    const hold = what === "pre-authorization" ? undefined : await client.authorize(preauth(6_000));
    acquirer.inject({ on: mti, kind: "drop" });
    const r = what === "pre-authorization" ? await client.authorize(preauth(6_000)) : what === "completion" ? await client.completePreauth(hold!.stan, 5_000) : await client.cancelPreauth(hold!.stan);
    t.like(r, { status: "failed", reversalQueued: true });
    t.is(client.pending[0].mti, "0400");
    t.is(await client.drainPending(), 1);
    t.is(acquirer.ledger.reversals, 1);
    t.is(acquirer.ledger.held(VISA), what === "pre-authorization" ? 0 : 6_000, "the hold is back as it was");
    t.is(acquirer.accounts.get(VISA)!.balanceMinor, 500_000 - acquirer.ledger.held(VISA));
    if (hold) t.is(client.journal.find(Number(hold.stan))!.state, "completed", "the terminal's hold is open again");
    checkLedger(t, acquirer, VISA, 0);
    t.true((await client.settle()).balanced);
    await acquirer.close();
  });
}

test("an open hold outlives the settlement of its batch; its completion counts in the next batch", async (t) => {
  const state = durable();
  const { acquirer, client } = await rig(ISO87A, state);
  const hold = await client.authorize(preauth(8_000));
  await client.authorize(sale(1_000));
  t.true((await client.settle()).balanced);
  // and a reboot after the settlement's compaction
  const rebooted = await rig(ISO87A, state, acquirer);
  t.is(rebooted.client.journal.openHolds().length, 1);
  t.like(rebooted.client.journal.find(Number(hold.stan)), { state: "completed", authCode: hold.authCode });
  t.like(await rebooted.client.completePreauth(hold.stan), { status: "approved" });
  t.like(rebooted.client.journal.totals(), { debits: 1, debitsMinor: 8_000 });
  t.true((await rebooted.client.settle()).balanced);
  checkLedger(t, acquirer, VISA, 9_000);
  await acquirer.close();
});

test("an offline pre-auth completion counts at once and is advised (0220) later, across a restart; the host then takes the hold", async (t) => {
  const state = durable();
  const { acquirer, client } = await rig(ISO87A, state);
  const before = acquirer.accounts.get(VISA)!.balanceMinor;
  const hold = await client.authorize(preauth(10_000));
  acquirer.inject({ on: "0220", kind: "drop", process: false });
  const done = await client.completePreauth(hold.stan, 8_000, { offline: true });
  t.like(done, { status: "approved", authCode: hold.authCode });
  t.deepEqual(client.pending, [{ mti: "0220", originalStan: done.stan, reason: "offline completion" }]);
  t.like(client.journal.totals(), { debits: 1, debitsMinor: 8_000 });
  t.is(client.journal.find(Number(hold.stan))!.state, "captured");
  t.is(acquirer.ledger.held(VISA), 10_000, "the host still holds it until the advice arrives");
  const rebooted = await rig(ISO87A, state, acquirer);
  t.is(rebooted.client.pending.length, 1);
  t.is(await rebooted.client.drainPending(), 1);
  t.is(acquirer.ledger.held(VISA), 0);
  t.is(acquirer.accounts.get(VISA)!.balanceMinor, before - 8_000);
  t.true((await rebooted.client.settle()).balanced);
  checkLedger(t, acquirer, VISA, 8_000);
  await acquirer.close();
});
