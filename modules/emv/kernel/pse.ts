import type { AidParameters } from "../../config/types.ts";
import { matchAid, sameName, type Candidate } from "./candidate.ts";
import type { CardSession } from "./card-session.ts";
import { child, tryParseTlv } from "./card-tlv.ts";
import { PSE_NAME, readRecordCommand, selectCommand } from "./commands.ts";
import { applicationFields, readFci } from "./fci.ts";
import { terminate } from "./stop.ts";

/** Records of a directory are numbered 1 to 254 (ISO/IEC 7816-4; FF is reserved). */
const LAST_RECORD = 254;
/** A Payment System Directory lives in an SFI of 1 to 10 (Book 1 §12.2.3). */
const MAX_DIRECTORY_SFI = 10;

/**
 * The candidate list by the Payment System Environment, EMV 4.4 Book 1
 * §12.3.2: SELECT 1PAY.SYS.DDF01, then every record of its directory
 * (SFI from the FCI, tag 88) until 6A83, each a template 70 of
 * Application Templates (61) whose ADF name (4F) the terminal supports.
 * An empty list means "use the list of AIDs" (step 5): no PSE, a blocked
 * or malformed one, or no common application in it.
 * @returns the candidates, in the order found
 */
export async function readPse(session: CardSession, aids: readonly AidParameters[]): Promise<Candidate[]> {
  const selected = await session.transmit(selectCommand(PSE_NAME));
  // step 1: 6A81 is a blocked card (or one without SELECT): the session ends
  if (selected.sw === 0x6a81) terminate("card-blocked", "SELECT 1PAY.SYS.DDF01 answered 6A81", selected.sw);
  if (selected.sw !== 0x9000) return [];
  const fci = readFci(selected.data);
  if (!fci || fci.sfi === undefined || fci.sfi < 1 || fci.sfi > MAX_DIRECTORY_SFI) return [];
  const found: Candidate[] = [];
  for (let record = 1; record <= LAST_RECORD; record++) {
    const response = await session.transmit(readRecordCommand(fci.sfi, record));
    if (response.sw === 0x6a83) break;
    // step 2: a record that cannot be read or is not a directory record is passed over
    if (response.sw !== 0x9000) continue;
    const nodes = tryParseTlv(response.data);
    if (!nodes || nodes.length !== 1 || nodes[0].tag !== "70") continue;
    const entries = nodes[0].children ?? [];
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      if (entry.tag !== "61") continue;
      const adfName = child(entry, "4F");
      if (!adfName || adfName.value.length < 5 || adfName.value.length > 16) continue;
      // step 3: the terminal supports it
      const aid = matchAid(aids, adfName.value);
      if (!aid || found.some((c) => sameName(c.adfName, adfName.value))) continue;
      const candidate: Candidate = { adfName: adfName.value.slice(), aid, found: found.length, ...applicationFields(entry) };
      if (fci.languages) candidate.languages = fci.languages;
      found.push(candidate);
    }
  }
  return found;
}
