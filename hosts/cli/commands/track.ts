import { summarizeTrack, type TrackSummary } from "../../../modules/card/card.ts";
import { parseTrack } from "../../../modules/card/track.ts";
import { CliError } from "../cli-error.ts";
import type { Args } from "../args.ts";

/** `xspos track <track string>`: the parsed, masked fields of a financial track. */
export function trackCommand(args: Args): TrackSummary {
  const [text, extra] = args.positional;
  if (text === undefined || extra !== undefined) throw new CliError("USAGE", "usage: xspos track <track string>");
  return summarizeTrack(parseTrack(text));
}
