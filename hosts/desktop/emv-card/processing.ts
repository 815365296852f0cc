import type { CommandApdu } from "../../../modules/iso7816/apdu.ts";
import { concat } from "../../../modules/core/bytes.ts";
import { encodeTlv, encodeTlvTree } from "../../../modules/emv/tlv.ts";
import { dolLength, encodeRecord, tagOfParameters } from "./card-data.ts";
import { readDirectoryRecord } from "./select.ts";
import type { CardResponse, CardState, TransactionState } from "./state.ts";
import { SW } from "./status.ts";

/*
 * GET PROCESSING OPTIONS, READ RECORD, GET DATA and GET CHALLENGE (EMV 4.4
 * Book 3 §6.5.8, §6.5.11, §6.5.7, §6.5.6).
 */

/** GET DATA answers these from the application's data when the profile has them (besides the counters). */
const DATA_FOR_GET_DATA = ["9F4F", "9F14", "9F23"];

/** The transaction of the selected application, if any. */
export function currentTransaction(card: CardState): TransactionState | undefined {
  return card.selection?.kind === "application" ? card.selection.transaction : undefined;
}

/**
 * GET PROCESSING OPTIONS: checks the PDOL data's length (command template
 * 83), then answers the AIP and AFL in format 1 (80) or 2 (77).
 */
export function getProcessingOptions(card: CardState, command: CommandApdu): CardResponse {
  if (command.p1 !== 0 || command.p2 !== 0) return { sw: SW.INCORRECT_P1_P2 };
  const tx = currentTransaction(card);
  if (!tx || tx.app.blocked || tx.pdolData) return { sw: SW.CONDITIONS_NOT_SATISFIED };
  const data = command.data ?? new Uint8Array(0);
  if (data.length < 2 || data[0] !== 0x83) return { sw: SW.WRONG_DATA };
  // the length field of 83: one byte, or 81 xx
  const long = data[1] === 0x81;
  const length = long ? data[2] : data[1];
  const value = data.subarray(long ? 3 : 2);
  if (value.length !== length || length !== dolLength(tx.app.profile.pdol)) return { sw: SW.WRONG_LENGTH };
  tx.pdolData = value.slice();
  const aip = tx.app.profile.aip;
  const answer =
    tx.app.profile.gpoFormat === 1
      ? encodeTlv("80", concat(aip, tx.app.afl))
      : encodeTlvTree([{ tag: "77", children: [{ tag: "82", value: aip }, { tag: "94", value: tx.app.afl }] }]);
  return { data: answer, sw: SW.OK };
}

/** READ RECORD: P1 the record, P2 the SFI in bits 8-4 and 100 in bits 3-1. */
export function readRecord(card: CardState, command: CommandApdu): CardResponse {
  if ((command.p2 & 0x07) !== 0x04 || command.p1 === 0) return { sw: SW.INCORRECT_P1_P2 };
  const sfi = command.p2 >> 3;
  const selection = card.selection;
  if (!selection || selection.kind === "ppse") return { sw: SW.NO_CURRENT_EF };
  if (selection.kind === "pse") return readDirectoryRecord(card, sfi, command.p1);
  const app = selection.transaction.app;
  const records = app.profile.records.filter((r) => r.sfi === sfi);
  if (records.length === 0) return { sw: SW.FILE_NOT_FOUND };
  const record = records.find((r) => r.record === command.p1);
  return record ? { data: encodeRecord(record, app.data), sw: SW.OK } : { sw: SW.RECORD_NOT_FOUND };
}

/** GET DATA: the ATC, the last online ATC register, the PIN Try Counter, and the few data objects the profile offers. */
export function getData(card: CardState, command: CommandApdu): CardResponse {
  const tx = currentTransaction(card);
  if (!tx) return { sw: SW.CONDITIONS_NOT_SATISFIED };
  const app = tx.app;
  const tag = tagOfParameters(command.p1, command.p2);
  const two = (n: number) => Uint8Array.of(n >> 8, n & 0xff);
  let value: Uint8Array | undefined;
  if (tag === "9F36") value = two(app.atc);
  else if (tag === "9F13") value = two(app.lastOnlineAtc);
  else if (tag === "9F17" && app.pin !== undefined) value = Uint8Array.of(app.pinTriesLeft);
  else if (DATA_FOR_GET_DATA.includes(tag)) value = app.data.get(tag);
  return value ? { data: encodeTlv(tag, value), sw: SW.OK } : { sw: SW.REFERENCED_DATA_NOT_FOUND };
}

/** GET CHALLENGE: an 8-byte unpredictable number, which the next enciphered PIN must carry. */
export function getChallenge(card: CardState, command: CommandApdu): CardResponse {
  if (command.p1 !== 0 || command.p2 !== 0) return { sw: SW.INCORRECT_P1_P2 };
  const tx = currentTransaction(card);
  if (!tx) return { sw: SW.CONDITIONS_NOT_SATISFIED };
  tx.challenge = card.crypto.random(8);
  return { data: tx.challenge.slice(), sw: SW.OK };
}
