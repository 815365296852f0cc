import { toHex } from "../core/hex.ts";
import { Iso7816Error } from "./error.ts";

/**
 * Answer-to-reset, ISO/IEC 7816-3:2006 section 8: TS, T0, the TA/TB/TC/TD
 * chains, historical bytes, TCK; the meaning of each interface byte.
 */

/**
 * ISO/IEC 7816-3:2006 clause 3 and 8.2: the answer-to-reset is at most 32
 * bytes after TS.
 */
export const MAX_ATR_LENGTH = 33;
/** TDi's T = 15 qualifies the bytes after it as global, not a protocol (ISO/IEC 7816-3:2006 8.2.3). */
const GLOBAL = 15;

/** The interface bytes of a group, in order. */
const INTERFACE_BYTES = ["ta", "tb", "tc", "td"] as const;

/** ISO/IEC 7816-3 table 7: Fi and fmax (MHz) by FI; undefined = RFU. */
const FI: ([number, number] | undefined)[] = [
  [372, 4], [372, 5], [558, 6], [744, 8], [1116, 12], [1488, 16], [1860, 20], undefined,
  undefined, [512, 5], [768, 7.5], [1024, 10], [1536, 15], [2048, 20], undefined, undefined,
];
/** ISO/IEC 7816-3 table 8: Di by DI; undefined = RFU. */
const DI: (number | undefined)[] = [undefined, 1, 2, 4, 8, 16, 32, 64, 12, 20, undefined, undefined, undefined, undefined, undefined, undefined];

export interface InterfaceGroup {
  /** group number i (TAi, TBi, TCi, TDi) */
  index: number;
  ta?: number;
  tb?: number;
  tc?: number;
  td?: number;
}

/** What an ATR says, decoded. */
export interface Atr {
  bytes: Uint8Array;
  convention: "direct" | "inverse";
  groups: InterfaceGroup[];
  /** protocols the card offers, in TD order (T=15, which marks global bytes, left out); T=0 when no TD */
  protocols: number[];
  /** TA1 codes, or the default 1/1 (FI=1, DI=1) */
  fi: number;
  di: number;
  /** Fi, Di and fmax of TA1 (undefined when RFU) */
  Fi: number | undefined;
  Di: number | undefined;
  fmaxMHz: number | undefined;
  /** TC1: extra guard time in ETU (255: minimum guard time) */
  extraGuardTime: number;
  /** TA2 present: the card works in specific mode with this protocol */
  specificMode?: { protocol: number; canChange: boolean; implicit: boolean };
  /** T=0 waiting integer (TC2; default 10) */
  wi: number;
  /** T=1 parameters, when T=1 is offered */
  t1?: { ifsc: number; bwi: number; cwi: number; edc: "LRC" | "CRC" };
  historical: Uint8Array;
  /** TCK present and correct; undefined when TCK is absent (T=0 only) */
  tckValid: boolean | undefined;
}

/**
 * Decodes an ATR (bytes as received after convention decoding: TS is 3B
 * for direct, 3F for inverse). ISO validity only; EMV acceptance is
 * {@link emvAtrCheck}.
 * @param options.acceptBadTck - report a wrong TCK in `tckValid` instead of throwing (for analysis tools)
 * @throws Iso7816Error `ATR_INVALID` for a wrong TS, an ATR cut short or longer than 33 bytes, `ATR_TCK` for a wrong check byte
 */
