import { compressedNumericDigits } from "../format.ts";
import { parseAfl } from "./afl.ts";
import type { CardSession } from "./card-session.ts";
import { cardTemplate, keepCardData, tryParseTlv } from "./card-tlv.ts";
import { readRecordCommand } from "./commands.ts";
import type { TransactionContext } from "./context.ts";
import { terminate, terminateOnStatus } from "./stop.ts";

/** SFIs 1-10 hold EMV data in templates 70; 11-30 are the issuer's own (Book 3 §5.3.2.2, §10.3). */
const LAST_EMV_SFI = 10;

/** The data objects every application must return (Book 3 §7.2, §10.2). */
const MANDATORY = ["5F24", "5A", "8C", "8D"] as const;

/**
 * Read Application Data, EMV 4.4 Book 3 §10.2: READ RECORD of every
 * record the AFL names, each of SFI 1-10 a single template 70 whose
 * primitive objects join the card's data (none twice); the records marked
 * for offline data authentication kept as §10.3 takes them (SFI 1-10
 * without the 70 tag and length, SFI 11-30 whole, and then only if it is a
 * template 70, else ODA will fail); then the mandatory objects checked,
 * and the PAN's digits.
 */
export async function readApplicationData(ctx: TransactionContext, session: CardSession): Promise<void> {
  const entries = parseAfl(ctx.afl);
  if (!entries) terminate("data-invalid", "the AFL is not a list of valid entries");
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    for (let record = entry.first; record <= entry.last; record++) {
      const what = `record ${record} of SFI ${entry.sfi}`;
      const response = await session.transmit(readRecordCommand(entry.sfi, record));
      if (response.sw !== 0x9000) terminateOnStatus(`READ RECORD of ${what}`, response.sw);
      const forOda = record - entry.first < entry.odaRecords;
      if (entry.sfi <= LAST_EMV_SFI) {
        const template = cardTemplate(response.data, "70", what);
        if (forOda) ctx.odaRecords.push(template.value.slice());
        keepCardData(ctx.card, template, what);
      } else {
        const nodes = response.data[0] === 0x70 ? tryParseTlv(response.data) : undefined;
        const template = nodes && nodes.length === 1 && nodes[0].tag === "70" ? nodes[0] : undefined;
        if (forOda) {
          if (template) ctx.odaRecords.push(response.data.slice());
          else ctx.odaRecordsInvalid = true;
        }
        if (template) keepCardData(ctx.card, template, what);
      }
    }
  }
  for (let i = 0; i < MANDATORY.length; i++) {
    const tag = MANDATORY[i];
    if (!ctx.card.has(tag)) terminate("data-missing", `the card did not give ${tag}`);
  }
  // the PAN is cn, at most 19 digits (Book 3 annex A1): the terminal needs it whole for the exception file and the authorization
  const pan = ctx.card.get("5A")!;
  const digits = pan.length <= 10 ? compressedNumericDigits(pan) : undefined;
  if (!digits) terminate("data-invalid", "the Application PAN is not 1 to 19 digits");
}
