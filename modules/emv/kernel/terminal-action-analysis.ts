import type { TransactionContext } from "./context.ts";
import type { CryptogramType } from "./outcome.ts";
import { terminate } from "./stop.ts";

/** Terminal Type second digit (Book 4 annex A1): 1, 4 online only; 2, 5 offline with online capability; 3, 6 offline only. */
export type Connectivity = "online-only" | "online-capable" | "offline-only";

/** How the terminal reaches the issuer, from its Terminal Type (9F35). */
export function connectivity(terminalType: number): Connectivity {
  const environment = terminalType & 0x0f;
  if (environment === 1 || environment === 4) return "online-only";
  if (environment === 3 || environment === 6) return "offline-only";
  return "online-capable";
}

const NONE = new Uint8Array(5);
const ALL = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff);

/**
 * An Issuer Action Code, or its default when absent (Book 3 §10.7: Denial
 * all zeros, Online and Default all ones).
 */
function issuerActionCode(ctx: TransactionContext, tag: "9F0E" | "9F0F" | "9F0D"): Uint8Array {
  const code = ctx.card.get(tag);
  if (!code) return tag === "9F0E" ? NONE : ALL;
  if (code.length !== 5) terminate("data-invalid", `Issuer Action Code ${tag} is ${code.length} bytes, not 5`);
  return code;
}

/** Whether any TVR bit set is set in the terminal's or the issuer's action code. */
function matches(tvr: Uint8Array, tac: Uint8Array, iac: Uint8Array): boolean {
  for (let i = 0; i < 5; i++) if (tvr[i] & (tac[i] | iac[i])) return true;
  return false;
}

/** The default check (Book 3 §10.7): an offline-only terminal, or one that could not go online. */
export function defaultActionAnalysis(ctx: TransactionContext): "AAC" | "TC" {
  return matches(ctx.tvr, ctx.aid.tacDefault, issuerActionCode(ctx, "9F0D")) ? "AAC" : "TC";
}

/**
 * Terminal Action Analysis, EMV 4.4 Book 3 §10.7: the TVR against the
 * Terminal and Issuer Action Codes. A Denial match asks for an AAC;
 * otherwise an online-capable terminal asks for an ARQC on an Online
 * match and a TC without one, an online-only terminal always for an ARQC,
 * an offline-only one decides by the Default codes. A refund asks for an
 * AAC: the card has nothing to authorize.
 */
export function terminalActionAnalysis(ctx: TransactionContext): CryptogramType {
  if (matches(ctx.tvr, ctx.aid.tacDenial, issuerActionCode(ctx, "9F0E"))) return "AAC";
  if (ctx.transaction.type === "refund") return "AAC";
  switch (connectivity(ctx.terminalType)) {
    case "online-only":
      return "ARQC";
    case "offline-only":
      return defaultActionAnalysis(ctx);
    default:
      return matches(ctx.tvr, ctx.aid.tacOnline, issuerActionCode(ctx, "9F0F")) ? "ARQC" : "TC";
  }
}
