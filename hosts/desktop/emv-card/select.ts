import type { CommandApdu } from "../../../modules/iso7816/apdu.ts";
import { toHex } from "../../../modules/core/hex.ts";
import { applicationFci, directoryRecord, DIRECTORY_SFI, ppseFci, PPSE_NAME, pseFci, PSE_NAME } from "./fci.ts";
import { newTransaction, type CardResponse, type CardState } from "./state.ts";
import { SW } from "./status.ts";

/*
 * SELECT by DF name (EMV 4.4 Book 1 §11.3, Book 3 §6.5.1) and what can be
 * read once a directory is selected. Selecting an application starts a
 * transaction: whatever the previous one had done is forgotten.
 */

const P1_BY_NAME = 0x04;
const P2_FIRST = 0x00;
const P2_NEXT = 0x02;

const asText = (bytes: Uint8Array) => String.fromCharCode(...bytes);

/** Whether the AID starts with the name given (partial selection, Book 1 §12.3.3). */
function startsWith(aid: Uint8Array, name: Uint8Array): boolean {
  return name.length <= aid.length && toHex(aid.subarray(0, name.length)) === toHex(name);
}

/** SELECT: the PSE, the PPSE, or an application by its AID or the start of it (first or next occurrence). */
export function select(card: CardState, command: CommandApdu): CardResponse {
  if (command.p1 !== P1_BY_NAME || (command.p2 !== P2_FIRST && command.p2 !== P2_NEXT)) return { sw: SW.INCORRECT_P1_P2 };
  const name = command.data;
  if (!name || name.length < 1 || name.length > 16) return { sw: SW.WRONG_LENGTH };
  if (card.blocked) {
    card.selection = undefined;
    return { sw: SW.FUNCTION_NOT_SUPPORTED };
  }
  const previous = card.selection;
  card.selection = undefined;
  const text = asText(name);
  if (text === PSE_NAME) {
    if (!card.profile.pse || command.p2 !== P2_FIRST) return { sw: SW.FILE_NOT_FOUND };
    card.selection = { kind: "pse" };
    return { data: pseFci(card.profile), sw: SW.OK };
  }
  if (text === PPSE_NAME) {
    if (!card.profile.ppse || command.p2 !== P2_FIRST) return { sw: SW.FILE_NOT_FOUND };
    card.selection = { kind: "ppse" };
    return { data: ppseFci(card.profile), sw: SW.OK };
  }
  // the next occurrence is the next matching application after the one selected last
  const after = command.p2 === P2_NEXT && previous?.kind === "application" ? previous.index : -1;
  const index = card.applications.findIndex((a, i) => i > after && startsWith(a.profile.aid, name));
  if (index < 0) return { sw: SW.FILE_NOT_FOUND };
  const app = card.applications[index];
  card.selection = { kind: "application", index, transaction: newTransaction(app) };
  return { data: applicationFci(app.profile), sw: app.blocked ? SW.SELECTED_FILE_INVALIDATED : SW.OK };
}

/** READ RECORD in the PSE: one directory entry per record. */
export function readDirectoryRecord(card: CardState, sfi: number, record: number): CardResponse {
  if (sfi !== DIRECTORY_SFI) return { sw: SW.FILE_NOT_FOUND };
  const app = card.applications[record - 1];
  return app ? { data: directoryRecord(app.profile), sw: SW.OK } : { sw: SW.RECORD_NOT_FOUND };
}