export function parseAtr(bytes: Uint8Array, options: { acceptBadTck?: boolean } = {}): Atr {
  if (bytes.length < 2) throw new Iso7816Error("ATR_INVALID", "an ATR has at least TS and T0");
  if (bytes.length > MAX_ATR_LENGTH) {
    throw new Iso7816Error("ATR_INVALID", `${bytes.length} bytes are not an ATR: ISO/IEC 7816-3 allows at most ${MAX_ATR_LENGTH} (TS and 32 more)`);
  }
  if (bytes[0] !== 0x3b && bytes[0] !== 0x3f) throw new Iso7816Error("ATR_INVALID", `TS ${toHex(bytes.subarray(0, 1))} is neither direct (3B) nor inverse (3F) convention`);
  let at = 1;
  const t0 = bytes[at++];
  const k = t0 & 0x0f;
  const groups: InterfaceGroup[] = [];
  let y = t0 >> 4;
  const protocols: number[] = [];
  let needsTck = false;
  for (let index = 1; ; index++) {
    const g: InterfaceGroup = { index };
    for (let i = 0; i < INTERFACE_BYTES.length; i++) {
      const name = INTERFACE_BYTES[i];
      // y's bits 1, 2, 4, 8 announce TA, TB, TC, TD
      if (!(y & (1 << i))) continue;
      if (at >= bytes.length) throw new Iso7816Error("ATR_INVALID", `the ATR ends where T${name[1].toUpperCase()}${index} should be`);
      g[name] = bytes[at++];
    }
    groups.push(g);
    if (g.td === undefined) break;
    const t = g.td & 0x0f;
    if (t !== GLOBAL) protocols.push(t);
    // 7816-3 8.2.5: TCK is absent when only T=0 is indicated, present otherwise (T=15 included)
    if (t !== 0) needsTck = true;
    y = g.td >> 4;
  }
  if (protocols.length === 0) protocols.push(0);
  if (at + k > bytes.length) throw new Iso7816Error("ATR_INVALID", `the ATR ends inside its ${k} historical bytes`);
  const historical = bytes.slice(at, at + k);
  at += k;
  let tckValid: boolean | undefined;
  if (needsTck) {
    if (at >= bytes.length) throw new Iso7816Error("ATR_INVALID", "the ATR offers a protocol other than T=0 but has no TCK");
    let x = 0;
    for (let i = 1; i <= at; i++) x ^= bytes[i];
    tckValid = x === 0;
    at++;
  }
  if (at !== bytes.length) throw new Iso7816Error("ATR_INVALID", `${bytes.length - at} byte(s) follow the end of the ATR`);
  const g1 = groups[0];
  const ta1 = g1.ta ?? 0x11;
  const fi = ta1 >> 4;
  const di = ta1 & 0x0f;
  const g2 = groups[1];
  const atr: Atr = {
    bytes: bytes.slice(),
    convention: bytes[0] === 0x3b ? "direct" : "inverse",
    groups,
    protocols,
    fi,
    di,
    Fi: FI[fi]?.[0],
    Di: DI[di],
    fmaxMHz: FI[fi]?.[1],
    extraGuardTime: g1.tc ?? 0,
    wi: g2?.tc ?? 10,
    historical,
    tckValid,
  };
  if (g2?.ta !== undefined) atr.specificMode = { protocol: g2.ta & 0x0f, canChange: !(g2.ta & 0x80), implicit: !!(g2.ta & 0x10) };
  if (protocols.includes(1)) {
    // 7816-3 8.2.3: TAi, TBi, TCi for i > 2 belong to the protocol TDi-1 names
    const g = groups.find((_, i) => i >= 2 && (groups[i - 1].td! & 0x0f) === 1);
    // without TB: BWI 4, CWI 13 (ISO/IEC 7816-3 11.4.3)
    const tb = g?.tb ?? 0x4d;
    atr.t1 = {
      ifsc: g?.ta ?? 32,
      bwi: tb >> 4,
      cwi: tb & 0x0f,
      edc: (g?.tc ?? 0) & 1 ? "CRC" : "LRC",
    };
  }
  if (tckValid === false && !options.acceptBadTck) throw new Iso7816Error("ATR_TCK", "the ATR's check byte TCK is wrong");
  return atr;
}

/** An ATR's clock cycles per ETU (Fi / Di), for the default when RFU. */
export function cyclesPerEtu(fi: number, di: number): number {
  return (FI[fi]?.[0] ?? 372) / (DI[di] ?? 1);
}

/** Fi and Di of codes, for PPS and reporting. */
export function fiDi(fi: number, di: number): { Fi: number | undefined; Di: number | undefined } {
  return { Fi: FI[fi]?.[0], Di: DI[di] };
}

/** EMV's verdict on an ATR: accept or reject, with the reasons and what is ignored. */
export interface EmvAtrVerdict {
  /** the reset the ATR answered, whose rules were applied */
  reset: "cold" | "warm";
  accepted: boolean;
  /** why it must be rejected */
  reasons: string[];
  /** bytes EMV says to ignore, present but without effect */
  ignored: string[];
}

/** Options of {@link emvAtrCheck}. */
export interface EmvAtrOptions {
  /**
   * The reset the card answered (default `cold`): EMV Book 1 8.3.3.2 lets
   * TB1 take any value after a warm reset only.
   */
  reset?: "cold" | "warm";
}

/**
 * The terminal's acceptance rules for an ATR, EMV 4.4 Book 1 section 8.3.3
 * (interface characters, one sub-clause each, 8.3.3.1 TA1 to 8.3.3.11
 * TC3) and 8.3.4 (TCK): what a terminal must reject and what it accepts
 * and ignores. Reported apart from ISO validity.
 */
