import type { AidParameters } from "../../config/types.ts";
import { EmvError } from "../error.ts";
import { selectByAidList } from "./aid-list.ts";
import { candidateView, needsConfirmation, orderCandidates, sameName, type Candidate } from "./candidate.ts";
import type { CardSession } from "./card-session.ts";
import { selectCommand } from "./commands.ts";
import { readFci, type Fci } from "./fci.ts";
import type { CardholderPort } from "./ports.ts";
import { readPse } from "./pse.ts";
import { KernelStop, terminate } from "./stop.ts";

/**
 * Whether the card itself refused an application the terminal supports:
 * SELECT answered 6283 (blocked) or GET PROCESSING OPTIONS 6985. A chip
 * that does so works, so running out of applications then is no reason
 * to read the stripe instead (the fallback is for a chip that fails).
 */
export interface SelectionHistory {
  refused: boolean;
}

/**
 * The candidate list, EMV 4.4 Book 1 §12.3: by the PSE, then, when that
 * finds nothing, by the list of AIDs.
 * @param history - notes a supported application the card answered blocked (6283)
 */
export async function buildCandidateList(session: CardSession, aids: readonly AidParameters[], history: SelectionHistory = { refused: false }): Promise<Candidate[]> {
  const fromPse = await readPse(session, aids);
  return fromPse.length ? fromPse : selectByAidList(session, aids, [], history);
}

/** The candidate to select next, by the cardholder or by priority (Book 1 §12.4). */
async function choose(session: CardSession, cardholder: CardholderPort, ordered: Candidate[], retry: boolean): Promise<Candidate> {
  const ask = cardholder.chooseApplication;
  // one application that needs no confirmation is taken without asking
  if (ask && (ordered.length > 1 || needsConfirmation(ordered[0]))) {
    const answer = await session.whilePresent(ask.call(cardholder, { candidates: ordered.map(candidateView), retry, confirm: ordered.length === 1 }));
    if (answer === "cancel") throw new KernelStop("cancelled");
    if (answer === "timeout") throw new KernelStop("timed-out");
    if (!Number.isInteger(answer) || answer < 0 || answer >= ordered.length) {
      throw new EmvError("EMV_KERNEL_INPUT", `chooseApplication answered ${String(answer)}, not an index of the ${ordered.length} candidates`);
    }
    return ordered[answer];
  }
  // a terminal that cannot ask may only take an application that needs no confirmation
  const pick = ordered.find((c) => !needsConfirmation(c));
  if (!pick) terminate("no-application", "every candidate needs the cardholder's confirmation, which this terminal cannot ask for");
  return pick;
}

/**
 * Final selection, Book 1 §12.4: the cardholder (or the priority) picks a
 * candidate and the terminal SELECTs it; one whose SELECT fails or whose
 * FCI is missing or names another file leaves the list and the choice is
 * made again ("TRY AGAIN", Book 4 §11.3). The list loses the candidates
 * that failed; the one returned is still in it.
 * @param retry - the previous choice failed (after GET PROCESSING OPTIONS too)
 * @param history - whether the card refused an application; a SELECT answered 6283 is noted in it
 */
export async function finalSelection(
  session: CardSession,
  cardholder: CardholderPort,
  list: Candidate[],
  retry: boolean,
  history: SelectionHistory = { refused: false },
): Promise<{ candidate: Candidate; fci: Fci }> {
  let again = retry;
  for (;;) {
    if (list.length === 0) terminate("no-application", "no application left to select", undefined, !history.refused);
    const candidate = await choose(session, cardholder, orderCandidates(list), again);
    const response = await session.transmit(selectCommand(candidate.adfName));
    if (response.sw === 0x6a81) terminate("card-blocked", "the final SELECT answered 6A81", response.sw);
    if (response.sw === 0x6283) history.refused = true;
    const fci = response.sw === 0x9000 ? readFci(response.data) : undefined;
    if (fci && sameName(fci.dfName, candidate.adfName)) return { candidate, fci };
    removeCandidate(list, candidate);
    again = true;
  }
}

/** Takes a candidate off the list (a failed SELECT or GET PROCESSING OPTIONS). */
export function removeCandidate(list: Candidate[], candidate: Candidate): void {
  const at = list.indexOf(candidate);
  if (at >= 0) list.splice(at, 1);
}
