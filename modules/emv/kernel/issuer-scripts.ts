import { isXsposError } from "../../core/error.ts";
import { parseCommand } from "../../iso7816/apdu.ts";
import type { CardSession } from "./card-session.ts";
import { tryParseTlv } from "./card-tlv.ts";
import type { TransactionContext } from "./context.ts";
import { setBit, TSI, TVR } from "./status-bits.ts";
import { KernelStop } from "./stop.ts";

/** One Issuer Script (Book 3 §10.10): its template, its identifier, its commands. */
export interface IssuerScript {
  /** 71 runs before the final GENERATE AC, 72 after */
  template: "71" | "72";
  /** Issuer Script Identifier (9F18), zeros when absent */
  id: Uint8Array;
  /** Issuer Script Commands (86), each a command APDU's bytes */
  commands: Uint8Array[];
  /** the template holds something else than 9F18 and 86, or no command: it is not run */
  malformed: boolean;
}

/** The most script bytes the kernel runs in one transaction; the rest count as failed. */
export const MAX_SCRIPT_BYTES = 1024;

/**
 * The scripts of the issuer's answer: the 71 and 72 templates of a
 * BER-TLV string, in order (other objects are not scripts and are passed
 * over). A string that is not BER-TLV is one malformed script, counted
 * before the final GENERATE AC since nothing says otherwise.
 */
export function parseIssuerScripts(bytes: Uint8Array | undefined): IssuerScript[] {
  if (!bytes?.length) return [];
  const nodes = tryParseTlv(bytes);
  if (!nodes) return [{ template: "71", id: new Uint8Array(4), commands: [], malformed: true }];
  const out: IssuerScript[] = [];
  let total = 0;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (node.tag !== "71" && node.tag !== "72") continue;
    total += node.value.length;
    const script: IssuerScript = { template: node.tag, id: new Uint8Array(4), commands: [], malformed: total > MAX_SCRIPT_BYTES };
    const parts = node.children ?? [];
    for (let j = 0; j < parts.length; j++) {
      const part = parts[j];
      if (part.tag === "9F18" && part.value.length === 4) script.id = part.value.slice();
      else if (part.tag === "86" && !part.children) script.commands.push(part.value.slice());
      else script.malformed = true;
    }
    if (!script.commands.length) script.malformed = true;
    out.push(script);
  }
  return out;
}

/** Issuer Script Results byte 1 (Book 3 annex A1, 9F5B): b8-b5 the result, b4-b1 the failing command's number. */
const SCRIPT_FAILED = 0x10;
const SCRIPT_DONE = 0x20;

/**
 * Runs the scripts of one template, EMV 4.4 Book 3 §10.10: each command
 * in order, stopping a script at the first whose SW1 is not 90, 62 or 63.
 * Appends 5 bytes per script to `results` (result and command number, then
 * the identifier) and sets TSI "Script processing was performed" and, for
 * a failure, TVR "Script processing failed before/after final GENERATE
 * AC". After the final GENERATE AC the transaction is decided, so a card
 * that leaves or stops answering fails the script rather than the
 * transaction.
 */
export async function runIssuerScripts(ctx: TransactionContext, session: CardSession, scripts: readonly IssuerScript[], template: "71" | "72", results: number[]): Promise<void> {
  for (let j = 0; j < scripts.length; j++) {
    const script = scripts[j];
    if (script.template !== template) continue;
    setBit(ctx.tsi, TSI.scriptProcessingPerformed);
    let failedAt = script.malformed ? 0 : -1;
    for (let i = 0; failedAt < 0 && i < script.commands.length; i++) {
      try {
        parseCommand(script.commands[i]);
        const response = await session.transmit(script.commands[i]);
        if (response.sw1 !== 0x90 && response.sw1 !== 0x62 && response.sw1 !== 0x63) failedAt = i + 1;
      } catch (e) {
        const lost = e instanceof KernelStop && template === "72";
        if (!lost && !(isXsposError(e) && e.code === "APDU_INVALID")) throw e;
        failedAt = i + 1;
      }
    }
    results.push(failedAt < 0 ? SCRIPT_DONE : SCRIPT_FAILED | Math.min(failedAt, 15), ...script.id);
    if (failedAt >= 0) setBit(ctx.tvr, template === "71" ? TVR.scriptFailedBeforeFinalAc : TVR.scriptFailedAfterFinalAc);
  }
}
