import type { AidParameters } from "../../config/types.ts";
import { sameName, startsWith, type Candidate } from "./candidate.ts";
import type { CardSession } from "./card-session.ts";
import { selectCommand } from "./commands.ts";
import { applicationFields, readFci } from "./fci.ts";
import { terminate } from "./stop.ts";
import type { SelectionHistory } from "./application-selection.ts";

/** How many applications one terminal AID may lead to (SELECT next), against a card that never says "no more". */
const MAX_OCCURRENCES = 16;

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
      // the AID itself, or a longer name its Application Selection Indicator allows
      const matches = exact || aid.partialSelection;
      if (response.sw === 0x6283 && matches) history.refused = true;
      if (response.sw === 0x9000 && matches && !found.some((c) => sameName(c.adfName, fci.dfName))) {
        const candidate: Candidate = { adfName: fci.dfName, aid, found: found.length, ...applicationFields(fci.proprietary) };
        if (fci.languages) candidate.languages = fci.languages;
        found.push(candidate);
      }
      if (exact) break;
      next = true;
    }
  }
  return found;
}
