import type { CommandApdu } from "../../../modules/iso7816/apdu.ts";
import { concat, constantTimeEqual, wipe } from "../../../modules/core/bytes.ts";
import { retailMac } from "../../../modules/crypto/iso9797-mac.ts";
import type { Crypto } from "../../../modules/crypto/port.ts";
import { commonSessionKey } from "../../../modules/emv/cryptogram.ts";
import { tagOfParameters } from "./card-data.ts";
import { currentTransaction } from "./processing.ts";
import type { ScriptCommandName } from "./profile.ts";
import type { CardResponse, CardState, TransactionState } from "./state.ts";
import { SW } from "./status.ts";
import { pinFromFormat2Block } from "./verify.ts";

/*
 * Issuer script commands (EMV 4.4 Book 3 §6.5: APPLICATION BLOCK,
 * APPLICATION UNBLOCK, CARD BLOCK, PIN CHANGE/UNBLOCK, PUT DATA) under
 * secure messaging for integrity (Book 2 §9.2, format 2: the MAC is the
 * last bytes of the data field). The card knows only the commands its
 * profile lists, answers each the status word the profile gives, and
 * applies it only when that is 9000. Session keys are the common session
 * key (Book 2 A1.3.1) with R the ARQC of this transaction; README.md
 * ("Issuer scripts") gives the MAC input and the PIN encipherment.
 */

const INS: Record<number, ScriptCommandName | "pin"> = { 0x1e: "applicationBlock", 0x18: "applicationUnblock", 0x16: "cardBlock", 0x24: "pin", 0xda: "putData" };
const PIN_UNBLOCK = 0x00;
const PIN_CHANGE_WITHOUT_CURRENT = 0x02;

/** The command's name, by INS (and P2 for PIN CHANGE/UNBLOCK); undefined for what this card cannot take. */
function commandName(command: CommandApdu): ScriptCommandName | undefined {
  const name = INS[command.ins];
  if (name !== "pin") return name;
  if (command.p2 === PIN_UNBLOCK) return "pinUnblock";
  if (command.p2 === PIN_CHANGE_WITHOUT_CURRENT) return "pinChange";
  return undefined;
}

/** Whether this is an issuer script command the card could know (secure messaging class, a script INS). */
export function isScriptCommand(command: CommandApdu): boolean {
  return (command.cla === 0x84 || (command.cla === 0x04 && command.ins === 0xda)) && INS[command.ins] !== undefined;
}

/**
 * The MAC of a script command: ISO/IEC 9797-1 algorithm 3 (DES), padding
 * method 2, over the header CLA INS P1 P2 Lc (Lc counting the MAC), the
 * ATC, the ARQC and the plain command data; its leftmost `length` bytes.
 * @param sessionKey - the integrity session key, 16 bytes
 */
export function scriptCommandMac(crypto: Crypto, sessionKey: Uint8Array, header: Uint8Array, atc: Uint8Array, arqc: Uint8Array, plain: Uint8Array, length: number): Uint8Array {
  return retailMac(crypto, sessionKey, concat(header, atc, arqc, plain), 2).slice(0, length);
}

/**
 * The new PIN's block of PIN CHANGE: TDES CBC with a zero IV under the
 * confidentiality session key, one block, no padding (format 2 fills it).
 */
export function decipherPinBlock(crypto: Crypto, sessionKey: Uint8Array, enciphered: Uint8Array): Uint8Array {
  return crypto.blockDecrypt("TDES", "CBC", sessionKey, enciphered);
}

function commandMac(card: CardState, tx: TransactionState, command: CommandApdu, plain: Uint8Array, length: number): Uint8Array {
  const key = commonSessionKey(card.crypto, tx.app.macMasterKey!, tx.arqc!);
  const header = Uint8Array.of(command.cla, command.ins, command.p1, command.p2, command.data!.length);
  const atc = Uint8Array.of(tx.app.atc >> 8, tx.app.atc & 0xff);
  const mac = scriptCommandMac(card.crypto, key, header, atc, tx.arqc!, plain, length);
  wipe(key);
  return mac;
}

function newPin(card: CardState, tx: TransactionState, enciphered: Uint8Array): string | undefined {
  if (enciphered.length !== 8) return undefined;
  const key = commonSessionKey(card.crypto, tx.app.encMasterKey!, tx.arqc!);
  const block = decipherPinBlock(card.crypto, key, enciphered);
  const pin = pinFromFormat2Block(block);
  wipe(key, block);
  return pin;
}

/** One issuer script command. */
export function issuerScriptCommand(card: CardState, command: CommandApdu): CardResponse {
  const tx = currentTransaction(card);
  const scripts = tx?.app.profile.issuerScripts;
  const name = commandName(command);
  if (!tx || !scripts || name === undefined || !scripts.commands.has(name)) return { sw: SW.INS_NOT_SUPPORTED };
  if (!tx.arqc) return { sw: SW.CONDITIONS_NOT_SATISFIED };
  tx.cvr.scriptCommands++;
  const answer = run(card, tx, command, name, scripts.commands.get(name)!, scripts.macLength);
  if (answer.sw !== SW.OK) tx.cvr.scriptFailed = true;
  return answer;
}

function run(card: CardState, tx: TransactionState, command: CommandApdu, name: ScriptCommandName, status: number, macLength: number): CardResponse {
  const data = command.data ?? new Uint8Array(0);
  if (data.length < macLength) return { sw: SW.WRONG_LENGTH };
  const plain = data.subarray(0, data.length - macLength);
  if (!constantTimeEqual(commandMac(card, tx, command, plain, macLength), data.subarray(data.length - macLength))) return { sw: SW.SECURE_MESSAGING_INCORRECT };
  if (status !== SW.OK) return { sw: status };
  const app = tx.app;
  switch (name) {
    case "applicationBlock":
      app.blocked = true;
      break;
    case "applicationUnblock":
      app.blocked = false;
      break;
    case "cardBlock":
      card.blocked = true;
      break;
    case "pinUnblock":
      if (app.pin === undefined) return { sw: SW.REFERENCED_DATA_NOT_FOUND };
      app.pinTriesLeft = app.profile.pin!.tryLimit;
      break;
    case "pinChange": {
      if (app.pin === undefined) return { sw: SW.REFERENCED_DATA_NOT_FOUND };
      const pin = newPin(card, tx, plain);
      if (pin === undefined) return { sw: SW.WRONG_DATA };
      app.pin = pin;
      app.pinTriesLeft = app.profile.pin!.tryLimit;
      break;
    }
    case "putData": {
      app.data.set(tagOfParameters(command.p1, command.p2), plain.slice());
      break;
    }
  }
  return { sw: SW.OK };
}
