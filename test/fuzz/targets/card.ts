/** Fuzz target: ISO/IEC 7813 track text (modules/card), as the CLI and the swipe path parse it. */
import { summarizeTrack } from "../../../modules/card/card.ts";
import { maskTrackText } from "../../../modules/card/mask-track.ts";
import { parseTrack } from "../../../modules/card/track.ts";
import { defineTarget } from "../harness.ts";
import type { FuzzRandom } from "../random.ts";
import { latin1, text } from "../script.ts";

const SEEDS = [
  // Wikipedia, "ISO/IEC 7813", track 1 examples (the second with absent expiry and service code)
  "%B4815881002861896^YATES/EUGENE L ^^^356858 00998000000?",
  "%B4815881002867896^YATES/EUGENE JOHN ^37829821000123456789?",
  // Magnetic Track Parser (sualeh/magnetictrackparser) README: tracks 1 and 2 of one Mastercard
  "%B5350290149345177^FATEHI/SUALEH^16042010000000000000000000000000000567001000?",
  ";5350290149345177=16042010000056700100?",
  // SwipeParserObj sample: track 2 without sentinels
  "1234123412341234=0305101193010877",
  // track 2 with absent expiry (modules/card tests)
  "4111111111111111==101123",
];

function digits(r: FuzzRandom, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(0x30 + r.int(10));
  return s;
}

/** A well-formed track 1 or 2 with random fields (the check digit is left to chance). */
function generate(r: FuzzRandom): Uint8Array {
  const pan = digits(r, r.range(12, 19));
  const expiry = r.chance(0.1) ? "" : digits(r, 2) + String(r.range(1, 12)).padStart(2, "0");
  const service = r.chance(0.1) ? "" : r.pick(["101", "120", "201", "221", "601", "206"]);
  const sentinels = r.chance(0.7);
  if (r.chance(0.5)) {
    const sep = (field: string) => (field === "" ? "=" : field);
    const data = pan + "=" + sep(expiry) + sep(service) + digits(r, r.int(Math.max(1, 37 - pan.length - 8)));
    return latin1(sentinels ? ";" + data + "?" : data);
  }
  let name = "";
  for (let n = r.range(2, 26); n > 0; n--) name += r.pick(["A", "B", "Z", "/", " ", "."]);
  const sep = (field: string) => (field === "" ? "^" : field);
  const data = "B" + pan + "^" + name + "^" + sep(expiry) + sep(service) + digits(r, r.int(Math.max(1, 76 - pan.length - name.length - 10)));
  return latin1(sentinels ? "%" + data + "?" : data);
}

export const track = defineTarget({
  name: "track",
  description: "ISO/IEC 7813 track 1 and track 2 text: parseTrack, then the summary and masking the CLI shows",
  seeds: SEEDS.map(latin1),
  generate,
  dictionary: ["%", ";", "?", "^", "=", "B", "0", " "].map(latin1),
  maxLength: 128,
  run(input) {
    const data = parseTrack(text(input));
    summarizeTrack(data);
    maskTrackText(text(input));
    return data;
  },
});
