import type { Crypto } from "../../crypto/port.ts";
import type { CardSession } from "./card-session.ts";
import { externalAuthenticateCommand } from "./commands.ts";
import type { TransactionContext } from "./context.ts";
import { generateAc, type CardCryptogram } from "./generate-ac.ts";
import { parseIssuerScripts, runIssuerScripts, type IssuerScript } from "./issuer-scripts.ts";
import type { DecisionPath } from "./outcome.ts";
import { setBit, TSI, TVR } from "./status-bits.ts";
import { defaultActionAnalysis } from "./terminal-action-analysis.ts";

/** What the host said, or that it could not be asked. */
export type HostAnswer =
  | {
      kind: "host";
      /** the host approved (the terminal reads its response code) */
      approved: boolean;
      /** Authorisation Response Code (8A) to give the card: two characters, e.g. `00`, `05` */
      responseCode: string;
      /** Issuer Authentication Data (91), 8-16 bytes, when the host sent one */
      issuerAuthenticationData?: Uint8Array;
      /** the issuer's scripts: BER-TLV holding templates 71 and 72, as the host sent them */
      issuerScripts?: Uint8Array;
    }
  | { kind: "unable-to-go-online" };

/** AIP byte 1 b3: the card supports issuer authentication by EXTERNAL AUTHENTICATE (Book 3 annex C1). */
const AIP_ISSUER_AUTHENTICATION = 0x04;
/** Issuer Authentication Data is 8 to 16 bytes (Book 3 annex A1, tag 91). */
const IAD_MIN = 8;
const IAD_MAX = 16;

/**
 * Issuer authentication, EMV 4.4 Book 3 §10.9: when the AIP says the card
 * supports it and the host sent Issuer Authentication Data, EXTERNAL
 * AUTHENTICATE with it; anything but 9000 sets TVR "Issuer authentication
 * failed". TSI "Issuer authentication was performed" either way. A card
 * without the AIP bit gets the data through CDOL2 (tag 91) instead.
 */
async function issuerAuthentication(ctx: TransactionContext, session: CardSession): Promise<void> {
  const data = ctx.terminal.get("91");
  if (!data || !(ctx.aip[0] & AIP_ISSUER_AUTHENTICATION)) return;
  setBit(ctx.tsi, TSI.issuerAuthenticationPerformed);
  if (data.length < IAD_MIN || data.length > IAD_MAX) {
    setBit(ctx.tvr, TVR.issuerAuthenticationFailed);
    return;
  }
  const response = await session.transmit(externalAuthenticateCommand(data));
  if (response.sw !== 0x9000) setBit(ctx.tvr, TVR.issuerAuthenticationFailed);
}

/** Two ASCII characters as bytes (an 2). */
export function arcBytes(code: string): Uint8Array {
  return Uint8Array.of(code.charCodeAt(0), code.charCodeAt(1));
}

/** How the transaction was completed. */
export interface Completion {
  card: CardCryptogram;
  requested: "TC" | "AAC";
  path: DecisionPath;
  /** Issuer Script Results (9F5B), when scripts ran */
  scriptResults?: Uint8Array;
}

/**
 * Online Processing, Issuer-to-Card Script Processing and Completion, EMV
 * 4.4 Book 3 §10.9, §10.10 and §10.11. With
 * the host's answer: its response code (8A) and Issuer Authentication
 * Data (91) join the terminal's data, issuer authentication runs, scripts
 * 71 run, and the second GENERATE AC asks for a TC when the host approved,
 * an AAC when it declined; scripts 72 run after it. Without a host: the
 * Default action codes decide between TC and AAC (§10.7), with response
 * code Y3 or Z3.
 */
export async function completeTransaction(ctx: TransactionContext, session: CardSession, crypto: Crypto, answer: HostAnswer): Promise<Completion> {
  ctx.step = "online";
  session.checkPresent();
  const results: number[] = [];
  let scripts: IssuerScript[] = [];
  let requested: "TC" | "AAC";
  let code: string;
  if (answer.kind === "host") {
    code = answer.responseCode;
    if (answer.issuerAuthenticationData?.length) ctx.terminal.set("91", answer.issuerAuthenticationData);
    scripts = parseIssuerScripts(answer.issuerScripts);
    await issuerAuthentication(ctx, session);
    await runIssuerScripts(ctx, session, scripts, "71", results);
    requested = answer.approved ? "TC" : "AAC";
  } else {
    requested = defaultActionAnalysis(ctx);
    code = requested === "TC" ? "Y3" : "Z3";
  }
  ctx.terminal.set("8A", arcBytes(code));
  ctx.step = "completion";
  const card = await generateAc(ctx, session, crypto, requested, true);
  await runIssuerScripts(ctx, session, scripts, "72", results);
  const completion: Completion = { card, requested, path: answer.kind === "host" ? "online" : "unable-to-go-online" };
  if (results.length) completion.scriptResults = Uint8Array.from(results);
  return completion;
}
