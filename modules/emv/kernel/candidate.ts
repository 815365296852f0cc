import { toHex } from "../../core/hex.ts";
import type { AidParameters } from "../../config/types.ts";
import type { ApplicationCandidate } from "./ports.ts";

/** Application Priority Indicator (87): b8 asks for cardholder confirmation, b4-b1 rank it (Book 1 §12.2.3 table 13). */
const CONFIRMATION = 0x80;
const RANK = 0x0f;
/** Where an application without a rank (87 absent, or b4-b1 zero) sorts: after every rank, 1 to 15. */
const UNRANKED = 16;

/** An application of the candidate list (Book 1 §12.3): what the card said of it and the terminal's entry it matched. */
export interface Candidate {
  /** the card's ADF name (4F in the directory, 84 in the FCI) */
  adfName: Uint8Array;
  /** the terminal's AID entry it matched */
  aid: AidParameters;
  label?: string;
  preferredName?: string;
  issuerCodeTableIndex?: number;
  languages?: string[];
  /** Application Priority Indicator (87) */
  priorityIndicator?: number;
  /** the order it was found in, to keep ties stable */
  found: number;
}

/** Whether an ADF name begins with the bytes of `prefix` (a terminal AID, for partial selection). */
export function startsWith(name: Uint8Array, prefix: Uint8Array): boolean {
  if (prefix.length > name.length) return false;
  for (let i = 0; i < prefix.length; i++) if (name[i] !== prefix[i]) return false;
  return true;
}

/** Whether two ADF names are the same. */
export function sameName(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && startsWith(a, b);
}

/**
 * The terminal's entry an ADF name matches (Book 1 §12.3.1): the same
 * AID, or one it begins with when that entry's Application Selection
 * Indicator allows a partial match. An exact match wins over a partial
 * one, a longer partial over a shorter.
 */
export function matchAid(aids: readonly AidParameters[], adfName: Uint8Array): AidParameters | undefined {
  let best: AidParameters | undefined;
  for (let i = 0; i < aids.length; i++) {
    const entry = aids[i];
    if (!startsWith(adfName, entry.aid)) continue;
    if (entry.aid.length === adfName.length) return entry;
    if (entry.partialSelection && (!best || entry.aid.length > best.aid.length)) best = entry;
  }
  return best;
}

/** Whether the cardholder must confirm a candidate (87 b8). */
export function needsConfirmation(c: Candidate): boolean {
  return ((c.priorityIndicator ?? 0) & CONFIRMATION) !== 0;
}

/** The rank b4-b1 of 87, 1 the highest; 0 when absent or "no priority". */
function rank(c: Candidate): number {
  return (c.priorityIndicator ?? 0) & RANK;
}

/**
 * The candidate list in the order Book 1 §12.4 presents it: by the card's
 * priority (1 first), then those without one; ties by the terminal's own
 * priority for the AID, then in the order found.
 */
export function orderCandidates(list: Candidate[]): Candidate[] {
  return list.slice().sort((a, b) => {
    const ra = rank(a) || UNRANKED;
    const rb = rank(b) || UNRANKED;
    if (ra !== rb) return ra - rb;
    if (a.aid.priority !== b.aid.priority) return a.aid.priority - b.aid.priority;
    return a.found - b.found;
  });
}

/** How the cardholder sees a candidate. */
export function candidateView(c: Candidate): ApplicationCandidate {
  const view: ApplicationCandidate = { aid: toHex(c.adfName), confirmationRequired: needsConfirmation(c) };
  if (c.label !== undefined) view.label = c.label;
  if (c.preferredName !== undefined) view.preferredName = c.preferredName;
  if (c.issuerCodeTableIndex !== undefined) view.issuerCodeTableIndex = c.issuerCodeTableIndex;
  if (c.languages !== undefined) view.languages = c.languages.slice();
  if (rank(c)) view.priority = rank(c);
  return view;
}
