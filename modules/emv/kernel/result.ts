import { toHex } from "../../core/hex.ts";
import { compressedNumericDigits, numericDigits, printableText } from "../format.ts";
import type { TransactionContext } from "./context.ts";
import { de55 } from "./de55.ts";
import type { CardCryptogram } from "./generate-ac.ts";
import type { CardData, CryptogramType, DecisionPath, TransactionResult } from "./outcome.ts";
import { KernelStop } from "./stop.ts";
import type { EndApplicationOutcome, KernelOutcome, StatusAtEnd } from "./outcome.ts";

/** The card data for the authorization message. */
function cardData(ctx: TransactionContext): CardData {
  const out: CardData = { pan: compressedNumericDigits(ctx.card.get("5A")!) ?? "", expiry: numericDigits(ctx.card.get("5F24")!) ?? "" };
  const psn = ctx.card.get("5F34");
  const psnDigits = psn ? numericDigits(psn) : undefined;
  if (psnDigits !== undefined) out.panSequenceNumber = psnDigits;
  const track2 = ctx.card.get("57");
  if (track2) out.track2 = track2.slice();
  const name = ctx.card.get("5F20");
  const nameText = name ? printableText(name)?.trim() : undefined;
  if (nameText) out.cardholderName = nameText;
  return out;
}

/** Everything the terminal keeps of a transaction that reached GENERATE AC. */
export function transactionResult(ctx: TransactionContext, requested: CryptogramType, card: CardCryptogram, scriptResults?: Uint8Array): TransactionResult {
  const candidate = ctx.candidate;
  const result: TransactionResult = {
    aid: toHex(ctx.card.get("84") ?? candidate.adfName),
    tvr: ctx.tvr.slice(),
    tsi: ctx.tsi.slice(),
    cvmResults: ctx.cvmResults.slice(),
    requested,
    cid: card.cid,
    cryptogram: ctx.card.get("9F26")?.slice() ?? new Uint8Array(0),
    atc: ctx.card.get("9F36")!.slice(),
    adviceRequired: (card.cid & 0x08) !== 0,
    de55: de55(ctx, scriptResults),
    odaMethod: ctx.odaMethod,
    signatureRequired: ctx.signatureRequired,
    onlinePin: ctx.onlinePin,
    card: cardData(ctx),
  };
  const label = candidate.preferredName ?? candidate.label;
  if (label !== undefined) result.label = label;
  const arc = ctx.terminal.get("8A");
  if (arc) result.authorisationResponseCode = String.fromCharCode(arc[0], arc[1]);
  if (scriptResults) result.issuerScriptResults = scriptResults;
  return result;
}

/**
 * The outcome of a cryptogram that decided the transaction: approved for a
 * TC, declined otherwise, and declined whatever the card said when CDA
 * failed (Book 2 §6.6.2).
 */
export function decidedOutcome(ctx: TransactionContext, path: DecisionPath, requested: CryptogramType, card: CardCryptogram, cdaFailed: boolean, scriptResults?: Uint8Array): KernelOutcome {
  const result = transactionResult(ctx, requested, card, scriptResults);
  if (card.type === "TC" && !cdaFailed) return { kind: "approved", path, ...result };
  return { kind: "declined", path, ...(cdaFailed ? { cdaFailed: true } : {}), ...result };
}

/** The TVR, TSI and CVM Results once GET PROCESSING OPTIONS has passed; none before (see {@link StatusAtEnd}). */
function statusAtEnd(ctx: TransactionContext): StatusAtEnd {
  if (ctx.step === "selection" || ctx.step === "initiation") return {};
  return { tvr: ctx.tvr.slice(), tsi: ctx.tsi.slice(), cvmResults: ctx.cvmResults.slice() };
}

/** The outcome of a transaction a step ended. */
export function stoppedOutcome(ctx: TransactionContext, stop: KernelStop): KernelOutcome {
  const step = ctx.step;
  if (stop.kind === "card-removed") return { kind: stop.kind, step, ...statusAtEnd(ctx) };
  if (stop.kind !== "end-application") return { kind: "cancelled", step, cause: stop.kind === "timed-out" ? "timeout" : "cancel", ...statusAtEnd(ctx) };
  const outcome: EndApplicationOutcome = {
    kind: "end-application",
    step,
    ...statusAtEnd(ctx),
    reason: stop.reason,
    detail: stop.detail,
    // before an application is under way the chip simply could not be used; a blocked card, or applications
    // the card itself refused (6283 blocked, 6985 at GET PROCESSING OPTIONS), is a working chip, not a failure to read it
    fallback: (step === "selection" || step === "initiation") && stop.reason !== "card-blocked" && stop.fallback !== false,
  };
  if (stop.sw !== undefined) outcome.sw = stop.sw;
  return outcome;
}
