/**
 * Sales, refunds, a void, a reversal and offline approvals with known
 * PANs, tracks and PINs go through the client; then every byte of the
 * journal's flash and every key in the key store is scanned for the full
 * PAN (ASCII, packed BCD either way aligned, the PAN as a binary integer
 * either way round), the track (ASCII, and as EMV track 2 equivalent
 * data), the PIN (ASCII digits, the clear ISO 9564 PIN field) and the PIN
 * block sent. None may be there.
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
import { encryptPinBlock, pinField } from "../../../modules/pin/pin-block.ts";
import { AcquirerClient } from "../../../modules/uplink/acquirer-client.ts";
import { LoopbackLink } from "../../../modules/uplink/loopback-link.ts";
import { macValid, packWithMac } from "../../../modules/uplink/message-mac.ts";
import { testCrypto } from "../../support/crypto.ts";
import { RecordingLog } from "../../support/recorders.ts";

const crypto = testCrypto(11);
const TMK = fromHex("1C1C1C1C1C1C1C1C0D0D0D0D0D0D0D0D");
const TAK = fromHex("0123456789ABCDEFFEDCBA9876543210");
const PIN_KEY = fromHex("0123456789ABCDEFFEDCBA9876543210");

/** Test cards: arbitrary PANs in five schemes' ranges (16, 15 and 19 digits), with tracks and PINs made up for the test. */
const CARDS = [
  { pan: "4761739001010010", track2: "4761739001010010=30122011143878089", pin: "739164" },
  { pan: "5413330089010434", track2: "5413330089010434=30122010123409172", pin: "258013" },
  { pan: "374245455400126", track2: "374245455400126=30121010000000000", pin: "946285" },
  { pan: "6011000990139424", track2: "6011000990139424=3012101000000000", pin: "817350" },
  { pan: "4000000000000000006", track2: "4000000000000000006=30121010000012300", pin: "604729" },
];

/** A host that approves everything except the sales it is told to drop. */
function host() {
  let drop = 0;
  const link = new LoopbackLink((raw) => {
    const request = unpack(ISO87A, raw);
    const answer = (fields: Record<number, string>) => {
      const response: IsoMessage = { mti: responseMti(request.mti), fields: new Map([[11, text(request, 11)!], [41, text(request, 41)!], ...Object.entries(fields).map(([k, v]) => [Number(k), v] as [number, string])]) };
      return request.mti === "0800" ? pack(ISO87A, response) : packWithMac(crypto, ISO87A, response, TAK);
    };
    if (request.mti === "0800") {
      const kcv = toHex(crypto.blockEncrypt("TDES", "ECB", TAK, new Uint8Array(8)).subarray(0, 3));
      return [answer({ 39: "00", 48: toHex(crypto.blockEncrypt("TDES", "ECB", TMK, TAK)) + kcv })];
    }
    if (!macValid(crypto, ISO87A, raw, request, TAK)) return [answer({ 39: "96" })];
    if (request.mti === "0200" && drop > 0) {
      drop--;
      return [];
    }
    return [answer({ 39: "00", 37: "000000000777", 38: "A1B2C3" })];
  });
  return { link, dropNext: () => drop++ };
}

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** Digits as packed BCD, padded with `pad` on the right (or `0` on the left when `leftPad`). */
function bcd(digits: string, pad = "F", leftPad = false): Uint8Array {
  const even = digits.length % 2 === 0 ? digits : leftPad ? "0" + digits : digits + pad;
  return fromHex(even);
}

/** A decimal string as an unsigned big-endian integer, by long division (no BigInt: XS's meter and this test need none). */
function decimalToBytes(digits: string): Uint8Array {
  let n = Array.from(digits, Number);
  const out: number[] = [];
  while (n.length && !(n.length === 1 && n[0] === 0)) {
    let rem = 0;
    const q: number[] = [];
    for (const d of n) {
      const cur = rem * 10 + d;
      const v = Math.floor(cur / 256);
      rem = cur % 256;
      if (q.length || v) q.push(v);
    }
    out.unshift(rem);
    n = q;
  }
  return Uint8Array.from(out);
}

