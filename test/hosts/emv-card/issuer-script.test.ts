/**
 * Issuer scripts on the virtual card: commands under secure messaging
 * (EMV 4.4 Book 2 §9.2 format 2, the MAC last in the data), taken only
 * after an ARQC, only those the profile lists, with the status word the
 * profile gives. The issuer's side is built here from the README's
 * description on the project's vector-tested MAC and key derivation.
 */
import test from "ava";
import { NodeCrypto } from "../../../hosts/node/node-crypto.ts";
import { concat } from "../../../modules/core/bytes.ts";
import { toHex } from "../../../modules/core/hex.ts";
import { retailMac } from "../../../modules/crypto/iso9797-mac.ts";
import { commonSessionKey, iccMasterKey } from "../../../modules/emv/cryptogram.ts";
import { decipherPinBlock, scriptCommandMac } from "../../../hosts/desktop/emv-card/issuer-script.ts";
import type { EmvCard } from "../../../hosts/desktop/emv-card/emv-card.ts";
import { ascii, bytes, card, dolData, generateAcObjects, getData, profileJson, selectAndRead, selectName, send, terminalValues } from "./support.ts";

const host = new NodeCrypto();

// pyemv (knovichikhin/pyemv), pyemv/sm.py generate_command_mac docstring: SK 0123456789ABCDEFFEDCBA9876543210,
// command 84 24 00 00 08 (PIN UNBLOCK, Lc 8 for the MAC), ATC FFFF, ARQC 1234567890123456 → MAC E07B8DF1B4184282
test("the script MAC covers header, ATC, ARQC and data as pyemv's published example does", (t) => {
  const mac = scriptCommandMac(host, bytes("0123456789ABCDEFFEDCBA9876543210"), bytes("8424000008"), bytes("FFFF"), bytes("1234567890123456"), new Uint8Array(0), 8);
  t.is(toHex(mac), "E07B8DF1B4184282");
});

// pyemv, pyemv/sm.py encrypt_command_data docstring (Mastercard style: TDES CBC, zero IV, no padding for a full block):
// SK 0123456789ABCDEFFEDCBA9876543210, PIN block 241234FFFFFFFFFF → 9859240AE52820C3
test("the new PIN of PIN CHANGE deciphers as pyemv's published example enciphers it", (t) => {
  t.is(toHex(decipherPinBlock(host, bytes("0123456789ABCDEFFEDCBA9876543210"), bytes("9859240AE52820C3"))), "241234FFFFFFFFFF");
});

/** Goes online (first GENERATE AC ARQC) and returns what the issuer needs to script the card. */
function online(c: EmvCard, name: string) {
  const read = selectAndRead(c, bytes("A0000000031010"));
  const first = generateAcObjects(send(c, 0x80, 0xae, 0x80, 0, dolData(read.data.get("8C"), terminalValues())).data);
  const app = profileJson(name).applications[0];
  const pan = app.data["5A"];
  const arqc = first.get("9F26")!;
  const atc = first.get("9F36")!;
  const smi = commonSessionKey(host, iccMasterKey(host, bytes(app.issuerScripts.imkMac), pan, app.data["5F34"]), arqc);
  const smc = commonSessionKey(host, iccMasterKey(host, bytes(app.issuerScripts.imkEnc), pan, app.data["5F34"]), arqc);
  /** A script command with its MAC: ISO/IEC 9797-1 algorithm 3, padding 2, over header (Lc with the MAC), ATC, ARQC, data. */
  const script = (cla: number, ins: number, p1: number, p2: number, data: Uint8Array = new Uint8Array(0), corrupt = false) => {
    const header = Uint8Array.of(cla, ins, p1, p2, data.length + 8);
    const mac = retailMac(host, smi, concat(header, atc, arqc, data), 2);
    if (corrupt) mac[0] ^= 1;
    return send(c, cla, ins, p1, p2, concat(data, mac)).sw;
  };
  return { read, script, smc };
}

