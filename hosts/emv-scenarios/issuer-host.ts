/**
 * The issuer's side of a scenario's authorization: the runner plays the
 * card's issuer with the keys of the card's profile. From the request's
 * DE 55 it rebuilds the CDOL1 data the ARQC covers and checks the ARQC
 * (EMV 4.4 Book 2 §8.1, through modules/emv/issuer), answers with the
 * Authorisation Response Code, the Issuer Authentication Data (ARPC
 * method 1 or 2 as the card's profile says, §8.2) and the issuer scripts
 * the scenario asks for, each command under secure messaging for
 * integrity (Book 2 §9.2: MAC over the header, ATC, ARQC and data, under
 * the session key derived with the ARQC, as hosts/desktop/emv-card's
 * README gives the card's convention).
 */
import { concat, wipe } from "../../modules/core/bytes.ts";
import { fromHex } from "../../modules/core/hex.ts";
import type { Crypto } from "../../modules/crypto/port.ts";
import { retailMac } from "../../modules/crypto/iso9797-mac.ts";
import { buildDolData, parseDol } from "../../modules/emv/dol.ts";
import { arpcMethod1, arpcMethod2, commonSessionKey, deriveIccMasterKey, emvSessionKey, verifyApplicationCryptogram } from "../../modules/emv/cryptogram.ts";
import type { HostAnswer } from "../../modules/emv/kernel/online-processing.ts";
import type { OnlineOutcome } from "../../modules/emv/kernel/outcome.ts";
import { encodeTlvTree, parseTlv } from "../../modules/emv/tlv.ts";
import type { ApplicationProfile } from "../desktop/emv-card/profile.ts";
import type { HostSpec, ScriptCommandSpec } from "./scenario.ts";

/** Card Status Update of ARPC method 2 (Book 2 §8.2.2): four bytes the card does not interpret here. */
const CSU = new Uint8Array(4);

/** Script command headers (CLA INS P1 P2) with secure messaging (Book 3 §6.5, CLA 84). */
const HEADERS: Record<string, number[]> = {
  applicationBlock: [0x84, 0x1e, 0x00, 0x00],
  applicationUnblock: [0x84, 0x18, 0x00, 0x00],
  cardBlock: [0x84, 0x16, 0x00, 0x00],
  pinUnblock: [0x84, 0x24, 0x00, 0x00],
  pinChange: [0x84, 0x24, 0x00, 0x02],
};

/** What the issuer made of the request and answered. */
export interface IssuerReply {
  answer: HostAnswer;
  /** whether the ARQC is the one the issuer computes */
  arqcValid: boolean;
}

function tagValues(de55: Uint8Array): Map<string, Uint8Array> {
  return new Map(parseTlv(de55).map((o) => [o.tag, o.value]));
}

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** One script command: its APDU with the MAC appended, or the raw APDU given. */
function scriptCommand(crypto: Crypto, app: ApplicationProfile, spec: ScriptCommandSpec, macKey: Uint8Array, encKey: Uint8Array, atc: Uint8Array, arqc: Uint8Array): Uint8Array {
  if (spec.apdu) return fromHex(spec.apdu);
  const macLength = app.issuerScripts?.macLength ?? 8;
  let header: number[];
  let plain: Uint8Array;
  if (spec.command === "putData") {
    const tag = fromHex(spec.tag!);
    header = [0x04, 0xda, tag[0], tag[1]];
    plain = fromHex(spec.data!);
  } else if (spec.command === "pinChange") {
    header = HEADERS.pinChange;
    // ISO 9564-1 format 2 block of the new PIN, enciphered TDES CBC with a zero IV under the confidentiality session key
    const nibbles = [2, spec.newPin!.length, ...Array.from(spec.newPin!, (c) => c.charCodeAt(0) - 48)];
    while (nibbles.length < 16) nibbles.push(15);
    const block = Uint8Array.from({ length: 8 }, (_, i) => (nibbles[2 * i] << 4) | nibbles[2 * i + 1]);
    plain = crypto.blockEncrypt("TDES", "CBC", encKey, block, new Uint8Array(8));
    wipe(block);
    nibbles.fill(0);
  } else {
    header = HEADERS[spec.command!];
    plain = new Uint8Array(0);
  }
  const lc = plain.length + macLength;
  const mac = retailMac(crypto, macKey, concat(Uint8Array.of(...header, lc), atc, arqc, plain), 2).slice(0, macLength);
  if (spec.mac === "wrong") mac[0] ^= 0x01;
  return concat(Uint8Array.of(...header, lc), plain, mac);
}

