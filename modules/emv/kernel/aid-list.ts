import type { AidParameters } from "../../config/types.ts";
import type { Candidate } from "./candidate.ts";
import type { CardSession } from "./card-session.ts";
import { selectCommand } from "./commands.ts";
import { readFci } from "./fci.ts";
import { sameName } from "./pse.ts";
import { terminate } from "./stop.ts";
import type { SelectionHistory } from "./application-selection.ts";

/** How many applications one terminal AID may lead to (SELECT next), against a card that never says "no more". */
const MAX_OCCURRENCES = 16;

function startsWith(name: Uint8Array, prefix: Uint8Array): boolean {
  if (prefix.length > name.length) return false;
  for (let i = 0; i < prefix.length; i++) if (name[i] !== prefix[i]) return false;
  return true;
}

/**
 * The candidate list by the terminal's list of AIDs, EMV 4.4 Book 1
 * §12.3.3: SELECT each AID; an answer 9000 whose DF name is the AID is a
 * candidate; one whose DF name is longer is one too when the AID's
 * Application Selection Indicator allows a partial match, and either way
 * the terminal asks for the next occurrence (SELECT with P2 = 02), as a
 * card may list the longer name before the exact one. 6283 (application
 * blocked) is not a candidate; 6A81 on the first SELECT ends the session.
 * @param history - notes that a supported application answered 6283
 * @returns the candidates, in the order found
 */
export async function selectByAidList(
  session: CardSession,
  aids: readonly AidParameters[],
  found: Candidate[] = [],
  history: SelectionHistory = { refused: false },
): Promise<Candidate[]> {
  for (let i = 0; i < aids.length; i++) {
    const aid = aids[i];
    let next = false;
    for (let n = 0; n < MAX_OCCURRENCES; n++) {
      const response = await session.transmit(selectCommand(aid.aid, next));
      if (response.sw === 0x6a81 && !next) terminate("card-blocked", "SELECT answered 6A81", response.sw);
      if (response.sw !== 0x9000 && response.sw !== 0x6283) break;
      const fci = readFci(response.data);
      if (!fci || !startsWith(fci.dfName, aid.aid)) break;
      const exact = fci.dfName.length === aid.aid.length;
      if (response.sw === 0x6283 && (exact || aid.partialSelection)) history.refused = true;
      if (response.sw === 0x9000 && (exact || aid.partialSelection) && !found.some((c) => sameName(c.adfName, fci.dfName))) {
        const candidate: Candidate = { adfName: fci.dfName, aid, found: found.length };
        if (fci.label !== undefined) candidate.label = fci.label;
        if (fci.preferredName !== undefined) candidate.preferredName = fci.preferredName;
        if (fci.issuerCodeTableIndex !== undefined) candidate.issuerCodeTableIndex = fci.issuerCodeTableIndex;
        if (fci.languages !== undefined) candidate.languages = fci.languages;
        if (fci.priorityIndicator !== undefined) candidate.priorityIndicator = fci.priorityIndicator;
        found.push(candidate);
      }
      if (exact) break;
      next = true;
    }
  }
  return found;
}
