/**
 * Sign-on leaves neither the terminal master key nor the MAC key it
 * deciphers in memory, whatever way it ends: with a crypto port that
 * throws while deciphering the key or computing its check value, the
 * buffers the client held are zeros afterwards.
 */
import test from "ava";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { MemoryKeyStore } from "../../../modules/core/key-store.ts";
import { VirtualClock } from "../../../modules/core/virtual-clock.ts";
import type { Crypto } from "../../../modules/crypto/port.ts";
import { pack, unpack } from "../../../modules/iso8583/codec.ts";
import { ISO87A } from "../../../modules/iso8583/dialect.ts";
import { responseMti, text, type IsoMessage } from "../../../modules/iso8583/message.ts";
import { MemoryFlash } from "../../../modules/journal/memory-flash.ts";
import { TransactionJournal } from "../../../modules/journal/transaction-journal.ts";
import { AcquirerClient } from "../../../modules/uplink/acquirer-client.ts";
import { LoopbackLink } from "../../../modules/uplink/loopback-link.ts";
import { testCrypto } from "../../support/crypto.ts";
import { RecordingLog } from "../../support/recorders.ts";

const crypto = testCrypto(5);
const TMK = fromHex("1C1C1C1C1C1C1C1C0D0D0D0D0D0D0D0D");
const TAK = fromHex("0123456789ABCDEFFEDCBA9876543210");

/** A crypto port that keeps the keys the client deciphers with and gets, and throws at the step named (none: it never throws). */
function failingCrypto(fail?: "decrypt" | "check") {
  const held: { tmk?: Uint8Array; tak?: Uint8Array } = {};
  const port: Crypto = {
    random: (n) => crypto.random(n),
    digest: (alg, data) => crypto.digest(alg, data),
    rsaPublic: (m, e, d) => crypto.rsaPublic(m, e, d),
    blockDecrypt(alg, mode, key, data, iv) {
      held.tmk = key;
      if (fail === "decrypt") throw new Error("the crypto port failed");
      held.tak = crypto.blockDecrypt(alg, mode, key, data, iv);
      return held.tak;
    },
    blockEncrypt(alg, mode, key, data, iv) {
      if (fail === "check" && key === held.tak) throw new Error("the crypto port failed");
      return crypto.blockEncrypt(alg, mode, key, data, iv);
    },
  };
  return { port, held };
}

/** A client whose host answers the sign-on with TAK under TMK and its check value. */
function client(port: Crypto): AcquirerClient {
  const link = new LoopbackLink((raw) => {
    const request = unpack(ISO87A, raw);
    const response: IsoMessage = { mti: responseMti(request.mti), fields: new Map([[11, text(request, 11)!], [41, text(request, 41)!], [39, "00"]]) };
    const kcv = toHex(crypto.blockEncrypt("TDES", "ECB", TAK, new Uint8Array(8)).subarray(0, 3));
    response.fields.set(48, toHex(crypto.blockEncrypt("TDES", "ECB", TMK, TAK)) + kcv);
    return [pack(ISO87A, response)];
  });
  const keys = new MemoryKeyStore();
  const c = new AcquirerClient({
    link,
    clock: new VirtualClock(),
    wallClock: { utcMs: () => Date.UTC(2026, 10, 25, 12), offsetMinutes: () => 0 },
    crypto: port,
    keys,
    journal: TransactionJournal.open(new MemoryFlash({ blocks: 8, blockSize: 1024 }), { crypto: port, keys }),
    log: new RecordingLog(),
    config: { host: "acquirer", port: 8583, dialect: ISO87A, terminalId: "TERM0001", merchantId: "MERCHANT0000001", responseTimeoutMs: 5000 },
  });
  c.loadMasterKey(TMK);
  return c;
}

const zeros = (b: Uint8Array | undefined) => b !== undefined && b.length > 0 && b.every((x) => x === 0);

test("a crypto port that throws deciphering the MAC key: sign-on fails and the master key it held is zeros", async (t) => {
  const { port, held } = failingCrypto("decrypt");
  await t.throwsAsync(client(port).signOn(), { message: "the crypto port failed" });
  t.true(zeros(held.tmk), "the master key is wiped");
});

test("a crypto port that throws computing the MAC key's check value: sign-on fails and both the master key and the MAC key are zeros", async (t) => {
  const { port, held } = failingCrypto("check");
  await t.throwsAsync(client(port).signOn(), { message: "the crypto port failed" });
  t.true(zeros(held.tmk), "the master key is wiped");
  t.true(zeros(held.tak), "the MAC key is wiped");
});

test("a sign-on that succeeds wipes the master key and the MAC key it held", async (t) => {
  const { port, held } = failingCrypto();
  await client(port).signOn();
  t.true(zeros(held.tmk), "the master key is wiped");
  t.true(zeros(held.tak), "the MAC key is wiped");
});
