import { isLettersDigitsAndSpaces } from "../../core/chars.ts";
import type { TerminalConfig } from "../../config/types.ts";
import type { Crypto } from "../../crypto/port.ts";
import type { ApduTransport } from "../../iso7816/transport.ts";
import { EmvError } from "../error.ts";
import { buildCandidateList, finalSelection, removeCandidate, type SelectionHistory } from "./application-selection.ts";
import { odaTables, type OdaTables } from "./card-keys.ts";
import { CardSession } from "./card-session.ts";
import { cardholderVerification } from "./cardholder-verification.ts";
import { TransactionContext } from "./context.ts";
import { generateAc } from "./generate-ac.ts";
import { initiateApplicationProcessing } from "./initiate-processing.ts";
import { offlineDataAuthentication } from "./offline-data-authentication.ts";
import { arcBytes, completeTransaction, type HostAnswer } from "./online-processing.ts";
import type { KernelOutcome } from "./outcome.ts";
import type { ApduTrace, CardholderPort } from "./ports.ts";
import { processingRestrictions } from "./processing-restrictions.ts";
import { readApplicationData } from "./read-application-data.ts";
import { decidedOutcome, stoppedOutcome, transactionResult } from "./result.ts";
import { setBit, TVR } from "./status-bits.ts";
import { KernelStop, terminate } from "./stop.ts";
import { connectivity, terminalActionAnalysis } from "./terminal-action-analysis.ts";
import { terminalRiskManagement } from "./terminal-risk-management.ts";
import { checkTransaction, type EmvTransaction } from "./transaction.ts";

/** What the kernel is built with. */
export interface EmvKernelOptions {
  /** the card reader (the contact slot) */
  transport: ApduTransport;
  /** randomness (Unpredictable Number, random selection, PIN padding), SHA-1 and RSA for ODA */
  crypto: Crypto;
  /** the validated terminal configuration (modules/config) */
  config: TerminalConfig;
  /** application choice and PIN entry */
  cardholder: CardholderPort;
  /** receives every APDU exchanged, VERIFY's data zeroed */
  trace?: ApduTrace;
}

/** An Authorisation Response Code: two characters of the an format. */

function refuse(message: string): never {
  throw new EmvError("EMV_KERNEL_INPUT", message);
}

/**
 * The EMV contact kernel (EMV 4.4 Books 1, 3 and 4): one transaction at a
 * time, from application selection to completion. `start` runs it up to
 * the first GENERATE AC and returns the outcome; when that is `online`,
 * the terminal sends the authorization and calls `complete` with the
 * host's answer (or its absence). Outcomes are values: the kernel throws
 * only when it is misused.
 */
export class EmvKernel {
  #options: EmvKernelOptions;
  #tables: OdaTables;
  #pending: { ctx: TransactionContext; session: CardSession } | undefined;

  /** @throws EmvError `EMV_KERNEL_INPUT` when a port is missing */
  constructor(options: EmvKernelOptions) {
    if (!options?.transport || !options.crypto || !options.config || typeof options.cardholder?.enterPin !== "function") {
      refuse("the kernel needs a transport, a crypto port, a configuration and a cardholder port with enterPin");
    }
    this.#options = options;
    this.#tables = odaTables(options.config);
  }

  /**
   * Runs a transaction from application selection to the first GENERATE
   * AC (and, for an offline-only terminal, to its end).
   * @throws EmvError `EMV_KERNEL_INPUT` for a transaction the kernel cannot run, or a port answering out of its contract
   */
  async start(transaction: EmvTransaction): Promise<KernelOutcome> {
    checkTransaction(transaction);
    this.abort();
    const { config, crypto, transport, trace } = this.#options;
    const ctx = new TransactionContext(config, transaction, crypto);
    const session = new CardSession(transport, trace);
    let keep = false;
    try {
      const outcome = await this.#run(ctx, session);
      if (outcome.kind === "online") {
        this.#pending = { ctx, session };
        keep = true;
      }
      return outcome;
    } catch (e) {
      if (e instanceof KernelStop) return stoppedOutcome(ctx, e);
      throw e;
    } finally {
      if (!keep) session.close();
    }
  }

