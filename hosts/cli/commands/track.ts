import { summarizeTrack } from "../../../modules/card/card.ts";
import { parseTrack } from "../../../modules/card/track.ts";
import type { LeafCommand } from "../command.ts";

/** `xspos track <track>`: the parsed, masked fields of a financial track. */
export const trackCommand: LeafCommand = {
  name: "track",
  summary: "parse an ISO/IEC 7813 track 1 or 2",
  description:
    "Parses an ISO/IEC 7813 track 1 (format B) or track 2, with or without its\n" +
    "sentinels. The PAN is masked (first 6, last 4), and so is a track 1 name\n" +
    "that carries a PAN; the discretionary data is given as a length only.",
  options: [],
  // a track 1 holds at most 79 characters, sentinels and LRC included (ISO/IEC 7811-2)
  positionals: [{ name: "track", kind: "text", limit: 79, help: "the track, e.g. ';5350290149345177=16042010000056700100?'" }],
  run: (args) => summarizeTrack(parseTrack(args.positional[0])),
};
