import { isXsposError } from "../../core/error.ts";
import type { Crypto } from "../../crypto/port.ts";
import { buildDolData, parseDol, type DolEntry } from "../dol.ts";
import type { TransactionContext } from "./context.ts";
import { setBit, TVR } from "./status-bits.ts";
import { terminate } from "./stop.ts";

/** The data a card's DOL asks for (Book 3 §5.4); a malformed DOL ends the transaction. */
export function dolData(ctx: TransactionContext, dol: Uint8Array | readonly DolEntry[], what: string, limit = 255): Uint8Array {
  try {
    return buildDolData(dol, ctx, { limit }).data;
  } catch (e) {
    if (isXsposError(e)) terminate("data-invalid", `${what}: ${e.message}`);
    throw e;
  }
}

/** A card's DOL as entries; a malformed one ends the transaction. */
export function dolEntries(dol: Uint8Array, what: string): DolEntry[] {
  try {
    return parseDol(dol);
  } catch (e) {
    if (isXsposError(e)) terminate("data-invalid", `${what}: ${e.message}`);
    throw e;
  }
}

/**
 * The TC Hash Value (98) a CDOL may ask for, Book 3 §9.2.2: SHA-1 of the
 * data the TDOL (97) asks for, the card's TDOL or else the terminal's
 * default one ("Default TDOL used", TVR byte 5 b8), or of nothing when
 * there is neither.
 */
function tcHashValue(ctx: TransactionContext, crypto: Crypto): Uint8Array {
  let tdol = ctx.card.get("97");
  if (!tdol) {
    tdol = ctx.aid.defaultTdol;
    if (tdol.length) setBit(ctx.tvr, TVR.defaultTdolUsed);
  }
  return crypto.digest("SHA-1", dolData(ctx, tdol, "the TDOL", Infinity));
}

/** The data of a CDOL (8C, 8D) for GENERATE AC, the TC Hash Value computed first when it asks for one. */
export function cdolData(ctx: TransactionContext, crypto: Crypto, cdol: Uint8Array, what: string): Uint8Array {
  const entries = dolEntries(cdol, what);
  if (entries.some((e) => e.tag === "98")) ctx.terminal.set("98", tcHashValue(ctx, crypto));
  return dolData(ctx, entries, what);
}
