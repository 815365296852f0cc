import test from "ava";
import { summarizeTrack } from "../../../modules/card/card.ts";
import { maskName, nameCarriesPan } from "../../../modules/card/mask-name.ts";
import { maskTrackText } from "../../../modules/card/mask-track.ts";
import { parseTrack } from "../../../modules/card/track.ts";

// Magnetic Track Parser (sualeh/magnetictrackparser) README example: PAN and name.
const PAN = "5350290149345177";
const NAME = "FATEHI/SUALEH";
// Visa's test card number, which payment processors publish for testing.
const VISA_TEST = "4111111111111111";

test("a name carries a PAN from 8 digits on (ISO/IEC 7812-1: 8-19), separators ignored, Luhn or not", (t) => {
  t.true(nameCarriesPan(`${PAN}/FATEHI`, PAN));
  t.true(nameCarriesPan("4111 1111 1111 1111"));
  t.true(nameCarriesPan(`X${VISA_TEST}X`));
  t.true(nameCarriesPan("41111111111"), "11 digits: a PAN too short for the track parsers");
  t.true(nameCarriesPan("4111 1111 1111"), "12 digits failing Luhn");
  t.true(nameCarriesPan("1234/5678"), "8 digits with a separator");
  t.false(nameCarriesPan("AGENT/0070070"), "7 digits are no PAN");
  t.false(nameCarriesPan(NAME, PAN));
  t.is(maskName(NAME, PAN), NAME);
  t.is(maskName(`${PAN}/X`, PAN), "******************");
});

// Visa's test card 4761739001010010 (Visa ADVT), a track 1 holding 11 digits as its name.
test("summarizeTrack and maskTrackText hide a track 1 name of 11 digits", (t) => {
  const track = "%B4761739001010010^12345678901^2212201?";
  t.is(summarizeTrack(parseTrack(track)).name, "*".repeat(11));
  t.is(maskTrackText(track), `%B476173******0010^${"*".repeat(11)}^2212201?`);
});

test("summarizeTrack and maskTrackText hide a track 1 name that carries a PAN", (t) => {
  const track = `%B${PAN}^${VISA_TEST}^1604201000000?`;
  t.is(summarizeTrack(parseTrack(track)).name, "*".repeat(16));
  t.is(maskTrackText(track), `%B535029******5177^${"*".repeat(16)}^1604201******?`);
  t.is(summarizeTrack(parseTrack(`%B${PAN}^${NAME}^1604201000000?`)).name, NAME);
});

test("a track that does not parse keeps only PAN ends and separators after its first separator", (t) => {
  // track 3 as ISO 4909 lays it out (format code, PAN, separator, ...), around the example PAN
  t.is(maskTrackText(`;01${PAN}=724724100=000?`), ";015350********5177=*********=***?");
  // a track 1 whose name is too long to parse
  t.is(maskTrackText(`%B${PAN}^${"A".repeat(30)}^1604?`), `%B535029******5177^${"*".repeat(30)}^****?`);
});
