import type { BenchCase } from "../case.ts";
import { encodeTrackBits, fluxIntervals } from "../../drivers/magstripe/encode.ts";
import { seededRandom } from "../../modules/core/seeded-random.ts";
import { readFluxTrack } from "../../drivers/magstripe/track-decoder.ts";
import { cardFromTracks } from "../../modules/card/card.ts";
import { parseTrack1 } from "../../modules/card/track1.ts";
import { parseTrack2 } from "../../modules/card/track2.ts";

// Full-length tracks: 76, 37 and 104 data characters, the ISO/IEC 7811 maxima.
const TRACK1 = "B4111111111111111^CARDHOLDER/TEST^30121010000000000000000000000000000000000";
const TRACK2 = "4111111111111111=30121010000000000000";
const TRACK3 = "01411111111111111111=7247241000000000000303000000404000990100000000000000000000000000000000000000000";

/** Decoding one swipe with all three tracks, from flux intervals to a parsed card. */
export const threeTrackSwipe: BenchCase = {
  name: "magstripe.threeTrackSwipe",
  unit: "F2F decode, framing, parity and LRC of tracks 1-3 (full length, 30 cm/s, ±5 % jitter) and ISO/IEC 7813 parsing",
  // ~100 ms on an ESP32: below what a person notices after a swipe
  xsTargetUs: 2000,
  setup() {
    const random = seededRandom(42);
    const flux = ([[1, TRACK1], [2, TRACK2], [3, TRACK3]] as const).map(([track, data]) =>
      ({ track, intervals: fluxIntervals(track, encodeTrackBits(track, data), { startSpeedCmS: 30, endSpeedCmS: 36, jitter: 0.05, random }) }));
    return () => {
      const reads = flux.map((f) => readFluxTrack(f.track, f.intervals));
      return cardFromTracks([parseTrack1(reads[0].characters), parseTrack2(reads[1].characters)]);
    };
  },
};

export const MAGSTRIPE_CASES = [threeTrackSwipe];
