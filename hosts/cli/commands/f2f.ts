import { readFileSync } from "node:fs";
import { maskTrackText } from "../../../modules/card/mask-track.ts";
import { decodeFluxTrack } from "../../../drivers/magstripe/track-decoder.ts";
import { CliError } from "../cli-error.ts";
import { option, type Args } from "../args.ts";

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

/**
 * `xspos f2f --track N [--reveal] <file>`: decodes flux-reversal intervals
 * (µs, whitespace-separated) of one track.
 */
export function f2fCommand(args: Args): F2fReport {
  const trackText = option(args, "track");
  const [file, extra] = args.positional;
  if (file === undefined || extra !== undefined || trackText === undefined) {
    throw new CliError("USAGE", "usage: xspos f2f --track 1|2|3 [--reveal] <intervals file>");
  }
  if (trackText !== "1" && trackText !== "2" && trackText !== "3") throw new CliError("USAGE", "--track must be 1, 2 or 3");
  const track = Number(trackText) as 1 | 2 | 3;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new CliError("FILE_UNREADABLE", `cannot read ${file}`);
  }
  const tokens = text.split(/\s+/).filter((s) => s.length > 0);
  const intervals = new Float64Array(tokens.length);
  tokens.forEach((tok, i) => {
    if (!/^[0-9]+(\.[0-9]+)?$/.test(tok)) throw new CliError("INPUT_FORMAT", `token ${i + 1} of ${file} is not a number of microseconds`);
    intervals[i] = Number(tok);
  });
  const read = decodeFluxTrack(track, intervals);
  return {
    track,
    characters: args.options.has("reveal") ? read.characters : maskTrackText(read.characters),
    direction: read.direction,
    parityValid: read.parityErrors.length === 0,
    parityErrors: read.parityErrors.map((p) => p + 1),
    lrcValid: read.lrcValid,
    intervals: intervals.length,
    bitPeriodUs: { min: Math.round(read.periodRangeUs[0] * 10) / 10, max: Math.round(read.periodRangeUs[1] * 10) / 10 },
  };
}
