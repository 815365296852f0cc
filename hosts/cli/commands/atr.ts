import { toHex } from "../../../modules/core/hex.ts";
import { emvAtrCheck, parseAtr, cyclesPerEtu } from "../../../modules/iso7816/atr.ts";
import { flag, type Args } from "../args.ts";
import type { LeafCommand } from "../command.ts";
import { hexInput } from "../input.ts";

/** TS and at most 32 further characters (ISO/IEC 7816-3 8.2.1). */
export const MAX_ATR_BYTES = 33;

function decodeAtr(args: Args): Record<string, unknown> {
  const atr = parseAtr(hexInput(args.positional[0], "<hex>"), { acceptBadTck: true });
  const emv = emvAtrCheck(atr, { reset: flag(args, "warm") ? "warm" : "cold" });
  const ifaces: Record<string, string> = {};
  for (const g of atr.groups) {
    for (const name of ["ta", "tb", "tc", "td"] as const) {
      const v = g[name];
      if (v !== undefined) ifaces[`${name.toUpperCase()}${g.index}`] = toHex(Uint8Array.of(v));
    }
  }
  return {
    atr: toHex(atr.bytes),
    convention: atr.convention,
    protocols: [...new Set(atr.protocols)].map((p) => `T=${p}`),
    interfaceBytes: ifaces,
    Fi: atr.Fi ?? null,
    Di: atr.Di ?? null,
    fmaxMHz: atr.fmaxMHz ?? null,
    cyclesPerEtu: cyclesPerEtu(atr.fi, atr.di),
    extraGuardTimeN: atr.extraGuardTime,
    ...(atr.specificMode ? { specificMode: atr.specificMode } : { negotiableMode: true }),
    ...(atr.protocols.includes(0) ? { t0: { wi: atr.wi } } : {}),
    ...(atr.t1 ? { t1: atr.t1 } : {}),
    historicalBytes: toHex(atr.historical),
    tckValid: atr.tckValid ?? null,
    emv: { reset: emv.reset, accepted: emv.accepted, reasons: emv.reasons, ignored: emv.ignored },
  };
}

/**
 * `xspos atr <hex>`: an answer-to-reset decoded per ISO/IEC 7816-3, with
 * EMV Book 1's verdict beside it. A wrong TCK is reported, not refused.
 */
export const atrCommand: LeafCommand = {
  name: "atr",
  summary: "an ISO/IEC 7816-3 answer-to-reset, with EMV's verdict",
  description:
    "An answer-to-reset decoded per ISO/IEC 7816-3: convention, protocols,\n" +
    "interface bytes, Fi, Di, fmax, clock cycles per ETU, N, specific or\n" +
    "negotiable mode, T=0 WI, T=1 IFSC/BWI/CWI/EDC, historical bytes, TCK\n" +
    "validity, and EMV Book 1's verdict with its reasons (a wrong TCK is\n" +
    "reported there, not refused), for the answer to a cold reset unless\n" +
    "--warm.",
  options: [{ name: "warm", kind: "flag", help: "judge it as the answer to a warm reset (EMV accepts any TB1 there)" }],
  positionals: [{ name: "hex", kind: "hex", limit: MAX_ATR_BYTES, help: "the ATR, hex, TS first" }],
  run: decodeAtr,
};
