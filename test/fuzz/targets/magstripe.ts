/**
 * Fuzz targets of the magnetic-stripe driver: flux-reversal intervals
 * (F2F decoding and framing, as the RMT capture delivers them) and bits
 * from a strobe/data reader.
 */
import { encodeTrackBits, fluxIntervals } from "../../../drivers/magstripe/encode.ts";
import { readBitTrack, readFluxTrack } from "../../../drivers/magstripe/track-decoder.ts";
import { seededRandom } from "../../../modules/core/seeded-random.ts";
import { defineTarget } from "../harness.ts";
import type { FuzzRandom } from "../random.ts";

// Track data of the Magnetic Track Parser README example (sualeh/magnetictrackparser), and the
// ISO 4909 track 3 sample of the Card::Magnetic Perl distribution (t/track3.t), as in the driver's tests.
const DATA: Record<1 | 2 | 3, string> = {
  1: "B5350290149345177^FATEHI/SUALEH^16042010000000000000000000000000000567001000",
  2: "5350290149345177=16042010000056700100",
  3: "0112345678901234567=724724100000000000030300000099990=000000000000=0=0",
};

const TRACKS = [1, 2, 3] as const;

/** Input: the track (first byte mod 3, plus 1), then each interval as a 16-bit big-endian count of µs. */
function fluxInput(trackNumber: 1 | 2 | 3, intervals: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(1 + 2 * intervals.length);
  out[0] = trackNumber - 1;
  for (let i = 0; i < intervals.length; i++) {
    const us = Math.max(0, Math.min(0xffff, Math.round(intervals[i])));
    out[1 + 2 * i] = us >> 8;
    out[2 + 2 * i] = us & 0xff;
  }
  return out;
}

function fluxSeeds(): Uint8Array[] {
  const random = seededRandom(7);
  const seeds: Uint8Array[] = [];
  for (const t of TRACKS) {
    for (const [speed, change, reverse] of [[10, 1, false], [60, 1.3, true], [150, 0.7, false]] as const) {
      const bits = encodeTrackBits(t, DATA[t]);
      seeds.push(fluxInput(t, fluxIntervals(t, bits, { startSpeedCmS: speed, endSpeedCmS: speed * change, jitter: 0.12, random, reverse })));
    }
  }
  return seeds;
}

function trackText(r: FuzzRandom, t: 1 | 2 | 3): string {
  const alphabet = t === 1 ? "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ/^ " : "0123456789=";
  const max = t === 1 ? 76 : t === 2 ? 37 : 104;
  let s = t === 1 ? "B" : "";
  for (let n = r.int(max - s.length + 1); n > 0; n--) s += alphabet[r.int(alphabet.length)];
  return s;
}

function random01(r: FuzzRandom): () => number {
  return () => r.int(1 << 30) / (1 << 30);
}

/** The most intervals `xspos f2f` reads from a file (the reader itself keeps bits, not intervals: drivers/magstripe/README.md). */
const MAX_INTERVALS = 4096;

function generateFlux(r: FuzzRandom): Uint8Array {
  const t = r.pick(TRACKS);
  const speed = r.range(10, 150);
  const profile = { startSpeedCmS: speed, endSpeedCmS: speed * (0.7 + r.int(61) / 100), jitter: r.int(13) / 100, random: random01(r), reverse: r.chance(0.5) };
  const intervals = Array.from(fluxIntervals(t, encodeTrackBits(t, trackText(r, t), r.int(40), r.int(40)), profile));
  // now and then a capture as long as `xspos f2f` takes: the swipe, then noise to its end
  if (r.chance(0.05)) while (intervals.length < MAX_INTERVALS) intervals.push(r.range(20, 2000));
  return fluxInput(t, intervals);
}

export const f2f = defineTarget({
  name: "f2f",
  covers: ["drivers/magstripe/track-decoder.ts#readFluxTrack"],
  description: "flux-reversal intervals of a swipe: F2F decoding with the adaptive bit period, framing either way, parity and LRC (readFluxTrack)",
  seeds: fluxSeeds(),
  generate: generateFlux,
  // the track byte and 4096 intervals of two bytes: as many as `xspos f2f` takes
  maxLength: 1 + 2 * MAX_INTERVALS,
  run(input) {
    const t = TRACKS[(input[0] ?? 0) % 3];
    const intervals = new Array<number>(Math.max(0, (input.length - 1) >> 1));
    for (let i = 0; i < intervals.length; i++) intervals[i] = (input[1 + 2 * i] << 8) | input[2 + 2 * i];
    return readFluxTrack(t, intervals);
  },
});

/** Input: the track (first byte mod 3, plus 1), then the bits, eight to a byte, least significant first. */
function bitInput(t: 1 | 2 | 3, bits: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + Math.ceil(bits.length / 8));
  out[0] = t - 1;
  for (let i = 0; i < bits.length; i++) out[1 + (i >> 3)] |= bits[i] << (i & 7);
  return out;
}

export const strobeBits = defineTarget({
  name: "strobe-bits",
  description: "bits clocked out of a strobe/data reader: framing either way, parity and LRC (readBitTrack)",
  seeds: TRACKS.flatMap((t) => [bitInput(t, encodeTrackBits(t, DATA[t])), bitInput(t, encodeTrackBits(t, DATA[t]).reverse())]),
  generate: (r) => {
    const t = r.pick(TRACKS);
    const bits = encodeTrackBits(t, trackText(r, t), r.int(40), r.int(40));
    return bitInput(t, r.chance(0.5) ? bits.reverse() : bits);
  },
  maxLength: 256,
  run(input) {
    const t = TRACKS[(input[0] ?? 0) % 3];
    const bits = new Uint8Array(8 * Math.max(0, input.length - 1));
    for (let i = 0; i < bits.length; i++) bits[i] = (input[1 + (i >> 3)] >> (i & 7)) & 1;
    return readBitTrack(t, bits);
  },
});