/** Every form a card's secrets could take on the flash. */
function forms(card: (typeof CARDS)[number], pinBlock: Uint8Array): [string, Uint8Array][] {
  const binary = decimalToBytes(card.pan);
  const t2 = card.track2.replace("=", "D");
  return [
    ["PAN in ASCII", ascii(card.pan)],
    ["PAN in BCD, F-padded", bcd(card.pan)],
    ["PAN in BCD, 0-padded on the left", bcd(card.pan, "F", true)],
    ["PAN as a big-endian integer", binary],
    ["PAN as a little-endian integer", binary.slice().reverse()],
    ["track 2 in ASCII", ascii(card.track2)],
    ["track 2 equivalent data (tag 57)", bcd(t2)],
    ["PIN in ASCII", ascii(card.pin)],
    ["clear PIN field (ISO 9564 format 0)", pinField(crypto, 0, Uint8Array.from(card.pin, Number))],
    ["PIN block", pinBlock],
  ];
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

test("the scanner finds each form of a card's secrets when it is there", (t) => {
  const card = CARDS[4];
  const block = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
  for (const [what, bytes] of forms(card, block)) {
    const haystack = new Uint8Array(300).fill(0xff);
    haystack.set(bytes, 123);
    t.is(indexOf(haystack, bytes), 123, what);
  }
  t.is(toHex(decimalToBytes("4000000000000000006")), "3782DACE9D900006", "4000000000000000006 = 0x3782DACE9D900006");
});

test("after sales, refunds, a void, a reversal and advices, neither the journal's flash nor the key store holds a PAN, track, PIN or PIN block", async (t) => {
  const h = host();
  const clock = new VirtualClock();
  const flash = new MemoryFlash({ blocks: 16, blockSize: 4096 });
  const keys = new MemoryKeyStore();
  const client = new AcquirerClient({
    link: h.link,
    clock,
    wallClock: { utcMs: () => Date.UTC(2026, 4, 2, 10, 0, 0), offsetMinutes: () => 480 },
    crypto,
    keys,
    journal: TransactionJournal.open(flash, { crypto, keys }),
    log: new RecordingLog(),
    // voids carry the PAN: every sale then keeps it sealed
    config: { host: "acquirer", port: 8583, dialect: ISO87A, terminalId: "TERM0001", merchantId: "MERCHANT0000001", responseTimeoutMs: 1000, voidCarriesPan: true },
  });
  client.loadMasterKey(TMK);
  await client.signOn();
  const blocks: Uint8Array[] = [];
  for (const [i, card] of CARDS.entries()) {
    const pinBlock = encryptPinBlock(crypto, Uint8Array.from(card.pin, Number), { format: 0, key: PIN_KEY, pan: card.pan });
    blocks.push(pinBlock);
    const request = { kind: "sale" as const, amountMinor: 1000 + i, currency: "156", pan: card.pan, track2: card.track2, entry: "swipe" as const, pinBlock, ksn: fromHex("FFFF9876543210E00001") };
    const sale = await client.authorize(request);
    t.is(sale.status, "approved");
    t.is((await client.authorize({ ...request, kind: "refund", amountMinor: 50 })).status, "approved");
    if (i === 0) t.is((await client.void(sale.stan)).status, "approved");
    if (i === 1) t.true(await client.reverse(sale.stan));
    if (i === 2) {
      h.dropNext();
      const lost = client.authorize(request);
      for (let k = 0; k < 20; k++) await Promise.resolve();
      clock.advance(1000);
      t.like(await lost, { status: "failed", reversalQueued: true });
    }
    // chip data as a kernel hands it over, track 2 equivalent data (tag 57) included
    const t2 = bcd(card.track2.replace("=", "D"));
    const icc = fromHex("9F2608A1B2C3D4E5F60718" + "57" + toHex(Uint8Array.of(t2.length)) + toHex(t2) + "9F36020012");
    t.true(await client.advise({ kind: "sale", amountMinor: 700 + i, currency: "156", pan: card.pan, entry: "chip", iccData: icc, authCode: "Y3" }));
  }
  t.deepEqual(client.pending, []);
  t.is(client.journal.totals().byType.offline.count, CARDS.length);
  const image = flash.image();
  const keyStore = keys.names().map((name) => [name, keys.get(name)!] as const);
  t.deepEqual(keyStore.map(([n]) => n).sort(), ["dek", "tak", "tmk"]);
  const found: string[] = [];
  for (const [i, card] of CARDS.entries()) {
    for (const [what, bytes] of forms(card, blocks[i])) {
      if (indexOf(image, bytes) >= 0) found.push(`${what} of card ${i + 1} on the flash at ${indexOf(image, bytes)}`);
      for (const [name, key] of keyStore) if (indexOf(key, bytes) >= 0) found.push(`${what} of card ${i + 1} in key ${name}`);
    }
  }
  t.deepEqual(found, []);
  t.true(indexOf(image, ascii("476173******0010")) < 0, "truncated PANs are BCD, not text");
  t.true(indexOf(image, fromHex("476173")) >= 0, "the truncated PAN's first six digits are there (the scan reads the right bytes)");
});
