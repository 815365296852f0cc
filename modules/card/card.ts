import { CardError } from "./error.ts";
import { formatExpiry, isExpired, type Expiry } from "./expiry.ts";
import { luhnValid } from "./luhn.ts";
import { maskPan } from "./mask.ts";
import { maskName } from "./mask-name.ts";
import { schemeOf, type Scheme } from "./scheme.ts";
import type { ServiceCode } from "./service-code.ts";
import type { TrackData } from "./track-data.ts";

/** What the terminal knows of a swiped card, from its tracks. */
export interface Card {
  pan: string;
  name?: string;
  expiry?: Expiry;
  serviceCode?: ServiceCode;
  scheme: Scheme;
  luhnValid: boolean;
  /** tracks the card was read from, best first */
  tracks: TrackData[];
}

/**
 * Merges the tracks read from one swipe. Track 2 is the reference for PAN,
 * expiry and service code (it is what the authorization carries); track 1
 * adds the name. Disagreeing tracks mean a forged or damaged card.
 * @throws CardError `TRACK_EMPTY` with no track, `CARD_TRACK_MISMATCH` when tracks disagree
 */
export function cardFromTracks(tracks: TrackData[]): Card {
  const t2 = tracks.find((t) => t.track === 2);
  const t1 = tracks.find((t) => t.track === 1);
  const main = t2 ?? t1;
  if (!main) throw new CardError("TRACK_EMPTY", "no financial track was read");
  if (t1 && t2) {
    const sameExpiry = (t1.expiry === undefined) === (t2.expiry === undefined) &&
      (!t1.expiry || (t1.expiry.year === t2.expiry!.year && t1.expiry.month === t2.expiry!.month));
    const sameCode = (t1.serviceCode?.code ?? "") === (t2.serviceCode?.code ?? "");
    if (t1.pan !== t2.pan || !sameExpiry || !sameCode) {
      throw new CardError("CARD_TRACK_MISMATCH", "tracks 1 and 2 disagree on PAN, expiry or service code");
    }
  }
  return {
    pan: main.pan,
    name: t1?.name,
    expiry: main.expiry,
    serviceCode: main.serviceCode,
    scheme: schemeOf(main.pan),
    luhnValid: luhnValid(main.pan),
    tracks: t2 && t1 ? [t2, t1] : [main],
  };
}

/**
 * The checks a terminal makes before it uses a swiped card.
 * @param today - the terminal's calendar month
 * @throws CardError `CARD_LUHN` on a bad check digit, `CARD_EXPIRED` past the expiry month
 */
export function checkCard(card: Card, today: { year: number; month: number }): void {
  if (!card.luhnValid) throw new CardError("CARD_LUHN", `PAN ${maskPan(card.pan)} fails the Luhn check`);
  if (card.expiry && isExpired(card.expiry, today)) {
    throw new CardError("CARD_EXPIRED", `card expired at the end of ${formatExpiry(card.expiry)}`);
  }
}

/** Safe-to-show view of a track: masked PAN, no discretionary data. */
export interface TrackSummary {
  track: 1 | 2;
  pan: string;
  panLength: number;
  luhnValid: boolean;
  scheme: Scheme;
  /** all `*` when it carries a PAN */
  name?: string;
  expiry?: string;
  serviceCode?: ServiceCode;
  chipCard: boolean;
  /** length only: the discretionary data holds card verification values */
  discretionaryLength: number;
}

/** Summary of a parsed track for display, logs and the CLI. */
export function summarizeTrack(t: TrackData): TrackSummary {
  const out: TrackSummary = {
    track: t.track,
    pan: maskPan(t.pan),
    panLength: t.pan.length,
    luhnValid: luhnValid(t.pan),
    scheme: schemeOf(t.pan),
  } as TrackSummary;
  if (t.name !== undefined) out.name = maskName(t.name, t.pan);
  if (t.expiry) out.expiry = formatExpiry(t.expiry);
  if (t.serviceCode) out.serviceCode = t.serviceCode;
  out.chipCard = t.serviceCode?.chipCard ?? false;
  out.discretionaryLength = t.discretionary.length;
  return out;
}
