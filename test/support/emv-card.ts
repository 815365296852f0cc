/**
 * A small EMV card for the kernel's tests: an {@link ApduTransport} that
 * answers SELECT, READ RECORD, GET PROCESSING OPTIONS, GET DATA, VERIFY,
 * GET CHALLENGE, INTERNAL AUTHENTICATE, GENERATE AC and EXTERNAL
 * AUTHENTICATE from a profile of hex strings, the way a card with those
 * files would. Tests that pin every byte exchanged use the
 * ScriptedTransport instead; this one is for rules where only some
 * answers matter.
 */
import { fromHex, toHex } from "../../modules/core/hex.ts";
import { parseCommand, parseResponse, encodeCommand, type CommandApdu, type ResponseApdu } from "../../modules/iso7816/apdu.ts";
import { Iso7816Error } from "../../modules/iso7816/error.ts";
import type { ApduTransport, CardPresenceListener } from "../../modules/iso7816/transport.ts";
import { parseTlvTree, findTlv } from "../../modules/emv/tlv.ts";
import { format2PinBlock } from "./emv-cardholder.ts";

const PSE = "315041592E5359532E4444463031";

/** What the card holds and how it answers; hex everywhere, responses without SW unless said. */
export interface EmvCardProfile {
  /** the Payment System Environment: its FCI and the records of its directory */
  pse?: { fci: string; records: string[] };
  /** the applications' FCIs, in the card's order; the DF name (84) is read from each */
  applications: { fci: string; blocked?: boolean }[];
  /** the GET PROCESSING OPTIONS response data */
  gpo?: string;
  /** the application's records by "SFI.record", e.g. "1.1" */
  records?: Record<string, string>;
  /** GET DATA answers by tag, e.g. { "9F17": "9F170103" } */
  data?: Record<string, string>;
  /** the offline PIN and its tries left */
  pin?: string;
  pinTries?: number;
  /** GET CHALLENGE's 8 bytes */
  challenge?: string;
  /** INTERNAL AUTHENTICATE's response data */
  internalAuthenticate?: string;
  /** GENERATE AC: response data and SW, by the command's P1, its data and how many came before; by default the cryptogram asked for, format 1 */
  generateAc?: (p1: number, data: Uint8Array, count: number) => string;
  /** EXTERNAL AUTHENTICATE's status word, 9000 by default */
  externalAuthenticate?: string;
  /** answers any command first (response data and SW); `undefined` falls through */
  override?: (command: CommandApdu, count: number) => string | undefined;
}

/** The default GENERATE AC answer: format 1 with the cryptogram type asked for, ATC 0001 + n, a fixed AC and IAD. */
export function defaultGenerateAc(p1: number, _data: Uint8Array, count: number): string {
  const cid = (p1 & 0xc0).toString(16).padStart(2, "0");
  return `8012${cid}000${count + 1}A1A2A3A4A5A6A7A806010A03A000009000`;
}

export class EmvTestCard implements ApduTransport {
  present = true;
  /** every command received, in hex */
  readonly commands: string[] = [];
  #profile: EmvCardProfile;
  #listeners = new Set<CardPresenceListener>();
  #selected: "pse" | number | undefined;
  #nextFrom = new Map<string, number>();
  #tries: number;
  #generateAcCount = 0;
  #removeWhen: ((command: CommandApdu) => boolean) | undefined;

  constructor(profile: EmvCardProfile) {
    this.#profile = profile;
    this.#tries = profile.pinTries ?? 3;
  }

  /** Makes the card leave when a command matching `when` arrives (the command fails with CARD_REMOVED). */
  removeOn(when: (command: CommandApdu) => boolean): void {
    this.#removeWhen = when;
  }

