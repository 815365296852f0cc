/**
 * Offline PIN on the virtual card (EMV 4.4 Book 3 §6.5.12, Book 2 §7):
 * the PIN Try Counter down on each wrong PIN (63Cx), 6983 once it is 0,
 * back to the limit on the right PIN; the enciphered PIN recovered with
 * the PIN encipherment key or the ICC key, its header and challenge
 * checked. PIN blocks are ISO 9564-1 format 2, enciphered by OpenSSL.
 */
import test from "ava";
import { concat } from "../../../modules/core/bytes.ts";
import { toHex } from "../../../modules/core/hex.ts";
import { pinFromFormat2Block } from "../../../hosts/desktop/emv-card/verify.ts";
import { bytes, card, dolData, generateAcObjects, getData, profileJson, recover, selectAndRead, send, terminalValues } from "./support.ts";

const plaintext = (c: ReturnType<typeof card>, block: string) => send(c, 0x00, 0x20, 0x00, 0x80, bytes(block)).sw;

/** GET CHALLENGE, then 7F || block || challenge || padding enciphered under `key` (Book 2 §7.1). */
function enciphered(c: ReturnType<typeof card>, key: { modulus: string; publicExponent: string }, block: string, change: { header?: number; challenge?: Uint8Array } = {}) {
  const challenge = send(c, 0x00, 0x84, 0, 0, undefined, 8).data;
  const n = key.modulus.length / 2;
  const plain = concat(Uint8Array.of(change.header ?? 0x7f), bytes(block), change.challenge ?? challenge, new Uint8Array(n - 17).fill(0x3c));
  return send(c, 0x00, 0x20, 0x00, 0x88, recover(bytes(key.modulus), bytes(key.publicExponent), plain)).sw;
}

test("format 2 PIN blocks (ISO 9564-1): control 2, length 4-12, digits, F fill", (t) => {
  t.is(pinFromFormat2Block(bytes("241234FFFFFFFFFF")), "1234");
  t.is(pinFromFormat2Block(bytes("2C123456789012FF")), "123456789012", "pyemv's format 2 example");
  t.is(pinFromFormat2Block(bytes("141234FFFFFFFFFF")), undefined, "control field 1");
  t.is(pinFromFormat2Block(bytes("231234FFFFFFFFFF")), undefined, "three digits");
  t.is(pinFromFormat2Block(bytes("24123AFFFFFFFFFF")), undefined, "a digit that is not one");
  t.is(pinFromFormat2Block(bytes("241234FFFFFFFF0F")), undefined, "fill that is not F");
});

test("plaintext PIN: 63C2, 63C1, 63C0, then 6983 even for the right PIN; GET DATA reads the counter; the CVR says the limit was exceeded", (t) => {
  const c = card("offline-plaintext-pin");
  const read = selectAndRead(c, bytes("A0000000031010"));
  t.is(plaintext(c, "241111FFFFFFFFFF"), 0x63c2);
  t.deepEqual(getData(c, 0x9f17).data, bytes("9F170102"));
  t.is(plaintext(c, "2512345FFFFFFFFF"), 0x63c1, "a longer PIN is a different PIN");
  t.is(plaintext(c, "240000FFFFFFFFFF"), 0x63c0);
  t.is(plaintext(c, "241234FFFFFFFFFF"), 0x6983, "blocked");
  t.deepEqual(getData(c, 0x9f17).data, bytes("9F170100"));
  t.is(c.status().pinTriesLeft, 0);
  const first = generateAcObjects(send(c, 0x80, 0xae, 0x80, 0, dolData(read.data.get("8C"), terminalValues())).data);
  const cvr = first.get("9F10")!.subarray(4);
  t.is(cvr[0] & 0x06, 0x06, "offline PIN performed and failed");
  t.is(cvr[1] & 0x40, 0x40, "PIN Try Limit exceeded");
});

