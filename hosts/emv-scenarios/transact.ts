/**
 * One contact transaction on a virtual card and slot, from a setup made
 * beforehand (./run-transaction.ts on Node): the card profile and the
 * configuration loaded, the crypto ports given. Portable, so the suite
 * runs on the XS engine too.
 */
import { SmartcardSlot } from "../../drivers/smartcard/slot.ts";
import { toHex } from "../../modules/core/hex.ts";
import { isXsposError } from "../../modules/core/error.ts";
import { VirtualClock } from "../../modules/core/virtual-clock.ts";
import { maskPan } from "../../modules/card/mask.ts";
import type { TerminalConfig } from "../../modules/config/types.ts";
import type { Crypto } from "../../modules/crypto/port.ts";
import { EmvKernel } from "../../modules/emv/kernel/kernel.ts";
import type { HostAnswer } from "../../modules/emv/kernel/online-processing.ts";
import type { KernelOutcome, OnlineOutcome } from "../../modules/emv/kernel/outcome.ts";
import type { ApduExchange } from "../../modules/emv/kernel/ports.ts";
import type { EmvTransaction } from "../../modules/emv/kernel/transaction.ts";
import { parseTlvTree, findTlv } from "../../modules/emv/tlv.ts";
import { createEmvCard } from "../desktop/emv-card/emv-card.ts";
import { panDigits } from "../desktop/emv-card/card-data.ts";
import { emvCardSlot } from "../desktop/emv-card/slot.ts";
import type { CardProfile } from "../desktop/emv-card/profile.ts";
import { ScenarioCardholder, type PinPrompt } from "./cardholder.ts";
import { issuerReply } from "./issuer-host.ts";
import type { CryptogramKind, HostSpec, PinAction, TransactionSpec } from "./scenario.ts";
import { traceLine, type TraceLine } from "./trace.ts";

/** A run set up: the card's profile and the configuration loaded, what the cardholder and the host do. */
export interface PreparedRun {
  profile: CardProfile;
  config: TerminalConfig;
  /** the chip stops answering once the slot has activated it */
  mute?: boolean;
  transaction: TransactionSpec;
  pins: readonly PinAction[];
  application?: number;
  /** absent: an online request finds no host (as unreachable) */
  host?: HostSpec;
}

/** The crypto ports of a run: the terminal's (its random source gives the random-selection draw), the card's, the issuer's. */
export interface RunCrypto {
  terminal: Crypto;
  card: Crypto;
  issuer: Crypto;
}

/** One GENERATE AC as the trace shows it. */
export interface CryptogramSeen {
  /** what the terminal asked for (P1 b8-b7) */
  requested: CryptogramKind;
  /** what the card answered (CID b8-b7) */
  type: CryptogramKind;
  /** CDA's signature was asked for (P1 b5) */
  cda: boolean;
  /** the Application Cryptogram, hex (from the signature for CDA) */
  value?: string;
}

/** What happened: the kernel's outcome and everything around it. */
export interface RunResult {
  outcome: KernelOutcome["kind"];
  path?: string;
  reason?: string;
  step?: string;
  fallback?: boolean;
  detail?: string;
  aid?: string;
  label?: string;
  /** the PAN, masked (first 6, last 4) */
  pan?: string;
  tvr?: string;
  tsi?: string;
  cvmResults?: string;
  cryptograms: CryptogramSeen[];
  odaMethod?: string;
  scriptResults?: string;
  signatureRequired?: boolean;
  onlinePin?: boolean;
  authorisationResponseCode?: string;
  /** DE 55 of the last outcome with a cryptogram, hex (it holds no cardholder data) */
  de55?: string;
  /** the issuer's check of the ARQC, when the request reached it */
  arqc?: "valid" | "invalid";
  /** what the host answered */
  host?: "approved" | "declined" | "unreachable";
  pinPrompts: PinPrompt[];
  /** application choices shown to the cardholder (AIDs in the order shown, the index chosen) */
  choices: { candidates: string[]; retry: boolean; confirm: boolean; chosen: number }[];
  trace: TraceLine[];
  /** what went wrong around the transaction (a PIN prompt the setup had no answer for, ...) */
  problems: string[];
}

const TYPES: CryptogramKind[] = ["AAC", "TC", "ARQC", "AAC"];

/** The GENERATE AC exchanges of the trace. */
function cryptogramsSeen(exchanges: ApduExchange[]): CryptogramSeen[] {
  const out: CryptogramSeen[] = [];
  for (const e of exchanges) {
    if (e.command[1] !== 0xae || !e.response) continue;
    const r = e.response;
    if (r.length < 2 || r[r.length - 2] !== 0x90 || r[r.length - 1] !== 0x00) continue;
    const p1 = e.command[2];
    const data = r.subarray(0, r.length - 2);
    let cid: number | undefined;
    let value: Uint8Array | undefined;
    try {
      const [top] = parseTlvTree(data);
      if (top.tag === "80" && top.value.length >= 11) {
        cid = top.value[0];
        value = top.value.subarray(3, 11);
      } else if (top.tag === "77" && top.children) {
        cid = findTlv(top.children, "9F27")?.value[0];
        value = findTlv(top.children, "9F26")?.value;
      }
    } catch {
      continue;
    }
    if (cid === undefined) continue;
    const seen: CryptogramSeen = { requested: TYPES[p1 >> 6], type: TYPES[cid >> 6], cda: (p1 & 0x10) !== 0 };
    if (value) seen.value = toHex(value);
    out.push(seen);
  }
  return out;
}

