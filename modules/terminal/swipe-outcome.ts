import { isXsposError } from "../core/error.ts";
import { cardFromTracks, checkCard, summarizeTrack, type TrackSummary } from "../card/card.ts";
import { parseTrack1 } from "../card/track1.ts";
import { parseTrack2 } from "../card/track2.ts";
import type { TrackData } from "../card/track-data.ts";

/**
 * One track as a reader hands it up: its characters between the sentinels,
 * or the code of the reason it could not be read. Structurally the
 * magstripe driver's `TrackResult`, so this module needs no driver import.
 */
export type SwipedTrack =
  | { track: 1 | 2 | 3; ok: true; data: string }
  | { track: 1 | 2 | 3; ok: false; error: { code: string } };

/** What the terminal does with a swipe. */
export type SwipeOutcome =
  /**
   * The card may be used from its stripe; `summary` is safe to show, `pan`
   * is the full PAN for the PIN block and the authorization message only.
   */
  | { kind: "accepted"; summary: TrackSummary; pan: string; fallback: boolean; prompt: string[] }
  /** service code 2xx or 6xx and the chip has not failed yet: insert the card */
  | { kind: "use-chip"; summary: TrackSummary; prompt: string[] }
  /** unreadable, damaged or refused card; `code` says why */
  | { kind: "rejected"; code: string; prompt: string[] };

/** What the terminal knows when a swipe arrives. */
export interface SwipeContext {
  /** the calendar month, for the expiry check */
  today: { year: number; month: number };
  /** the chip of this card failed in this transaction: the stripe may be used (fallback) */
  chipFailed: boolean;
}

const PROMPTS: Record<string, string[]> = {
  CARD_EXPIRED: ["CARD EXPIRED"],
  CARD_LUHN: ["INVALID CARD"],
  CARD_TRACK_MISMATCH: ["INVALID CARD"],
};

/**
 * The terminal's decision on a swipe: which track to use (track 2 first,
 * ISO/IEC 7813), whether the card is valid, and whether the service code
 * sends it to the chip reader (EMV fallback rules: the stripe of a chip
 * card only after the chip failed).
 */
export function assessSwipe(tracks: SwipedTrack[], context: SwipeContext): SwipeOutcome {
  const parsed: TrackData[] = [];
  let firstError: string | undefined;
  for (let i = 0; i < tracks.length; i++) {
    const t = tracks[i];
    if (!t.ok) {
      firstError ??= t.error.code;
      continue;
    }
    if (t.track === 3) continue;
    try {
      parsed.push(t.track === 1 ? parseTrack1(t.data) : parseTrack2(t.data));
    } catch (e) {
      if (!isXsposError(e)) throw e;
      firstError ??= e.code;
    }
  }
  if (parsed.length === 0) return { kind: "rejected", code: firstError ?? "TRACK_EMPTY", prompt: ["READ ERROR", "SWIPE AGAIN"] };
  try {
    const card = cardFromTracks(parsed);
    checkCard(card, context.today);
    const summary = summarizeTrack(card.tracks[0]);
    if (summary.chipCard && !context.chipFailed) return { kind: "use-chip", summary, prompt: ["CHIP CARD", "INSERT CARD"] };
    return { kind: "accepted", summary, pan: card.pan, fallback: summary.chipCard, prompt: [summary.scheme.toUpperCase(), summary.pan] };
  } catch (e) {
    if (!isXsposError(e)) throw e;
    return { kind: "rejected", code: e.code, prompt: PROMPTS[e.code] ?? ["INVALID CARD"] };
  }
}
