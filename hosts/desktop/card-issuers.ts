/**
 * The issuers of the simulator's chip cards, for the acquirer emulator:
 * each card profile carries its issuer master key and its cryptogram
 * conventions (hosts/desktop/emv-card/README.md), so the emulator checks
 * each card's ARQC and answers its ARPC the way that card's issuer
 * would — the scenario runner's issuer (hosts/emv-scenarios/issuer-host.ts)
 * does the work. Node only.
 */
import { toHex } from "../../modules/core/hex.ts";
import type { OnlineOutcome } from "../../modules/emv/kernel/outcome.ts";
import { parseTlv } from "../../modules/emv/tlv.ts";
import { NodeCrypto } from "../node/node-crypto.ts";
import { issuerReply } from "../emv-scenarios/issuer-host.ts";
import type { ScriptSpec } from "../emv-scenarios/scenario.ts";
import type { ApplicationProfile } from "./emv-card/profile.ts";
import { loadTestCard } from "./emv-card/test-cards.ts";

/** The PAN of an application of a profile (5A, BCD, F-padded). */
export function profilePan(app: ApplicationProfile): string | undefined {
  const pan = app.data.get("5A");
  return pan ? toHex(pan).replace(/F+$/, "") : undefined;
}

/**
 * The emulator's `issuer` option for the named test cards: the ARQC of a
 * known PAN is checked with its profile's keys; an invalid one is
 * answered 05 in its ARPC.
 */
export function cardIssuers(names: string[]): (de55: Uint8Array, pan: string, panSequence: string, responseCode: string) => { valid: boolean; issuerAuthenticationData?: Uint8Array; arpcMethod: 1 | 2 } | undefined {
  const crypto = new NodeCrypto();
  const byPan = new Map<string, ApplicationProfile>();
  for (const name of names) {
    for (const app of loadTestCard(name).applications) {
      const pan = profilePan(app);
      if (pan) byPan.set(pan, app);
    }
  }
  return (de55, pan, panSequence, responseCode) => {
    const app = byPan.get(pan);
    if (!app) return undefined;
    const tags = new Map(parseTlv(de55).map((o) => [o.tag, o.value]));
    const arqc = tags.get("9F26");
    const atc = tags.get("9F36");
    const arpcMethod = app.cryptogram.arpcMethod === 2 ? 2 : 1;
    if (!arqc || !atc) return { valid: false, arpcMethod };
    // the request as the issuer sees it: DE55's objects, the card's PAN and sequence number, its ATC and ARQC
    const online = { de55, card: { pan, panSequenceNumber: panSequence }, atc, cryptogram: arqc } as unknown as OnlineOutcome;
    const first = issuerReply(crypto, app, online, { answer: responseCode === "00" ? "approve" : "decline", responseCode });
    const reply = first.arqcValid ? first : issuerReply(crypto, app, online, { answer: "decline", responseCode: "05" });
    const data = reply.answer.kind === "host" ? reply.answer.issuerAuthenticationData : undefined;
    return { valid: first.arqcValid, arpcMethod, ...(data ? { issuerAuthenticationData: data } : {}) };
  };
}

/**
 * The emulator's `issuerScripts` option for the cards that name scripts:
 * the templates 71/72 their issuer adds to an approval of a known PAN,
 * each command under secure messaging with the card's MAC keys and the
 * request's ARQC and ATC (hosts/emv-scenarios/issuer-host.ts builds them);
 * undefined for any other PAN.
 */
export function cardIssuerScripts(cards: readonly { profile?: string; issuerScripts?: ScriptSpec[] }[]): (de55: Uint8Array, pan: string, panSequence: string) => Uint8Array | undefined {
  const crypto = new NodeCrypto();
  const byPan = new Map<string, { app: ApplicationProfile; scripts: ScriptSpec[] }>();
  for (const card of cards) {
    if (!card.profile || !card.issuerScripts?.length) continue;
    for (const app of loadTestCard(card.profile).applications) {
      const pan = profilePan(app);
      if (pan) byPan.set(pan, { app, scripts: card.issuerScripts });
    }
  }
  return (de55, pan, panSequence) => {
    const known = byPan.get(pan);
    if (!known) return undefined;
    const tags = new Map(parseTlv(de55).map((o) => [o.tag, o.value]));
    const arqc = tags.get("9F26");
    const atc = tags.get("9F36");
    if (!arqc || !atc) return undefined;
    const online = { de55, card: { pan, panSequenceNumber: panSequence }, atc, cryptogram: arqc } as unknown as OnlineOutcome;
    const reply = issuerReply(crypto, known.app, online, { answer: "approve", issuerAuthentication: "none", scripts: known.scripts });
    return reply.answer.kind === "host" ? reply.answer.issuerScripts : undefined;
  };
}