test("plaintext PIN: the right PIN after a wrong one puts the counter back to the limit; a malformed block costs no try", (t) => {
  const c = card("offline-plaintext-pin");
  selectAndRead(c, bytes("A0000000031010"));
  t.is(plaintext(c, "241235FFFFFFFFFF"), 0x63c2);
  t.is(plaintext(c, "141234FFFFFFFFFF"), 0x6a80);
  t.is(send(c, 0x00, 0x20, 0x00, 0x80, bytes("241234FFFFFFFF")).sw, 0x6700, "seven bytes");
  t.is(send(c, 0x00, 0x20, 0x00, 0x81, bytes("241234FFFFFFFFFF")).sw, 0x6a86, "a P2 that is no PIN format");
  t.is(c.status().pinTriesLeft, 2);
  t.is(plaintext(c, "241234FFFFFFFFFF"), 0x9000);
  t.is(c.status().pinTriesLeft, 3);
});

test("VERIFY before GET PROCESSING OPTIONS is refused (6985)", (t) => {
  const c = card("offline-plaintext-pin");
  send(c, 0x00, 0xa4, 0x04, 0x00, bytes("A0000000031010"));
  t.is(plaintext(c, "241234FFFFFFFFFF"), 0x6985);
});

test("enciphered PIN under the PIN encipherment key: right PIN 9000, wrong PIN 63C2; a bad header or another challenge 6A80 without a try", (t) => {
  const c = card("offline-enciphered-pin");
  selectAndRead(c, bytes("A0000000031010"));
  const key = profileJson("offline-enciphered-pin").applications[0].pinPrivateKey;
  t.is(enciphered(c, key, "241234FFFFFFFFFF"), 0x9000);
  t.is(enciphered(c, key, "249999FFFFFFFFFF"), 0x63c2);
  t.is(enciphered(c, key, "241234FFFFFFFFFF", { header: 0x7e }), 0x6a80, "header not 7F");
  t.is(enciphered(c, key, "241234FFFFFFFFFF", { challenge: bytes("0102030405060708") }), 0x6a80, "not the card's challenge");
  t.is(c.status().pinTriesLeft, 2);
  t.is(enciphered(c, key, "241234FFFFFFFFFF"), 0x9000);
  t.is(c.status().pinTriesLeft, 3);
});

test("enciphered PIN: a challenge serves one VERIFY; none at all is 6985; data not the key's length is 6700, data above the modulus 6A80", (t) => {
  const c = card("offline-enciphered-pin");
  selectAndRead(c, bytes("A0000000031010"));
  const key = profileJson("offline-enciphered-pin").applications[0].pinPrivateKey;
  const n = key.modulus.length / 2;
  const challenge = send(c, 0x00, 0x84, 0, 0, undefined, 8).data;
  const block = recover(bytes(key.modulus), bytes(key.publicExponent), concat(Uint8Array.of(0x7f), bytes("241234FFFFFFFFFF"), challenge, new Uint8Array(n - 17)));
  t.is(send(c, 0x00, 0x20, 0x00, 0x88, block).sw, 0x9000);
  t.is(send(c, 0x00, 0x20, 0x00, 0x88, block).sw, 0x6985, "the challenge was used");
  send(c, 0x00, 0x84, 0, 0, undefined, 8);
  t.is(send(c, 0x00, 0x20, 0x00, 0x88, block.subarray(1)).sw, 0x6700);
  send(c, 0x00, 0x84, 0, 0, undefined, 8);
  t.is(send(c, 0x00, 0x20, 0x00, 0x88, new Uint8Array(n).fill(0xff)).sw, 0x6a80);
  t.is(c.status().pinTriesLeft, 3);
});

test("enciphered PIN under the ICC key, on a card with no separate PIN encipherment key", (t) => {
  const c = card("offline-plaintext-pin");
  selectAndRead(c, bytes("A0000000031010"));
  const key = profileJson("offline-plaintext-pin").applications[0].iccPrivateKey;
  t.is(toHex(bytes(key.publicExponent)), "010001");
  t.is(enciphered(c, key, "241234FFFFFFFFFF"), 0x9000);
  t.is(enciphered(c, key, "241233FFFFFFFFFF"), 0x63c2);
});