function hasCryptogram(o: KernelOutcome): o is Extract<KernelOutcome, { tvr: Uint8Array }> {
  return o.kind === "approved" || o.kind === "declined" || o.kind === "online";
}

function describe(outcome: KernelOutcome, result: RunResult): void {
  result.outcome = outcome.kind;
  if (outcome.kind === "approved" || outcome.kind === "declined") result.path = outcome.path;
  if (outcome.kind === "end-application") {
    result.reason = outcome.reason;
    result.fallback = outcome.fallback;
    result.detail = outcome.detail;
  }
  if (outcome.kind === "end-application" || outcome.kind === "card-removed" || outcome.kind === "cancelled") {
    result.step = outcome.step;
    // past GET PROCESSING OPTIONS the kernel gives the status it ended with
    if (outcome.tvr) result.tvr = toHex(outcome.tvr);
    if (outcome.tsi) result.tsi = toHex(outcome.tsi);
    if (outcome.cvmResults) result.cvmResults = toHex(outcome.cvmResults);
  }
  if (!hasCryptogram(outcome)) return;
  result.aid = outcome.aid;
  if (outcome.label !== undefined) result.label = outcome.label;
  result.pan = maskPan(outcome.card.pan);
  result.tvr = toHex(outcome.tvr);
  result.tsi = toHex(outcome.tsi);
  result.cvmResults = toHex(outcome.cvmResults);
  result.odaMethod = outcome.odaMethod;
  result.signatureRequired = outcome.signatureRequired;
  result.onlinePin = outcome.onlinePin;
  if (outcome.authorisationResponseCode !== undefined) result.authorisationResponseCode = outcome.authorisationResponseCode;
  if (outcome.issuerScriptResults) result.scriptResults = toHex(outcome.issuerScriptResults);
  result.de55 = toHex(outcome.de55);
}

/** The application of the profile the outcome names. */
function applicationOf(profile: CardProfile, aid: string) {
  return profile.applications.find((a) => toHex(a.aid) === aid) ?? profile.applications[0];
}

/**
 * Runs one transaction that is set up.
 * @throws EmvError `EMV_KERNEL_INPUT` for a transaction the kernel refuses
 */
export async function transact(setup: PreparedRun, crypto: RunCrypto): Promise<RunResult> {
  const { profile, config } = setup;
  const pans = profile.applications.map((a) => panDigits(a.data.get("5A")!));

  const terminalCrypto = crypto.terminal;
  const card = createEmvCard(profile, { crypto: crypto.card });
  const clock = new VirtualClock();
  const device = emvCardSlot(card, { clock });
  const slot = new SmartcardSlot({ ...device.specs(), clock });
  const run = <T>(p: Promise<T>) => clock.settle(p, 2, 2_000_000);
  const exchanges: ApduExchange[] = [];
  const cardholder = new ScenarioCardholder(terminalCrypto, setup.pins, setup.application);
  const result: RunResult = { outcome: "end-application", cryptograms: [], pinPrompts: cardholder.prompts, choices: cardholder.choices, trace: [], problems: [] };
  try {
    await run(slot.powerOn());
    if (setup.mute) device.inject("mute");
    const kernel = new EmvKernel({ transport: slot, crypto: terminalCrypto, config, cardholder, trace: (e) => exchanges.push(e) });
    const tx: EmvTransaction = { type: setup.transaction.type, amount: setup.transaction.amount, date: setup.transaction.date, time: setup.transaction.time, sequenceCounter: 1 };
    if (setup.transaction.otherAmount !== undefined) tx.otherAmount = setup.transaction.otherAmount;
    if (setup.transaction.service) tx.service = setup.transaction.service;
    if (setup.transaction.forceOnline) tx.forceOnline = true;
    let outcome = await run(kernel.start(tx));
    let online: OnlineOutcome | undefined;
    if (outcome.kind === "online") {
      online = outcome;
      let answer: HostAnswer = { kind: "unable-to-go-online" };
      if (!setup.host) result.problems.push("the card asked to go online and no host answer was given: completed as unable to go online");
      else if (setup.host.answer !== "unreachable") {
        const reply = issuerReply(crypto.issuer, applicationOf(profile, outcome.aid), outcome, setup.host);
        result.arqc = reply.arqcValid ? "valid" : "invalid";
        answer = reply.answer;
      }
      result.host = answer.kind === "host" ? (answer.approved ? "approved" : "declined") : "unreachable";
      outcome = await run(kernel.complete(answer));
    }
    describe(outcome, result);
    result.cryptograms = cryptogramsSeen(exchanges);
    // CDA: the cryptogram travels in the signature; the kernel's outcomes give it
    const final = hasCryptogram(outcome) ? outcome : undefined;
    const sources = result.cryptograms.length === 1 ? [final] : [online, final];
    result.cryptograms.forEach((c, i) => {
      const from = sources[i];
      if (c.value === undefined && from) c.value = toHex(from.cryptogram);
    });
  } catch (e) {
    if (isXsposError(e) && (e.code === "CARD_MUTE" || e.code === "CARD_REMOVED")) {
      result.outcome = "end-application";
      result.problems.push(`the slot could not activate the card: ${e.code}`);
    } else throw e;
  } finally {
    slot.close();
  }
  if (cardholder.pinsLeft) result.problems.push(`${cardholder.pinsLeft} PIN answer(s) not used`);
  if (result.pinPrompts.some((p) => p.answer === "none")) result.problems.push("a PIN prompt came that the setup had no answer for (answered cancel)");
  result.trace = exchanges.map((e) => traceLine(e, pans));
  return result;
}