export function emvAtrCheck(atr: Atr, options: EmvAtrOptions = {}): EmvAtrVerdict {
  const reset = options.reset ?? "cold";
  const reasons: string[] = [];
  const ignored: string[] = [];
  const [g1, g2, g3] = atr.groups;
  const firstT = g1.td === undefined ? undefined : g1.td & 0x0f;
  const secondT = g2?.td === undefined ? undefined : g2.td & 0x0f;
  // 8.3.3.1: TA1 binds only in specific mode (TA2 present, b5 = 0); in negotiable
  // mode the terminal keeps F = 372, D = 1 unless it negotiates more (PPS)
  if (g1.ta !== undefined && (g1.ta < 0x11 || g1.ta > 0x13)) {
    if (g2?.ta === undefined) ignored.push(`TA1 ${hex(g1.ta)} (negotiable mode: F = 372, D = 1 stay unless PPS agrees on it)`);
    else if (!(g2.ta & 0x10)) reasons.push(`TA1 ${hex(g1.ta)}: in specific mode EMV accepts only F = 372 with D = 1, 2 or 4 (TA1 11-13)`);
  }
  // 8.3.3.2: after a cold reset the terminal accepts only an ATR containing TB1 = 00 (no
  // programming voltage); after a warm reset TB1 of any value, or none, and the session goes on
  // as though it were 00: VPP is never generated
  if (reset === "cold") {
    if (g1.tb === undefined) reasons.push("TB1 is absent: after a cold reset EMV accepts only TB1 = 00");
    else if (g1.tb !== 0) reasons.push(`TB1 ${hex(g1.tb)}: after a cold reset EMV accepts only TB1 = 00 (no programming voltage)`);
  } else if (g1.tb !== undefined && g1.tb !== 0) ignored.push(`TB1 ${hex(g1.tb)} (after a warm reset: the session goes on as though TB1 = 00, no programming voltage)`);
  // 8.3.3.3: TC1 = 00 (N = 0) or FF (minimum guard time: 12 ETU under T=0, 11 under T=1), as
  // the EMV Level 1 Contact Interface Specification v1.0 (which holds Book 1's ATR rules for
  // EMV 4.4) puts it in openemv emv-utils' reading (src/emv.c, emv_atr_parse). Book 1 of the
  // EMV 4.2 era, as open-source level 1 drivers quote it, also accepted 01-FE as that many ETU
  // of extra guard time; without the 4.3 or 4.4 text at hand, the newer rule is followed.
  if (g1.tc !== undefined && g1.tc !== 0x00 && g1.tc !== 0xff) reasons.push(`TC1 ${hex(g1.tc)}: EMV accepts only TC1 = 00 (no extra guard time) or FF (minimum guard time)`);
  // 8.3.3.4
  if (firstT !== undefined && firstT > 1) reasons.push(`TD1 names T=${firstT}: EMV supports T=0 and T=1`);
  if (g2) {
    // 8.3.3.5
    if (g2.ta !== undefined) {
      if (g2.ta & 0x10) reasons.push("TA2 says parameters are implicit (b5 = 1)");
      if ((g2.ta & 0x0f) !== firstT) reasons.push("TA2 names a protocol that TD1 does not offer first");
    }
    // 8.3.3.6
    if (g2.tb !== undefined) reasons.push("TB2 is present (programming voltage P12)");
    // 8.3.3.7
    if (g2.tc !== undefined && firstT === 0 && g2.tc === 0) reasons.push("TC2 = 00: T=0 waiting integer zero");
  }
  // 8.3.3.8: TD2 names T=1, whose parameters follow in TA3-TC3; after a TD1 of T=0
  // it may instead name T=15, and the bytes after it are global ones
  if (secondT !== undefined && secondT !== 1 && !(secondT === GLOBAL && firstT === 0)) {
    reasons.push(`TD2 names T=${secondT}: EMV accepts T=1 there${firstT === 0 ? ", or T=15 (global bytes) after a TD1 of T=0" : " after a TD1 of T=1"}`);
  }
  if (secondT === 1 && g3) {
    // 8.3.3.9 to 8.3.3.11 (each "if T=1 is indicated in TD2")
    if (g3.ta !== undefined && (g3.ta < 0x10 || g3.ta === 0xff)) reasons.push(`TA3 ${hex(g3.ta)}: IFSC must be 16-254`);
    if (g3.tb !== undefined) {
      const bwi = g3.tb >> 4;
      const cwi = g3.tb & 0x0f;
      if (bwi > 4) reasons.push(`TB3: BWI ${bwi} is over 4`);
      if (cwi > 5) reasons.push(`TB3: CWI ${cwi} is over 5`);
      // N = 255 counts as -1 under T=1
      const n = atr.extraGuardTime;
      if (n !== 255 && 2 ** cwi <= n + 1) reasons.push(`TB3: 2^CWI must exceed N + 1 (N = ${n})`);
    } else reasons.push("TB3 is absent: EMV requires BWI and CWI for T=1");
    if (g3.tc !== undefined && g3.tc !== 0) reasons.push(`TC3 ${hex(g3.tc)}: EMV uses the LRC (TC3 = 00)`);
  } else if (secondT === GLOBAL && g3) {
    // ISO/IEC 7816-3 8.3: global bytes after T=15 (clock stop and class, SPU) that EMV does not use
    for (let i = 0, group3 = [["TA3", g3.ta], ["TB3", g3.tb], ["TC3", g3.tc]] as const; i < group3.length; i++) {
      const name = group3[i][0], v = group3[i][1];
      if (v !== undefined) ignored.push(`${name} ${hex(v)} (a global byte after T=15)`);
    }
  } else if (firstT === 1 && secondT === undefined) {
    // 8.3.3.10: T=1 without TD2 cannot carry the TB3 that EMV requires
    reasons.push("TD2 is absent: T=1 needs TB3 (BWI and CWI) after a TD2 of T=1");
  }
  // 8.3.4
  if (atr.tckValid === false) reasons.push("TCK is wrong");
  return { reset, accepted: reasons.length === 0, reasons, ignored };
}

function hex(b: number): string {
  return b.toString(16).toUpperCase().padStart(2, "0");
}
