/**
 * The terminal's side of the virtual card's tests: commands built as a
 * kernel builds them, records read as the AFL says, RSA recovery with
 * OpenSSL (node:crypto publicEncrypt without padding, independent of the
 * card's BigInt code), and the static data to authenticate computed here
 * from what the card returned (EMV 4.4 Book 3 §10.3), not by the card's
 * own function.
 */
import { constants, createHash, createPublicKey, publicEncrypt } from "node:crypto";
import { concat } from "../../../modules/core/bytes.ts";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { buildDolData } from "../../../modules/emv/dol.ts";
import { findTlv, parseTlv, parseTlvTree, type TlvNode } from "../../../modules/emv/tlv.ts";
import type { CommandApdu } from "../../../modules/iso7816/apdu.ts";
import { createEmvCardFromJson, type EmvCard } from "../../../hosts/desktop/emv-card/emv-card.ts";
import { readTestCaKeys, readTestCardJson } from "../../../hosts/desktop/emv-card/test-cards.ts";
import { testCrypto } from "../../support/crypto.ts";

export const bytes = (hex: string) => fromHex(hex);
export const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** A test card with a repeatable random source. */
export function card(name: string, seed = 1): EmvCard {
  return createEmvCardFromJson(readTestCardJson(name), { crypto: testCrypto(seed) });
}

/** The raw profile JSON of a test card. */
export function profileJson(name: string): any {
  return readTestCardJson(name);
}

export interface Answer {
  data: Uint8Array;
  sw: number;
}

/** One command to the card. */
export function send(c: EmvCard, cla: number, ins: number, p1: number, p2: number, data?: Uint8Array, le?: number): Answer {
  const command: CommandApdu = { cla, ins, p1, p2, ...(data ? { data } : {}), ...(le ? { le } : {}) };
  const r = c.process(command);
  return { data: r.data ?? new Uint8Array(0), sw: r.sw };
}

export const selectName = (c: EmvCard, name: Uint8Array, next = false) => send(c, 0x00, 0xa4, 0x04, next ? 0x02 : 0x00, name, 256);
export const readRecord = (c: EmvCard, sfi: number, record: number) => send(c, 0x00, 0xb2, record, (sfi << 3) | 4, undefined, 256);
export const getData = (c: EmvCard, tag: number) => send(c, 0x80, 0xca, tag >> 8, tag & 0xff, undefined, 256);

/** SHA-1 by OpenSSL. */
export function sha1(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(createHash("sha1").update(concat(...parts)).digest());
}

/** RSA recovery (the public operation) by OpenSSL: publicEncrypt without padding. */
export function recover(modulus: Uint8Array, exponent: Uint8Array, signed: Uint8Array): Uint8Array {
  const key = createPublicKey({ key: { kty: "RSA", n: Buffer.from(modulus).toString("base64url"), e: Buffer.from(exponent).toString("base64url") }, format: "jwk" });
  return new Uint8Array(publicEncrypt({ key, padding: constants.RSA_NO_PADDING }, signed));
}

/** RSA encipherment to the card (the enciphered PIN) by OpenSSL. */
export const encipher = recover;

/** A test CA key by RID and index (hex). */
export function caKey(rid: string, index: string): { modulus: Uint8Array; exponent: Uint8Array } {
  const k = readTestCaKeys().find((x) => x.rid === rid && x.index === index);
  if (!k) throw new Error(`no test CA key ${rid} ${index}`);
  return { modulus: bytes(k.modulus), exponent: bytes(k.exponent) };
}

/** The terminal's values for a purchase (Book 4 annex A): HKD, Hong Kong, 2026-11-25. */
export function terminalValues(amountMinor = 12_345, overrides: Record<string, string> = {}): Map<string, Uint8Array> {
  const values: Record<string, string> = {
    "9F02": amountMinor.toString().padStart(12, "0"),
    "9F03": "000000000000",
    "9F1A": "0344",
    "95": "0000000000",
    "5F2A": "0344",
    "9A": "261125",
    "9C": "00",
    "9F37": "1A2B3C4D",
    "9F35": "22",
    "9F34": "1F0302",
    "8A": "3030",
    ...overrides,
  };
  return new Map(Object.entries(values).map(([k, v]) => [k, bytes(v)]));
}

