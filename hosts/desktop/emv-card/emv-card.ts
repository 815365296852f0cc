import type { CommandApdu } from "../../../modules/iso7816/apdu.ts";
import type { Crypto } from "../../../modules/crypto/port.ts";
import { toHex } from "../../../modules/core/hex.ts";
import type { CardApplication } from "../virtual-card.ts";
import { verify } from "./verify.ts";
import { EmvCardError } from "./error.ts";
import { externalAuthenticate, generateAc } from "./generate-ac.ts";
import { internalAuthenticate } from "./dynamic-signature.ts";
import { isScriptCommand, issuerScriptCommand } from "./issuer-script.ts";
import { getChallenge, getData, getProcessingOptions, readRecord } from "./processing.ts";
import { loadCardProfile, type LoadOptions } from "./profile-reader.ts";
import type { CardProfile } from "./profile.ts";
import { select } from "./select.ts";
import { newCardState, type CardResponse, type CardState } from "./state.ts";
import { SW } from "./status.ts";

/** Options of {@link createEmvCard}. */
export interface EmvCardOptions {
  /** block ciphers, SHA-1 and the random source (ICC Dynamic Numbers, GET CHALLENGE) */
  crypto: Crypto;
}

/** What the card says of one application's counters and state, for tests and the simulator. */
export interface ApplicationStatus {
  aid: string;
  atc: number;
  lastOnlineAtc: number;
  /** the PIN Try Counter; undefined without an offline PIN */
  pinTriesLeft?: number;
  blocked: boolean;
}

type Handler = (card: CardState, command: CommandApdu) => CardResponse;

/** The commands by CLA and INS (EMV 4.4 Book 3 §6.3 table 9). */
const HANDLERS: Record<string, Handler> = {
  "00A4": select,
  "00B2": readRecord,
  "80A8": getProcessingOptions,
  "80CA": getData,
  "0084": getChallenge,
  "0088": internalAuthenticate,
  "0020": verify,
  "80AE": generateAc,
  "0082": externalAuthenticate,
};
const KNOWN_INS = new Set(Object.keys(HANDLERS).map((k) => k.slice(2)));

/**
 * A virtual EMV chip card: the issuer's side of a contact transaction,
 * played from a card profile. `process` answers one command APDU;
 * `application` is the same function in the shape the byte-level virtual
 * card (hosts/desktop/virtual-card.ts) takes, so the card can sit behind
 * T=0 or T=1 in a virtual slot. Counters, PIN tries and blocking persist
 * across transactions for the card's lifetime.
 */
export class EmvCard {
  readonly profile: CardProfile;
  /** {@link EmvCard.process} as the virtual card's pluggable application */
  readonly application: CardApplication;
  #state: CardState;
  #commands = 0;

  constructor(profile: CardProfile, options: EmvCardOptions) {
    this.profile = profile;
    this.#state = newCardState(options.crypto, profile);
    this.application = (command) => this.process(command);
  }

  /** Commands answered since the card was made. */
  get commandCount(): number {
    return this.#commands;
  }

  /** Whether the card has left the reader (the profile's `removeAfterCommand` reached). */
  get removed(): boolean {
    return this.profile.removeAfterCommand !== undefined && this.#commands >= this.profile.removeAfterCommand;
  }

  /** Whether the card is blocked (its profile, or a CARD BLOCK script). */
  get blocked(): boolean {
    return this.#state.blocked;
  }

  /**
   * Answers one command APDU.
   * @throws EmvCardError `CARD_REMOVED` once the card has left the reader
   */
  process(command: CommandApdu): CardResponse {
    if (this.removed) throw new EmvCardError("CARD_REMOVED", "", `the card left the reader after command ${this.profile.removeAfterCommand}`);
    const answer = this.#dispatch(command);
    this.#commands++;
    return answer;
  }

  /** A reset (cold or warm): the transaction and the selection end; counters and PIN state stay. */
  reset(): void {
    this.#state.selection = undefined;
  }

  /** One application's counters, by AID (hex), or the first application's. */
  status(aid?: string): ApplicationStatus {
    const app = aid === undefined ? this.#state.applications[0] : this.#state.applications.find((a) => toHex(a.profile.aid) === aid.toUpperCase());
    if (!app) throw new EmvCardError("CARD_PROFILE_DATA", "applications", "no application has this AID");
    const out: ApplicationStatus = { aid: toHex(app.profile.aid), atc: app.atc, lastOnlineAtc: app.lastOnlineAtc, blocked: app.blocked };
    if (app.pin !== undefined) out.pinTriesLeft = app.pinTriesLeft;
    return out;
  }

  #dispatch(command: CommandApdu): CardResponse {
    if (isScriptCommand(command)) return issuerScriptCommand(this.#state, command);
    const key = toHex(Uint8Array.of(command.cla, command.ins));
    const handler = HANDLERS[key];
    if (handler) return handler(this.#state, command);
    return { sw: KNOWN_INS.has(key.slice(2)) ? SW.CLA_NOT_SUPPORTED : SW.INS_NOT_SUPPORTED };
  }
}

/**
 * A card from a validated profile.
 * @throws EmvError `EMV_KEY`, `EMV_DATA` only if the profile escaped validation (keys of the wrong length)
 */
export function createEmvCard(profile: CardProfile, options: EmvCardOptions): EmvCard {
  return new EmvCard(profile, options);
}

/**
 * A card from a profile's parsed JSON.
 * @throws EmvCardError as `loadCardProfile`
 */
export function createEmvCardFromJson(json: unknown, options: EmvCardOptions & LoadOptions): EmvCard {
  return new EmvCard(loadCardProfile(json, options), options);
}
