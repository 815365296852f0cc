import type { Crypto } from "../../../modules/crypto/port.ts";
import { deriveIccMasterKey } from "../../../modules/emv/cryptogram.ts";
import { applicationFileLocator, panDigits } from "./card-data.ts";
import type { ApplicationProfile, CardProfile } from "./profile.ts";

/*
 * What the card remembers. An application's state is non-volatile (it
 * outlives a reset and a SELECT: counters, PIN, blocking, data that PUT
 * DATA changed); a transaction's state lives from the SELECT of the
 * application to the next SELECT or reset.
 */

/** The answer to one command: data (without SW1 SW2) and the status word. */
export interface CardResponse {
  data?: Uint8Array;
  sw: number;
}

/** The three application cryptograms (Book 3 §6.5.5, table 12). */
export type AcType = "AAC" | "TC" | "ARQC";

/** Cryptogram Information Data's type bits (Book 3 table 15). */
export const CID: Record<AcType, number> = { AAC: 0x00, TC: 0x40, ARQC: 0x80 };

/** One application's non-volatile state. */
export interface ApplicationState {
  profile: ApplicationProfile;
  /** the data objects, as PUT DATA leaves them */
  data: Map<string, Uint8Array>;
  afl: Uint8Array;
  atc: number;
  lastOnlineAtc: number;
  pin?: string;
  pinTriesLeft: number;
  blocked: boolean;
  /** ICC master key for application cryptograms (Book 2 A1.4), from the issuer master key */
  acMasterKey: Uint8Array;
  /** ICC master keys for secure messaging, when the card takes issuer scripts */
  macMasterKey?: Uint8Array;
  encMasterKey?: Uint8Array;
}

/** The Card Verification Results the card reports in its Issuer Application Data (README.md, "Issuer Application Data"). */
export interface CvrFlags {
  offlinePinPerformed: boolean;
  offlinePinFailed: boolean;
  issuerAuthenticationFailed: boolean;
  unableToGoOnline: boolean;
  dynamicAuthenticationPerformed: boolean;
  scriptCommands: number;
  scriptFailed: boolean;
}

/** One transaction, from SELECT to SELECT. */
export interface TransactionState {
  app: ApplicationState;
  /** the PDOL data of GET PROCESSING OPTIONS, once it succeeded */
  pdolData?: Uint8Array;
  cdol1Data?: Uint8Array;
  firstAc?: AcType;
  secondAc?: AcType;
  /** the ARQC and the session key it was made under, kept for issuer authentication and scripts */
  arqc?: Uint8Array;
  sessionKey?: Uint8Array;
  /** the unpredictable number of the last GET CHALLENGE, until a VERIFY uses it */
  challenge?: Uint8Array;
  issuerAuthentication: "none" | "passed" | "failed";
  cvr: CvrFlags;
}

/** What the card has selected. */
export type Selection = { kind: "pse" } | { kind: "ppse" } | { kind: "application"; index: number; transaction: TransactionState };

/** The whole card. */
export interface CardState {
  profile: CardProfile;
  crypto: Crypto;
  blocked: boolean;
  applications: ApplicationState[];
  selection?: Selection;
}

/** An application as the profile personalises it. */
export function newApplicationState(crypto: Crypto, profile: ApplicationProfile): ApplicationState {
  const pan = panDigits(profile.data.get("5A")!);
  const psnByte = profile.data.get("5F34");
  const psn = psnByte ? (psnByte[0] >> 4).toString() + (psnByte[0] & 15).toString() : "00";
  const state: ApplicationState = {
    profile,
    data: new Map(profile.data),
    afl: applicationFileLocator(profile.records),
    atc: profile.atc,
    lastOnlineAtc: profile.lastOnlineAtc,
    pinTriesLeft: profile.pin?.triesLeft ?? 0,
    blocked: profile.blocked,
    acMasterKey: deriveIccMasterKey(crypto, profile.cryptogram.imk, pan, psn, profile.cryptogram.masterKey),
  };
  if (profile.pin) state.pin = profile.pin.value;
  if (profile.issuerScripts) {
    state.macMasterKey = deriveIccMasterKey(crypto, profile.issuerScripts.imkMac, pan, psn, profile.cryptogram.masterKey);
    state.encMasterKey = deriveIccMasterKey(crypto, profile.issuerScripts.imkEnc, pan, psn, profile.cryptogram.masterKey);
  }
  return state;
}

/** A transaction begins: the application was just selected. */
export function newTransaction(app: ApplicationState): TransactionState {
  return {
    app,
    issuerAuthentication: "none",
    cvr: {
      offlinePinPerformed: false,
      offlinePinFailed: false,
      issuerAuthenticationFailed: false,
      unableToGoOnline: false,
      dynamicAuthenticationPerformed: false,
      scriptCommands: 0,
      scriptFailed: false,
    },
  };
}

/** A fresh card from its profile. */
export function newCardState(crypto: Crypto, profile: CardProfile): CardState {
  return { profile, crypto, blocked: profile.blocked, applications: profile.applications.map((a) => newApplicationState(crypto, a)) };
}