/**
 * The issuer's answer to an online request, as the scenario's host spec
 * says (approve, decline; unreachable is not asked here).
 */
export function issuerReply(crypto: Crypto, app: ApplicationProfile, online: OnlineOutcome, spec: HostSpec): IssuerReply {
  const values = tagValues(online.de55);
  const pan = online.card.pan;
  const psn = online.card.panSequenceNumber ?? "00";
  const mk = deriveIccMasterKey(crypto, app.cryptogram.imk, pan, psn, app.cryptogram.masterKey);
  const atc = values.get("9F36") ?? online.atc;
  const sessionKey = emvSessionKey(crypto, mk, atc);
  const cdol1 = app.data.get("8C")!;
  const cdol1Data = buildDolData(cdol1, values).data;
  const parts: Record<string, Uint8Array | undefined> = { "82": values.get("82"), "9F36": atc, "9F10": values.get("9F10") };
  const acData = concat(cdol1Data, ...app.cryptogram.acData.map((tag) => parts[tag] ?? new Uint8Array(0)));
  const arqc = online.cryptogram;
  const arqcValid = verifyApplicationCryptogram(crypto, sessionKey, acData, arqc);

  const approved = spec.answer === "approve";
  const responseCode = spec.responseCode ?? (approved ? "00" : "05");
  const answer: HostAnswer = { kind: "host", approved, responseCode };
  const ia = spec.issuerAuthentication ?? "valid";
  if (ia !== "none") {
    const key = app.cryptogram.arpcKey === "master-key" ? mk : sessionKey;
    let data: Uint8Array;
    if (app.cryptogram.arpcMethod === 2) data = concat(arpcMethod2(crypto, key, arqc, CSU), CSU);
    else data = concat(arpcMethod1(crypto, key, arqc, ascii(responseCode)), ascii(responseCode));
    if (ia === "wrong") data[0] ^= 0x01;
    answer.issuerAuthenticationData = data;
  }
  if (spec.scripts?.length) {
    const scripts = app.issuerScripts;
    const macMk = deriveIccMasterKey(crypto, scripts?.imkMac ?? app.cryptogram.imk, pan, psn, app.cryptogram.masterKey);
    const encMk = deriveIccMasterKey(crypto, scripts?.imkEnc ?? app.cryptogram.imk, pan, psn, app.cryptogram.masterKey);
    const macKey = commonSessionKey(crypto, macMk, arqc);
    const encKey = commonSessionKey(crypto, encMk, arqc);
    answer.issuerScripts = encodeTlvTree(
      spec.scripts.map((s) => ({
        tag: s.template,
        children: [
          ...(s.id ? [{ tag: "9F18", value: fromHex(s.id) }] : []),
          ...s.commands.map((c) => ({ tag: "86", value: scriptCommand(crypto, app, c, macKey, encKey, atc, arqc) })),
        ],
      })),
    );
    wipe(macMk, encMk, macKey, encKey);
  }
  wipe(mk, sessionKey);
  return { answer, arqcValid };
}


/**
 * The issuer's check of a TC a terminal uploads after the second GENERATE
 * AC (its DE 55): the CDOL2 data rebuilt from the objects DE 55 carries,
 * then the card's further data (AIP, ATC, IAD as the profile lists them),
 * under the session key of the ATC (Book 2 §8.1), as the card computed
 * it. Undefined when DE 55 lacks the TC or an object CDOL2 names.
 */
export function issuerTcValid(crypto: Crypto, app: ApplicationProfile, de55: Uint8Array, pan: string, panSequence: string): boolean | undefined {
  const values = tagValues(de55);
  const tc = values.get("9F26");
  const atc = values.get("9F36");
  const cdol2 = app.data.get("8D");
  if (!tc || !atc || !cdol2 || parseDol(cdol2).some((e) => !values.has(e.tag))) return undefined;
  const mk = deriveIccMasterKey(crypto, app.cryptogram.imk, pan, panSequence, app.cryptogram.masterKey);
  const sessionKey = emvSessionKey(crypto, mk, atc);
  const parts: Record<string, Uint8Array | undefined> = { "82": values.get("82"), "9F36": atc, "9F10": values.get("9F10") };
  const data = concat(buildDolData(cdol2, values).data, ...app.cryptogram.acData.map((tag) => parts[tag] ?? new Uint8Array(0)));
  const valid = verifyApplicationCryptogram(crypto, sessionKey, data, tc);
  wipe(mk, sessionKey);
  return valid;
}
