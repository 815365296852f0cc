/**
 * Fuzz targets of masking (modules/card, modules/iso8583): whatever text a
 * reader or the acquirer hands over, what is shown keeps its shape and
 * never more of a PAN than its first six and last four digits. A masked
 * output that breaks that is a failure (a leak), like an exception.
 */
import { maskName, nameCarriesPan } from "../../../modules/card/mask-name.ts";
import { maskTrackText } from "../../../modules/card/mask-track.ts";
import { fromHex } from "../../../modules/core/hex.ts";
import { unpack } from "../../../modules/iso8583/codec.ts";
import { ISO87A, ISO87B } from "../../../modules/iso8583/dialect.ts";
import { maskField } from "../../../modules/iso8583/mask.ts";
import type { FieldValue } from "../../../modules/iso8583/message.ts";
import { defineTarget } from "../harness.ts";
import type { FuzzRandom } from "../random.ts";
import { latin1, text } from "../script.ts";
import { iso87a, iso87b } from "./iso8583.ts";

const SEPARATOR = /[=^]/;
const NOT_A_DIGIT = /[^0-9]/g;
/** Eight digits in a row: more than a masked track shows anywhere (expiry and service code are 7). */
const EIGHT_DIGITS = /[0-9]{8}/;

/** Throws when a masked track shows more than it may. */
function checkTrackMask(what: string, original: string, masked: string): void {
  if (masked.length !== original.length) throw new Error(`${what}: masked to ${masked.length} characters from ${original.length}`);
  const separator = masked.search(SEPARATOR);
  const head = separator < 0 ? masked : masked.slice(0, separator);
  const shown = head.replace(NOT_A_DIGIT, "").length;
  if (shown > 10) throw new Error(`${what}: ${shown} digits show before the first separator`);
  if (EIGHT_DIGITS.test(masked)) throw new Error(`${what}: eight digits in a row show`);
}

const TRACK_ALPHABET = "0123456789012345678901234567890123456789=^?;%B/ ADF";

// Visa's test card 4761739001010010 (Visa ADVT), whole and cut to 11 digits; the Magnetic Track
// Parser (sualeh/magnetictrackparser) README tracks; an ISO 4909 track 3 around that PAN.
const TRACK_SEEDS = [
  "%B4761739001010010^12345678901^2212201?",
  "47617390010=2212201123456",
  "B47617390010^SMITH/J^2212201123",
  "%B5350290149345177^FATEHI/SUALEH^16042010000000000000000000000000000567001000?",
  ";5350290149345177=16042010000056700100?",
  ";015350290149345177=724724100000000000000=000?",
];

function randomTrack(r: FuzzRandom): Uint8Array {
  let s = "";
  for (let n = r.int(80); n > 0; n--) s += TRACK_ALPHABET[r.int(TRACK_ALPHABET.length)];
  return latin1(s);
}

/** Any text as a track or a name: maskTrackText, nameCarriesPan and maskName. */
export const trackMask = defineTarget({
  name: "track-mask",
  description: "any text masked as a track (maskTrackText) and as a track 1 name (maskName): same length, no more than 6 + 4 PAN digits",
  seeds: TRACK_SEEDS.map(latin1),
  generate: randomTrack,
  dictionary: ["=", "^", "?", ";", "%B", "0", "1234567"].map(latin1),
  maxLength: 160,
  covers: ["modules/card/mask-track.ts#maskTrackText", "modules/card/mask-name.ts#nameCarriesPan", "modules/card/mask-name.ts#maskName"],
  run(input) {
    const track = text(input);
    const masked = maskTrackText(track);
    checkTrackMask("maskTrackText", track, masked);
    // the rule the module documents: a name with 8 digits or more may carry a PAN, and is then all `*`
    const carries = track.replace(NOT_A_DIGIT, "").length >= 8;
    if (nameCarriesPan(track) !== carries) throw new Error(`nameCarriesPan says ${!carries} for ${carries ? "8 digits or more" : "fewer than 8 digits"}`);
    if (maskName(track) !== (carries ? "*".repeat(track.length) : track)) throw new Error("maskName shows what nameCarriesPan hides, or hides a plain name");
    return masked;
  },
});

/** The text fields maskField masks, and DE55. */
const MASKED_FIELDS = [2, 34, 35, 36, 45, 55, 41];

/** Throws when a shown field reveals more than it may. */
function checkField(n: number, value: FieldValue): void {
  const shown = maskField(n, value);
  if (value instanceof Uint8Array) {
    if (shown.value.length !== 2 * value.length) throw new Error(`DE${n}: ${shown.value.length} hex digits shown for ${value.length} bytes`);
    return;
  }
  if (shown.value.length !== value.length) throw new Error(`DE${n}: shown as ${shown.value.length} characters from ${value.length}`);
  if (n === 2 || n === 34) {
    if (shown.value.replace(NOT_A_DIGIT, "").length > 10) throw new Error(`DE${n}: more than 10 digits of the PAN show`);
  } else if (n === 35 || n === 36 || n === 45) checkTrackMask(`DE${n}`, value, shown.value);
}

/**
 * Input: the first byte picks the mode. Bit 0 clear: an ISO 8583 message
 * (bit 1: ISO87B) unpacked and each of its fields masked. Bit 0 set: one
 * field (by bits 1-3, from the fields maskField masks) with the rest of
 * the input as its value (text, or bytes for DE55).
 */
export const iso8583Mask = defineTarget({
  name: "iso8583-mask",
  description: "ISO 8583 fields as `xspos iso8583 unpack` shows them (maskField): PAN, tracks, DE55; same shape, no more than 6 + 4 PAN digits",
  seeds: [
    ...iso87a.seeds.map((m) => Uint8Array.of(0, ...m)),
    ...iso87b.seeds.map((m) => Uint8Array.of(2, ...m)),
    ...TRACK_SEEDS.map((t) => Uint8Array.of(1 | (2 << 1), ...latin1(t.replace(/[%;?]/g, "")))),
    // DE55 with a PAN and a track 2 equivalent (openemv README TLV), and one that is not BER-TLV
    Uint8Array.of(1 | (5 << 1), ...fromHex("701A9F390105571040123456789095D2512201197339300F82025900")),
    Uint8Array.of(1 | (5 << 1), ...fromHex("5A105350290149345177")),
  ],
  generate(r) {
    if (r.chance(0.5)) return Uint8Array.of(r.chance(0.5) ? 0 : 2, ...r.pick([...iso87a.seeds, ...iso87b.seeds]));
    const which = r.int(MASKED_FIELDS.length);
    return Uint8Array.of(1 | (which << 1), ...(MASKED_FIELDS[which] === 55 ? r.bytes(r.int(60)) : randomTrack(r)));
  },
  maxLength: 2048,
  covers: ["modules/iso8583/mask.ts#maskField"],
  run(input) {
    const mode = input[0] ?? 0;
    const rest = input.subarray(1);
    if (mode & 1) {
      const n = MASKED_FIELDS[((mode >> 1) & 7) % MASKED_FIELDS.length];
      const value: FieldValue = n === 55 ? rest : text(rest);
      checkField(n, value);
      return n;
    }
    const message = unpack(mode & 2 ? ISO87B : ISO87A, rest);
    for (const [n, value] of message.fields) checkField(n, value);
    return message.fields.size;
  },
});
