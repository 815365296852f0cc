import type { CommandApdu } from "../../iso7816/apdu.ts";
import type { TlvNode } from "../tlv.ts";
import type { CardSession } from "./card-session.ts";
import { parseCardTlv, tryParseTlv } from "./card-tlv.ts";
import { terminate } from "./stop.ts";

/*
 * The commands of EMV 4.4 Book 3 §6.5 (and Book 1 §11.3 for SELECT), as
 * the kernel sends them. Le is '00' (all the card has) wherever the
 * command expects data back.
 */

/** Le '00': as many bytes as the card has, up to 256. */
const ALL = 256;

/** The DF name of the Payment System Environment (Book 1 §12.2.2). */
export const PSE_NAME = Uint8Array.of(0x31, 0x50, 0x41, 0x59, 0x2e, 0x53, 0x59, 0x53, 0x2e, 0x44, 0x44, 0x46, 0x30, 0x31);

/** SELECT by DF name, first or next occurrence (Book 1 §11.3.2: P1 04, P2 00 or 02). */
export function selectCommand(name: Uint8Array, next = false): CommandApdu {
  return { cla: 0x00, ins: 0xa4, p1: 0x04, p2: next ? 0x02 : 0x00, data: name, le: ALL };
}

/** READ RECORD of one record of a short file (Book 3 §6.5.11: P2 = SFI << 3 | 4). */
export function readRecordCommand(sfi: number, record: number): CommandApdu {
  return { cla: 0x00, ins: 0xb2, p1: record, p2: (sfi << 3) | 0x04, le: ALL };
}

/** GET PROCESSING OPTIONS with the Command Template 83 holding the PDOL data (Book 3 §6.5.8). */
export function gpoCommand(commandTemplate: Uint8Array): CommandApdu {
  return { cla: 0x80, ins: 0xa8, p1: 0x00, p2: 0x00, data: commandTemplate, le: ALL };
}

/** GET DATA of a two-byte tag: ATC 9F36, Last Online ATC 9F13, PIN Try Counter 9F17 (Book 3 §6.5.7). */
export function getDataCommand(tag: number): CommandApdu {
  return { cla: 0x80, ins: 0xca, p1: tag >> 8, p2: tag & 0xff, le: ALL };
}

/**
 * A data object's value by GET DATA (Book 3 §6.5.7), or `undefined` when
 * the card does not answer 9000 with that one object, `length` bytes long
 * (the counters read so are optional: a card without them is no error).
 */
export async function getData(session: CardSession, tag: string, length: number): Promise<Uint8Array | undefined> {
  const response = await session.transmit(getDataCommand(parseInt(tag, 16)));
  if (response.sw !== 0x9000) return undefined;
  const nodes = tryParseTlv(response.data);
  const node = nodes?.length === 1 ? nodes[0] : undefined;
  return node?.tag === tag && node.value.length === length ? node.value : undefined;
}

/**
 * The one data object a GENERATE AC, INTERNAL AUTHENTICATE or GET
 * PROCESSING OPTIONS response consists of (Book 3 §6.5.5.4, §6.5.9.4,
 * §6.5.8.4): format 1, a primitive 80, or format 2, a template 77.
 * Anything else ends the transaction.
 * @param what - names the response in the detail
 */
export function responseTemplate(data: Uint8Array, what: string): TlvNode {
  const nodes = parseCardTlv(data, what);
  if (nodes.length !== 1) terminate("format", `${what} is not one template`);
  const node = nodes[0];
  const format1 = node.tag === "80" && !node.children;
  const format2 = node.tag === "77" && node.children !== undefined;
  if (!format1 && !format2) terminate("format", `${what} is neither format 1 (80) nor format 2 (77)`);
  return node;
}

/** INTERNAL AUTHENTICATE with the DDOL data (Book 3 §6.5.9). */
export function internalAuthenticateCommand(ddolData: Uint8Array): CommandApdu {
  return { cla: 0x00, ins: 0x88, p1: 0x00, p2: 0x00, data: ddolData, le: ALL };
}

/** Reference control parameter bits of GENERATE AC (Book 3 §6.5.5.2 table 12). */
export const GENERATE_AC_P1 = { AAC: 0x00, TC: 0x40, ARQC: 0x80, cda: 0x10 } as const;

/** GENERATE AC with the CDOL data (Book 3 §6.5.5). */
export function generateAcCommand(p1: number, cdolData: Uint8Array): CommandApdu {
  return { cla: 0x80, ins: 0xae, p1, p2: 0x00, data: cdolData, le: ALL };
}

/** EXTERNAL AUTHENTICATE with the Issuer Authentication Data (91), no Le (Book 3 §6.5.4). */
export function externalAuthenticateCommand(issuerAuthenticationData: Uint8Array): CommandApdu {
  return { cla: 0x00, ins: 0x82, p1: 0x00, p2: 0x00, data: issuerAuthenticationData };
}

/** VERIFY qualifiers (Book 3 §6.5.12 table 23): plaintext and enciphered PIN. */
export const VERIFY_P2 = { plaintext: 0x80, enciphered: 0x88 } as const;

/** VERIFY of an offline PIN, no Le (Book 3 §6.5.12). */
export function verifyCommand(p2: number, data: Uint8Array): CommandApdu {
  return { cla: 0x00, ins: 0x20, p1: 0x00, p2, data };
}

/** GET CHALLENGE: 8 bytes of the card's randomness for enciphered PIN (Book 3 §6.5.6). */
export function getChallengeCommand(): CommandApdu {
  return { cla: 0x00, ins: 0x84, p1: 0x00, p2: 0x00, le: ALL };
}
