import { isXsposError } from "../../core/error.ts";
import { parseTlvTree, type TlvNode } from "../tlv.ts";
import { terminate } from "./stop.ts";
import type { TagStore } from "./tag-store.ts";

/*
 * Reading what the card returns. A card answering malformed BER-TLV ends
 * the transaction ("terminate", Book 3 §10.2 and the format rules of each
 * command's response in §6.5); it never raises an exception.
 */

/**
 * The objects of a response, or the end of the transaction when it is not
 * BER-TLV.
 * @param what - names the response in the detail
 */
export function parseCardTlv(bytes: Uint8Array, what: string): TlvNode[] {
  try {
    return parseTlvTree(bytes);
  } catch (e) {
    if (isXsposError(e)) terminate("format", `${what} is not BER-TLV (${e.code})`);
    throw e;
  }
}

/** The objects of a response, or `undefined` when it is not BER-TLV (where a bad answer is not fatal). */
export function tryParseTlv(bytes: Uint8Array): TlvNode[] | undefined {
  try {
    return parseTlvTree(bytes);
  } catch (e) {
    if (isXsposError(e)) return undefined;
    throw e;
  }
}

/**
 * The single template `tag` a response must consist of, or the end of the
 * transaction.
 */
export function cardTemplate(bytes: Uint8Array, tag: string, what: string): TlvNode {
  const nodes = parseCardTlv(bytes, what);
  if (nodes.length !== 1 || nodes[0].tag !== tag || !nodes[0].children) terminate("format", `${what} is not one template ${tag}`);
  return nodes[0];
}

/** The direct child `tag` of a template. */
export function child(node: TlvNode | undefined, tag: string): TlvNode | undefined {
  if (!node?.children) return undefined;
  for (let i = 0; i < node.children.length; i++) {
    const c = node.children[i];
    if (c.tag === tag) return c;
  }
  return undefined;
}

/**
 * Keeps the primitive objects of a template in the card's data, refusing
 * one the card already gave in a record or the GET PROCESSING OPTIONS
 * response ("redundant primitive data objects", Book 3 §10.2; the store
 * marks their values). Values are copied out of the response buffer,
 * which can then go.
 */
export function keepCardData(card: TagStore, template: TlvNode, what: string): void {
  const nodes = template.children ?? [];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (node.children) continue;
    if (card.marked(node.tag)) terminate("data-duplicated", `${what} repeats ${node.tag}`);
    card.set(node.tag, node.value, true);
  }
}
