import { maskTrackText } from "../../../modules/card/mask-track.ts";
import { decodeFluxTrack } from "../../../drivers/magstripe/track-decoder.ts";
import { flag, option } from "../args.ts";
import { CliError } from "../cli-error.ts";
import type { LeafCommand } from "../command.ts";
import { MAX_PATH_CHARS, readBoundedFile } from "../input.ts";

/**
 * Most intervals read from one file: more than one swipe of a track
 * (drivers/magstripe's `defaultTrackCapacity`: 1,770 for tracks 1 and 3,
 * 632 for track 2), so a whole capture fits.
 */
export const MAX_INTERVALS = 4096;
/** Most bytes in an intervals file: 4,096 intervals of up to 15 characters and a separator each. */
export const MAX_INTERVALS_FILE_BYTES = 65536;

const SPACE = /\s+/;
const MICROSECONDS = /^[0-9]{1,9}(\.[0-9]{1,6})?$/;

/** What `xspos f2f` prints. */
export interface F2fReport {
  track: 1 | 2 | 3;
  /** start sentinel to end sentinel; PAN and discretionary data masked unless --reveal */
  characters: string;
  direction: "forward" | "reverse";
  parityValid: boolean;
  /** 1-based positions of characters with a bad parity bit */
  parityErrors: number[];
  lrcValid: boolean;
  intervals: number;
  bitPeriodUs: { min: number; max: number };
}

/** The intervals of a capture file, µs. */
function readIntervals(file: string): Float64Array {
  const bytes = readBoundedFile(file, MAX_INTERVALS_FILE_BYTES);
  const tokens = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1").split(SPACE).filter((s) => s.length > 0);
  if (tokens.length > MAX_INTERVALS) throw new CliError("INPUT_TOO_LARGE", `${file} holds more than ${MAX_INTERVALS} intervals`);
  const intervals = new Float64Array(tokens.length);
  tokens.forEach((tok, i) => {
    if (!MICROSECONDS.test(tok)) throw new CliError("INPUT_FORMAT", `token ${i + 1} of ${file} is not a number of microseconds`);
    intervals[i] = Number(tok);
  });
  return intervals;
}

function f2f(track: 1 | 2 | 3, file: string, reveal: boolean): F2fReport {
  const intervals = readIntervals(file);
  const read = decodeFluxTrack(track, intervals);
  return {
    track,
    characters: reveal ? read.characters : maskTrackText(read.characters),
    direction: read.direction,
    parityValid: read.parityErrors.length === 0,
    parityErrors: read.parityErrors.map((p) => p + 1),
    lrcValid: read.lrcValid,
    intervals: intervals.length,
    bitPeriodUs: { min: Math.round(read.periodRangeUs[0] * 10) / 10, max: Math.round(read.periodRangeUs[1] * 10) / 10 },
  };
}

/** `xspos f2f --track N [--reveal] <file>`: flux-reversal intervals of one track to its characters. */
export const f2fCommand: LeafCommand = {
  name: "f2f",
  summary: "decode flux-reversal intervals (µs) of one track",
  description:
    "Decodes one track's flux-reversal intervals: the file holds the times\n" +
    "between reversals in microseconds, whitespace-separated, as an ESP32 RMT\n" +
    "channel records them. Either swipe direction; parity and LRC are reported.",
  options: [
    { name: "track", kind: "choice", choices: ["1", "2", "3"], required: true, help: "the track the intervals come from" },
    { name: "reveal", kind: "flag", help: "show the PAN, name and discretionary data, which are masked otherwise" },
  ],
  positionals: [{ name: "file", kind: "path", limit: MAX_PATH_CHARS, help: "the intervals file" }],
  limits: [`the file: at most ${MAX_INTERVALS_FILE_BYTES} bytes and ${MAX_INTERVALS} intervals (more than a track's swipe)`],
  run: (args) => f2f(Number(option(args, "track")) as 1 | 2 | 3, args.positional[0], flag(args, "reveal")),
};
