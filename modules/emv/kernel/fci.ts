import { printableText } from "../format.ts";
import type { TlvNode } from "../tlv.ts";
import { child, tryParseTlv } from "./card-tlv.ts";

/**
 * A File Control Information template read against EMV 4.4 Book 1
 * §11.3.4: table 8 for a DDF (the PSE), table 9 for an ADF.
 */
export interface Fci {
  /** DF Name (84) */
  dfName: Uint8Array;
  /** the FCI Proprietary Template (A5) */
  proprietary: TlvNode;
  /** SFI of the directory elementary file (88), DDF only */
  sfi?: number;
  /** Application Label (50) */
  label?: string;
  /** Application Preferred Name (9F12) */
  preferredName?: string;
  /** Issuer Code Table Index (9F11) */
  issuerCodeTableIndex?: number;
  /** Language Preference (5F2D) as two-letter codes */
  languages?: string[];
  /** Application Priority Indicator (87), the whole byte */
  priorityIndicator?: number;
}

/** The two-letter codes of a Language Preference (5F2D, an 2-8). */
export function languageCodes(value: Uint8Array): string[] | undefined {
  const text = printableText(value);
  if (text === undefined || text.length % 2 !== 0) return undefined;
  const out: string[] = [];
  for (let i = 0; i < text.length; i += 2) out.push(text.slice(i, i + 2).toLowerCase());
  return out;
}

/** One byte's value, or `undefined` when the object is not one byte long. */
export function oneByte(node: TlvNode | undefined): number | undefined {
  return node && node.value.length === 1 ? node.value[0] : undefined;
}

/** The optional fields shared by directory entries (61) and ADF FCIs: 50, 9F12, 9F11, 87. */
export function applicationFields(template: TlvNode): Pick<Fci, "label" | "preferredName" | "issuerCodeTableIndex" | "priorityIndicator"> {
  const out: Pick<Fci, "label" | "preferredName" | "issuerCodeTableIndex" | "priorityIndicator"> = {};
  const label = child(template, "50");
  const name = child(template, "9F12");
  const label2 = label ? printableText(label.value) : undefined;
  const name2 = name ? printableText(name.value) : undefined;
  if (label2) out.label = label2;
  if (name2) out.preferredName = name2;
  const table = oneByte(child(template, "9F11"));
  if (table !== undefined) out.issuerCodeTableIndex = table;
  const priority = oneByte(child(template, "87"));
  if (priority !== undefined) out.priorityIndicator = priority;
  return out;
}

/**
 * The FCI a SELECT returned, or `undefined` when it is not an FCI template
 * (6F) holding a DF name (84) and a proprietary template (A5): Book 1
 * §12.3 and §12.4 then set the file aside rather than end the transaction.
 */
export function readFci(bytes: Uint8Array): Fci | undefined {
  const nodes = tryParseTlv(bytes);
  if (!nodes || nodes.length !== 1 || nodes[0].tag !== "6F") return undefined;
  const dfName = child(nodes[0], "84");
  const proprietary = child(nodes[0], "A5");
  if (!dfName || dfName.value.length < 5 || dfName.value.length > 16 || !proprietary?.children) return undefined;
  const fci: Fci = { dfName: dfName.value.slice(), proprietary, ...applicationFields(proprietary) };
  const sfi = oneByte(child(proprietary, "88"));
  if (sfi !== undefined) fci.sfi = sfi;
  const languages = child(proprietary, "5F2D");
  const codes = languages ? languageCodes(languages.value) : undefined;
  if (codes) fci.languages = codes;
  return fci;
}
