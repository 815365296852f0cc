import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { emvAtrCheck, parseAtr, cyclesPerEtu } from "../../../modules/iso7816/atr.ts";
import { CliError } from "../cli-error.ts";
import type { Args } from "../args.ts";

/**
 * `xspos atr <hex>`: an answer-to-reset decoded per ISO/IEC 7816-3, with
 * EMV Book 1's verdict beside it. A wrong TCK is reported, not refused.
 */
export function atrCommand(args: Args): Record<string, unknown> {
  const [hex, extra] = args.positional;
  if (hex === undefined || extra !== undefined) throw new CliError("USAGE", "usage: xspos atr <hex>");
  const atr = parseAtr(fromHex(hex), { acceptBadTck: true });
  const emv = emvAtrCheck(atr);
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
    emv: { accepted: emv.accepted, reasons: emv.reasons, ignored: emv.ignored },
  };
}
