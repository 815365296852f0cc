/**
 * Fuzz target of what the EMV contact kernel reads from a card's answers
 * and the issuer's (modules/emv/kernel): the FCI of a SELECT, the AFL, the
 * templates of GET PROCESSING OPTIONS, READ RECORD and GENERATE AC, dates,
 * and the issuer scripts of an authorisation answer. A malformed answer
 * ends the transaction with the kernel's own stop (KernelStop, which is
 * not an Error and never leaves the kernel) or reads as `undefined`; here
 * both count as the answer refused (by a typed error of the target's own,
 * so the report counts them), anything else thrown as a failure.
 */
import { XsposError } from "../../../modules/core/error.ts";
import { fromHex } from "../../../modules/core/hex.ts";
import { parseAfl } from "../../../modules/emv/kernel/afl.ts";
import { cardTemplate, keepCardData } from "../../../modules/emv/kernel/card-tlv.ts";
import { dateNumber } from "../../../modules/emv/kernel/dates.ts";
import { readFci } from "../../../modules/emv/kernel/fci.ts";
import { parseIssuerScripts } from "../../../modules/emv/kernel/issuer-scripts.ts";
import { KernelStop } from "../../../modules/emv/kernel/stop.ts";
import { TagStore } from "../../../modules/emv/kernel/tag-store.ts";
import { MAESTRO, OPENEMV, PYTHON_EMV, MASTERCARD_PPSE } from "../../modules/emv/vectors.ts";
import { defineTarget } from "../harness.ts";

/** What the first byte (mod 6) asks the answer to be read as. */
const READS = ["FCI", "AFL", "GPO 77", "record 70", "date", "issuer scripts"] as const;

// vectors.ts names each source: FCIs, GPO responses, records and a GENERATE AC answer of published cards
const SEEDS: Uint8Array[] = [
  Uint8Array.of(0, ...fromHex(MAESTRO.pseFci)),
  Uint8Array.of(0, ...fromHex(MAESTRO.adfFci)),
  Uint8Array.of(0, ...fromHex(PYTHON_EMV.fci)),
  Uint8Array.of(0, ...fromHex(MASTERCARD_PPSE)),
  Uint8Array.of(1, ...fromHex("08010500 10010201")),
  Uint8Array.of(2, ...fromHex(MAESTRO.gpo)),
  Uint8Array.of(2, ...fromHex(OPENEMV.gpoFormat2)),
  Uint8Array.of(3, ...fromHex(MAESTRO.sfi2Record1)),
  Uint8Array.of(3, ...fromHex(OPENEMV.visaRecord)),
  Uint8Array.of(4, ...fromHex("250615")),
  // an authorisation answer's scripts: a 72 template with a script identifier and one command (EMV Book 3 §10.10)
  Uint8Array.of(5, ...fromHex("7213 9F1804 00000001 860A 8418000005 1122334455")),
];

export const emvCardResponses = defineTarget({
  name: "emv-card-responses",
  description: "card and issuer answers as the EMV kernel reads them: FCI, AFL, GPO and record templates, dates, issuer scripts (first byte: which)",
  seeds: SEEDS,
  dictionary: [[0x6f], [0xa5], [0x84], [0x70], [0x77], [0x94], [0x71], [0x72], [0x86], [0x9f, 0x18]].map((b) => Uint8Array.from(b)),
  maxLength: 1024,
  covers: [
    "modules/emv/kernel/fci.ts#readFci",
    "modules/emv/kernel/fci.ts#languageCodes",
    "modules/emv/kernel/fci.ts#oneByte",
    "modules/emv/kernel/fci.ts#applicationFields",
    "modules/emv/kernel/afl.ts#parseAfl",
    "modules/emv/kernel/card-tlv.ts#parseCardTlv",
    "modules/emv/kernel/card-tlv.ts#tryParseTlv",
    "modules/emv/kernel/card-tlv.ts#cardTemplate",
    "modules/emv/kernel/card-tlv.ts#child",
    "modules/emv/kernel/card-tlv.ts#keepCardData",
    "modules/emv/kernel/dates.ts#dateNumber",
    "modules/emv/kernel/issuer-scripts.ts#parseIssuerScripts",
  ],
  run(input) {
    const which = READS[(input[0] ?? 0) % READS.length];
    const answer = input.subarray(1);
    const unread = <T>(value: T | undefined): T => {
      if (value === undefined) throw new XsposError("EMV_CARD_UNREAD", `not read as ${which}`);
      return value;
    };
    try {
      switch (which) {
        case "FCI":
          return unread(readFci(answer));
        case "AFL":
          return unread(parseAfl(answer));
        case "GPO 77":
        case "record 70": {
          const template = cardTemplate(answer, which === "GPO 77" ? "77" : "70", which);
          const card = new TagStore();
          keepCardData(card, template, which);
          return card.tags();
        }
        case "date":
          return unread(dateNumber(answer));
        default:
          return parseIssuerScripts(answer).map((s) => ({ template: s.template, commands: s.commands.length, malformed: s.malformed }));
      }
    } catch (e) {
      if (e instanceof KernelStop) throw new XsposError("EMV_CARD_STOP", `the kernel ends the transaction: ${e.reason}`);
      throw e;
    }
  },
});