test("APPLICATION BLOCK with a good MAC: 9000, the second GENERATE AC declines, the next SELECT answers 6283", (t) => {
  const c = card("dda");
  const { read, script } = online(c, "dda");
  t.is(script(0x84, 0x1e, 0, 0), 0x9000);
  const second = generateAcObjects(send(c, 0x80, 0xae, 0x40, 0, dolData(read.data.get("8D"), terminalValues())).data);
  t.is(second.get("9F27")![0], 0x00, "AAC");
  t.is(second.get("9F10")![6] >> 4, 1, "CVR: one script command");
  t.true(c.status().blocked);
  t.is(selectName(c, bytes("A0000000031010")).sw, 0x6283);
});

test("a wrong MAC is 6988 and changes nothing; a script before any ARQC is 6985; a command the profile does not list is 6D00", (t) => {
  const c = card("dda");
  const { script } = online(c, "dda");
  t.is(script(0x84, 0x1e, 0, 0, new Uint8Array(0), true), 0x6988);
  t.false(c.status().blocked);
  t.is(script(0x84, 0x16, 0, 0), 0x6d00, "CARD BLOCK is not this card's");
  const fresh = card("dda");
  selectAndRead(fresh, bytes("A0000000031010"));
  t.is(send(fresh, 0x84, 0x1e, 0, 0, new Uint8Array(8)).sw, 0x6985);
});

test("PUT DATA changes the data object GET DATA reads; APPLICATION UNBLOCK after a block", (t) => {
  const c = card("dda");
  const { script } = online(c, "dda");
  t.is(script(0x04, 0xda, 0x9f, 0x4f, bytes("9F02065F2A02")), 0x9000);
  t.deepEqual(getData(c, 0x9f4f).data, bytes("9F4F069F02065F2A02"));
  t.is(script(0x84, 0x1e, 0, 0), 0x9000);
  t.is(script(0x84, 0x18, 0, 0), 0x9000);
  t.false(c.status().blocked);
});

test("online-declined: PUT DATA answers the profile's 6A80 and is not applied; CARD BLOCK makes every SELECT 6A81", (t) => {
  const c = card("online-declined");
  const { script, read } = online(c, "online-declined");
  t.is(script(0x84, 0xda, 0x9f, 0x14, bytes("05")), 0x6a80);
  t.is(script(0x84, 0x16, 0, 0), 0x9000);
  const second = generateAcObjects(send(c, 0x80, 0xae, 0x40, 0, dolData(read.data.get("8D"), terminalValues())).data);
  t.is(second.get("9F10")![6], 0x28, "CVR: two script commands, one failed");
  t.true(c.blocked);
  t.is(selectName(c, ascii("1PAY.SYS.DDF01")).sw, 0x6a81);
  t.is(selectName(c, bytes("A0000000031010")).sw, 0x6a81);
});

test("PIN UNBLOCK resets a blocked PIN; PIN CHANGE sets the new PIN enciphered under the confidentiality session key", (t) => {
  const c = card("offline-plaintext-pin");
  selectAndRead(c, bytes("A0000000031010"));
  for (let i = 0; i < 3; i++) send(c, 0x00, 0x20, 0x00, 0x80, bytes("240000FFFFFFFFFF"));
  t.is(c.status().pinTriesLeft, 0);
  const { script, smc } = online(c, "offline-plaintext-pin");
  t.is(script(0x84, 0x24, 0x00, 0x00), 0x9000, "PIN UNBLOCK");
  t.is(c.status().pinTriesLeft, 3);
  const newPin = host.blockEncrypt("TDES", "CBC", smc, bytes("244321FFFFFFFFFF"));
  t.is(script(0x84, 0x24, 0x00, 0x02, newPin), 0x9000, "PIN CHANGE without the current PIN");
  t.is(send(c, 0x00, 0x20, 0x00, 0x80, bytes("241234FFFFFFFFFF")).sw, 0x63c2, "the old PIN no longer verifies");
  t.is(send(c, 0x00, 0x20, 0x00, 0x80, bytes("244321FFFFFFFFFF")).sw, 0x9000);
  t.is(script(0x84, 0x24, 0x00, 0x01, newPin), 0x6d00, "PIN CHANGE with the current PIN is not this card's");
});