  /**
   * Completes a transaction `start` left `online`: issuer authentication,
   * scripts, second GENERATE AC (Book 3 §10.9, §10.10 scripts, §10.11 completion).
   * @throws EmvError `EMV_KERNEL_STATE` when no transaction awaits completion; `EMV_KERNEL_INPUT` for a malformed answer
   */
  complete(answer: HostAnswer): Promise<KernelOutcome> {
    const pending = this.#pending;
    try {
      if (!pending) throw new EmvError("EMV_KERNEL_STATE", "complete() follows a start() whose outcome was online");
      if (answer?.kind === "host") {
        if (typeof answer.approved !== "boolean") refuse("approved is true or false");
        if (typeof answer.responseCode !== "string" || !isLettersDigitsAndSpaces(answer.responseCode, 2, 2)) refuse("responseCode is two letters or digits");
        if (answer.issuerAuthenticationData !== undefined && !(answer.issuerAuthenticationData instanceof Uint8Array)) refuse("issuerAuthenticationData is bytes");
        if (answer.issuerScripts !== undefined && !(answer.issuerScripts instanceof Uint8Array)) refuse("issuerScripts is bytes");
      } else if (answer?.kind !== "unable-to-go-online") refuse("the answer is a host answer or unable-to-go-online");
    } catch (e) {
      return Promise.reject(e);
    }
    this.#pending = undefined;
    const { ctx, session } = pending;
    // handlers that return values, not an async function: its saved frame, or its promise adopting this one, would be held while the card computes
    return this.#finish(ctx, session, answer).then(
      (outcome) => {
        session.close();
        return outcome;
      },
      (e: unknown) => {
        session.close();
        if (e instanceof KernelStop) return stoppedOutcome(ctx, e);
        throw e;
      },
    );
  }

  /** Drops a transaction waiting for `complete` (the terminal gave up on it). */
  abort(): void {
    this.#pending?.session.close();
    this.#pending = undefined;
  }

  async #run(ctx: TransactionContext, session: CardSession): Promise<KernelOutcome> {
    const { config, crypto, cardholder } = this.#options;
    const history: SelectionHistory = { refused: false };
    const list = await buildCandidateList(session, config.aids, history);
    if (!list.length) terminate("no-application", "the card has no application the terminal supports", undefined, !history.refused);
    let retry = false;
    for (;;) {
      ctx.step = "selection";
      const { candidate, fci } = await finalSelection(session, cardholder, list, retry, history);
      ctx.selected(candidate, fci);
      ctx.step = "initiation";
      if (await initiateApplicationProcessing(ctx, session)) break;
      // Book 3 §10.1: 6985 drops the application and selection resumes
      history.refused = true;
      removeCandidate(list, candidate);
      retry = true;
    }
    ctx.step = "read-records";
    await readApplicationData(ctx, session);
    ctx.step = "oda";
    await offlineDataAuthentication(ctx, session, crypto, this.#tables);
    ctx.step = "restrictions";
    processingRestrictions(ctx);
    ctx.step = "cvm";
    await cardholderVerification(ctx, session, crypto, cardholder, this.#tables);
    ctx.odaRecords = [];
    // the issuer's key has served the recovery of the card's PIN encipherment key; the card's key serves CDA only from here
    ctx.issuerKey = undefined;
    if (ctx.odaMethod !== "CDA") ctx.iccKey = undefined;
    ctx.step = "risk-management";
    await terminalRiskManagement(ctx, session, crypto);
    if (ctx.transaction.forceOnline) setBit(ctx.tvr, TVR.merchantForcedOnline);
    ctx.step = "action-analysis";
    let requested = terminalActionAnalysis(ctx);
    // Book 4 §6.3.6: a CDOL1 may ask for the response code of an offline decision
    if (requested !== "ARQC") ctx.terminal.set("8A", arcBytes(requested === "TC" ? "Y1" : "Z1"));
    const first = await generateAc(ctx, session, crypto, requested, false);
    let card = first;
    if (first.cdaFailed && first.type === "ARQC") {
      // Book 2 §6.6.2: a signature that does not verify declines; a card waiting for the host is told so
      ctx.terminal.set("8A", arcBytes("Z1"));
      ctx.step = "completion";
      requested = "AAC";
      card = await generateAc(ctx, session, crypto, requested, true);
    }
    if (first.cdaFailed || card.type !== "ARQC") return decidedOutcome(ctx, "offline", requested, card, first.cdaFailed);
    if (connectivity(ctx.terminalType) === "offline-only") return this.#finish(ctx, session, { kind: "unable-to-go-online" });
    return { kind: "online", ...transactionResult(ctx, requested, card) };
  }

  #finish(ctx: TransactionContext, session: CardSession, answer: HostAnswer): Promise<KernelOutcome> {
    return completeTransaction(ctx, session, this.#options.crypto, answer).then((done) => decidedOutcome(ctx, done.path, done.requested, done.card, done.card.cdaFailed, done.scriptResults));
  }
}