/** DOL data as a kernel builds it (modules/emv/dol.ts, Book 3 §5.4). */
export function dolData(dol: Uint8Array | undefined, values: Map<string, Uint8Array>): Uint8Array {
  return dol ? buildDolData(dol, values).data : new Uint8Array(0);
}

/** What a kernel learns from the card during a transaction. */
export interface ReadCard {
  fci: TlvNode[];
  aid: Uint8Array;
  aip: Uint8Array;
  afl: Uint8Array;
  pdolData: Uint8Array;
  /** every primitive object of the records, by tag */
  data: Map<string, Uint8Array>;
  /** the static data to be authenticated, computed from the records as returned */
  staticData: Uint8Array;
}

/** SELECT by AID, GET PROCESSING OPTIONS, then READ RECORD over the AFL; the terminal's side of Book 3 §10.2 and §10.3. */
export function selectAndRead(c: EmvCard, aid: Uint8Array, values = terminalValues()): ReadCard {
  const selected = selectName(c, aid);
  if (selected.sw !== 0x9000) throw new Error(`SELECT answered ${selected.sw.toString(16)}`);
  const fci = parseTlvTree(selected.data);
  const pdol = findTlv(fci, "9F38")?.value;
  const pdolData = dolData(pdol, values);
  const gpoData = concat(Uint8Array.of(0x83, pdolData.length), pdolData);
  const gpo = send(c, 0x80, 0xa8, 0, 0, gpoData, 256);
  if (gpo.sw !== 0x9000) throw new Error(`GPO answered ${gpo.sw.toString(16)}`);
  const tree = parseTlvTree(gpo.data);
  let aip: Uint8Array;
  let afl: Uint8Array;
  if (tree[0].tag === "80") {
    aip = tree[0].value.slice(0, 2);
    afl = tree[0].value.slice(2);
  } else {
    aip = findTlv(tree, "82")!.value.slice();
    afl = findTlv(tree, "94")!.value.slice();
  }
  const data = new Map<string, Uint8Array>();
  const parts: Uint8Array[] = [];
  for (let i = 0; i < afl.length; i += 4) {
    const sfi = afl[i] >> 3;
    for (let r = afl[i + 1]; r <= afl[i + 2]; r++) {
      const answer = readRecord(c, sfi, r);
      if (answer.sw !== 0x9000) throw new Error(`READ RECORD ${sfi}/${r} answered ${answer.sw.toString(16)}`);
      const [record] = parseTlvTree(answer.data);
      if (record.tag !== "70") throw new Error("a record that is not template 70");
      for (const o of record.children!) data.set(o.tag, o.value.slice());
      if (r - afl[i + 1] < afl[i + 3]) parts.push(sfi <= 10 ? record.value : answer.data);
    }
  }
  const tagList = data.get("9F4A");
  if (tagList && toHex(tagList) === "82") parts.push(aip);
  return { fci, aid, aip, afl, pdolData, data, staticData: concat(...parts), };
}

/** The data objects of a GENERATE AC response, format 1 or 2. */
export function generateAcObjects(answer: Uint8Array): Map<string, Uint8Array> {
  const [top] = parseTlvTree(answer);
  if (top.tag === "80") {
    const v = top.value;
    return new Map([
      ["9F27", v.slice(0, 1)],
      ["9F36", v.slice(1, 3)],
      ["9F26", v.slice(3, 11)],
      ["9F10", v.slice(11)],
    ]);
  }
  return new Map(parseTlv(top.value).map((o) => [o.tag, o.value]));
}

/** Recovered data read as table 6 / 14 / 17 / 22 lay it out: the pieces a test compares. */
export function split(data: Uint8Array, at: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let from = 0;
  for (const to of at) {
    out.push(data.slice(from, to));
    from = to;
  }
  out.push(data.slice(from));
  return out;
}
