import { encodeTlv } from "../tlv.ts";
import type { CardSession } from "./card-session.ts";
import { keepCardData } from "./card-tlv.ts";
import { gpoCommand, responseTemplate } from "./commands.ts";
import type { TransactionContext } from "./context.ts";
import { dolData } from "./dol-data.ts";
import { terminate, terminateOnStatus } from "./stop.ts";

/** The command template's tag and length take up to 3 bytes of the 255 a command carries. */
const PDOL_LIMIT = 252;

/**
 * Initiate Application Processing, EMV 4.4 Book 3 §10.1: TVR and TSI to
 * zero, the PDOL's data (§5.4) in a Command Template (83), GET PROCESSING
 * OPTIONS, and from its answer the AIP and the AFL, in format 1 (80: AIP
 * then AFL) or format 2 (77: 82 and 94 among other objects, §6.5.8.4).
 * @returns false when the card answered 6985 ("conditions of use not
 *   satisfied"): the application is dropped and selection resumes
 */
export async function initiateApplicationProcessing(ctx: TransactionContext, session: CardSession): Promise<boolean> {
  ctx.tvr.fill(0);
  ctx.tsi.fill(0);
  const pdol = ctx.card.get("9F38");
  ctx.pdolData = pdol ? dolData(ctx, pdol, "the PDOL", PDOL_LIMIT) : new Uint8Array(0);
  const response = await session.transmit(gpoCommand(encodeTlv("83", ctx.pdolData)));
  if (response.sw === 0x6985) return false;
  if (response.sw !== 0x9000) terminateOnStatus("GET PROCESSING OPTIONS", response.sw);
  const what = "the GET PROCESSING OPTIONS response";
  const template = responseTemplate(response.data, what);
  if (template.tag === "80") {
    if (template.value.length < 2 || (template.value.length - 2) % 4 !== 0) terminate("format", `${what} (format 1) is not an AIP and whole AFL entries`);
    ctx.aip = template.value.slice(0, 2);
    ctx.afl = template.value.slice(2);
  } else {
    keepCardData(ctx.card, template, what);
    const aip = ctx.card.get("82");
    const afl = ctx.card.get("94");
    if (!aip || !afl) terminate("data-missing", `${what} lacks ${aip ? "the AFL (94)" : "the AIP (82)"}`);
    if (aip.length !== 2) terminate("data-invalid", `the AIP is ${aip.length} bytes, not 2`);
    ctx.aip = aip;
    ctx.afl = afl;
  }
  // marked as the response's: a record giving them again repeats them
  ctx.card.set("82", ctx.aip, true);
  ctx.card.set("94", ctx.afl, true);
  return true;
}
