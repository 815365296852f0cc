/**
 * Peer libraries measured on Node beside a case, on the same input. Node
 * only: these packages are not part of the firmware.
 */
import { createRequire } from "node:module";
import { SALE_FIELDS } from "./cases/iso8583.ts";
import { TLV_STRINGS } from "./cases/emv-kernel.ts";
import { parseTlvTree, type TlvNode } from "../modules/emv/tlv.ts";

export interface Peer {
  /** npm package and version measured */
  library: string;
  /** what the peer's operation returns for the case's input, when it differs from the standard's answer */
  note?: string;
  /** why the peer has no XS figure: every peer here is an npm package written for Node */
  xs: string;
  /** how many times the peer's mean the case's must beat on Node, when the case has a target */
  targetSpeedup?: number;
  setup(): () => unknown;
}

const require = createRequire(import.meta.url);

interface DukptPeer {
  new (bdk: string, ksn: string, mode: string): { _sessionKey: string };
  encryptTDES(key: string, data: string, encrypt: boolean): string;
}

interface Iso8583Peer {
  new (data?: Record<number, string>): { getBufferMessage(): Uint8Array; getIsoJSON(raw: Uint8Array): Record<string, string> };
}

interface BerTlvItem {
  tag: string;
  items: BerTlvItem[];
}

interface BerTlvPeer {
  TlvFactory: { parse(data: Buffer): BerTlvItem[] };
}

/** Tags in document order, constructed objects' children after them: what both parsers must agree on. */
function tagOrder(nodes: readonly { tag: string; children?: TlvNode[]; items?: BerTlvItem[] }[], out: string[] = []): string[] {
  for (const node of nodes) {
    out.push(node.tag.toUpperCase());
    const inner = node.children ?? node.items;
    if (inner?.length) tagOrder(inner, out);
  }
  return out;
}

export const PEERS: Record<string, Peer> = {
  "emv.tlv.parseTree": {
    library: `ber-tlv@${require("ber-tlv/package.json").version}`,
    note: "the same strings as Buffers, to its tree of items (tag as hex, value copied into a Buffer, constructed items parsed)",
    xs: "not measured: ber-tlv parses Node Buffers (new Buffer, buf.toString('hex'), octet-buffer), which XS does not have; the comparison is on Node only",
    targetSpeedup: 2,
    setup() {
      const { TlvFactory } = require("ber-tlv") as BerTlvPeer;
      const input = TLV_STRINGS.map((s) => Buffer.from(s));
      const ours = TLV_STRINGS.map((s) => tagOrder(parseTlvTree(s)).join(" ")).join("|");
      const theirs = input.map((b) => tagOrder(TlvFactory.parse(b)).join(" ")).join("|");
      if (ours !== theirs) throw new Error("ber-tlv does not read the strings as parseTlvTree does");
      return () => {
        let n = 0;
        for (const b of input) n += TlvFactory.parse(b).length;
        return n;
      };
    },
  },
  "iso8583.iso87a.packUnpack": {
    library: `iso_8583@${require("iso_8583/package.json").version}`,
    note: "the same 0200 in its default layout (ASCII MTI, binary bitmap, ASCII fields, 2-byte length), packed then unpacked",
    xs: "not measured: iso_8583 packs into Node Buffers, which XS does not have",
    setup() {
      const Iso = require("iso_8583") as Iso8583Peer;
      const data: Record<number, string> = { 0: "0200", ...SALE_FIELDS };
      return () => new Iso().getIsoJSON(new Iso(data).getBufferMessage());
    },
  },
  "dukpt.tdes.hostPinBlock": {
    library: `dukpt@${require("dukpt/package.json").version}`,
    note: "the same derivation (IPEK, transaction key, PIN variant) and one TDES encipherment of the clear block; its TDES-CBC with a 16-byte key does not give the X9.24-1 annex block",
    xs: "not measured: the peer is measured on Node only",
    setup() {
      const Dukpt = require("dukpt") as DukptPeer;
      return () => {
        const session = new Dukpt("0123456789ABCDEFFEDCBA9876543210", "FFFF9876543210E00015", "pinkey");
        return Dukpt.encryptTDES(session._sessionKey, "041274EDCBA9876F", true);
      };
    },
  },
};
