import type { SwipeErrorCode } from "./error.ts";
import type { Direction } from "./framing.ts";

/** One track of a swipe: its data, or why it could not be read. */
export type TrackResult =
  | {
      track: 1 | 2 | 3;
      ok: true;
      /** characters between the sentinels; holds the full PAN and CVV: never log it */
      data: string;
      direction: Direction;
    }
  | {
      track: 1 | 2 | 3;
      ok: false;
      error: { code: SwipeErrorCode; message: string };
    };

/** What the magstripe reader hands up for each pass of a card. */
export interface Swipe {
  /** clock time at which the swipe ended, ms */
  at: number;
  /** one entry per track the reader has, in the order configured */
  tracks: TrackResult[];
}