  /** Pulls the card out now. */
  remove(): void {
    this.present = false;
    for (const l of [...this.#listeners]) l.onRemoved?.();
  }

  async transmit(command: CommandApdu | Uint8Array): Promise<ResponseApdu> {
    if (!this.present) throw new Iso7816Error("CARD_REMOVED", "no card in the reader");
    const bytes = command instanceof Uint8Array ? command : encodeCommand(command);
    const c = parseCommand(bytes);
    this.commands.push(toHex(bytes));
    if (this.#removeWhen?.(c)) {
      this.remove();
      throw new Iso7816Error("CARD_REMOVED", "the card left during the exchange");
    }
    return parseResponse(fromHex(this.#answer(c)));
  }

  subscribe(listener: CardPresenceListener): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  #answer(c: CommandApdu): string {
    const p = this.#profile;
    const custom = p.override?.(c, this.commands.length - 1);
    if (custom !== undefined) return custom;
    const data = c.data ?? new Uint8Array(0);
    switch (c.ins) {
      case 0xa4:
        return this.#select(toHex(data), c.p2 === 0x02);
      case 0xb2: {
        const sfi = c.p2 >> 3;
        if (this.#selected === "pse") return p.pse!.records[c.p1 - 1] !== undefined && sfi === 1 ? p.pse!.records[c.p1 - 1] + "9000" : "6A83";
        const record = p.records?.[`${sfi}.${c.p1}`];
        return record !== undefined ? record + "9000" : "6A83";
      }
      case 0xa8:
        return p.gpo !== undefined ? p.gpo + "9000" : "6985";
      case 0xca: {
        const tag = toHex(Uint8Array.of(c.p1, c.p2));
        if (tag === "9F17" && p.pin !== undefined && !p.data?.[tag]) return `9F1701${this.#tries.toString(16).padStart(2, "0")}9000`;
        const value = p.data?.[tag];
        return value !== undefined ? value + "9000" : "6A88";
      }
      case 0x20:
        return this.#verify(c.p2, data);
      case 0x84:
        return (p.challenge ?? "0102030405060708") + "9000";
      case 0x88:
        return p.internalAuthenticate !== undefined ? p.internalAuthenticate + "9000" : "6985";
      case 0xae:
        return (p.generateAc ?? defaultGenerateAc)(c.p1, data, this.#generateAcCount++);
      case 0x82:
        return p.externalAuthenticate ?? "9000";
      default:
        return "6D00";
    }
  }

  #select(name: string, next: boolean): string {
    const p = this.#profile;
    if (name === PSE) {
      if (!p.pse) return "6A82";
      this.#selected = "pse";
      return p.pse.fci + "9000";
    }
    const from = next ? (this.#nextFrom.get(name) ?? 0) : 0;
    for (let i = from; i < p.applications.length; i++) {
      const app = p.applications[i];
      const dfName = toHex(findTlv(parseTlvTree(fromHex(app.fci)), "84")!.value);
      if (!dfName.startsWith(name)) continue;
      this.#nextFrom.set(name, i + 1);
      this.#selected = i;
      return app.fci + (app.blocked ? "6283" : "9000");
    }
    return "6A82";
  }

  #verify(p2: number, data: Uint8Array): string {
    const p = this.#profile;
    if (p.pin === undefined || p2 !== 0x80) return "6A86";
    if (this.#tries === 0) return "6983";
    if (toHex(data) === toHex(format2PinBlock(p.pin))) return "9000";
    this.#tries--;
    return `63C${this.#tries.toString(16)}`;
  }
}

/** A record: template 70 around the given TLV hex. */
export function record(...tlvs: string[]): string {
  const body = tlvs.join("").replace(/\s+/g, "");
  const n = body.length / 2;
  return "70" + (n < 0x80 ? hexByte(n) : "81" + hexByte(n)) + body;
}

/** One BER-TLV object, hex. */
export function tlv(tag: string, value: string): string {
  const v = value.replace(/\s+/g, "");
  const n = v.length / 2;
  return tag + (n < 0x80 ? hexByte(n) : n < 0x100 ? "81" + hexByte(n) : "82" + hexByte(n >> 8) + hexByte(n & 0xff)) + v;
}

function hexByte(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, "0");
}

/** An ADF's FCI: 6F { 84 name, A5 { 50 label, and any more TLV } }. */
export function adfFci(aid: string, label = "TEST", more = ""): string {
  const labelHex = Array.from(label, (c) => hexByte(c.charCodeAt(0))).join("");
  return tlv("6F", tlv("84", aid) + tlv("A5", tlv("50", labelHex) + more));
}
