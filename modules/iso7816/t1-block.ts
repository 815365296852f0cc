import { Iso7816Error } from "./error.ts";

/** A T=1 block (ISO/IEC 7816-3 11.3): prologue NAD PCB LEN, information field, EDC. */
export interface T1Block {
  nad: number;
  pcb: number;
  inf: Uint8Array;
}

export type T1BlockKind =
  | { kind: "I"; ns: number; more: boolean }
  | { kind: "R"; nr: number; error: number }
  | { kind: "S"; type: "RESYNCH" | "IFS" | "ABORT" | "WTX" | "unknown"; response: boolean };

const S_TYPES = ["RESYNCH", "IFS", "ABORT", "WTX"] as const;

export function classify(pcb: number): T1BlockKind {
  if (!(pcb & 0x80)) return { kind: "I", ns: (pcb >> 6) & 1, more: !!(pcb & 0x20) };
  if (!(pcb & 0x40)) return { kind: "R", nr: (pcb >> 4) & 1, error: pcb & 0x0f };
  return { kind: "S", type: S_TYPES[pcb & 0x1f] ?? "unknown", response: !!(pcb & 0x20) };
}

export const iBlockPcb = (ns: number, more: boolean) => (ns << 6) | (more ? 0x20 : 0);
export const rBlockPcb = (nr: number, error: 0 | 1 | 2) => 0x80 | (nr << 4) | error;
export const sBlockPcb = (type: (typeof S_TYPES)[number], response: boolean) => 0xc0 | (response ? 0x20 : 0) | S_TYPES.indexOf(type);

/** LRC: XOR of every byte. */
export function lrc(bytes: Uint8Array): number {
  let x = 0;
  for (let i = 0; i < bytes.length; i++) x ^= bytes[i];
  return x;
}

/** CRC of ISO/IEC 13239 (polynomial 1021, initial FFFF), as T=1 uses it; high byte first. */
export function crc16(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (let j = 0; j < bytes.length; j++) {
    crc ^= bytes[j] << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

export function encodeBlock(block: T1Block, edc: "LRC" | "CRC"): Uint8Array {
  const length = 3 + block.inf.length;
  const out = new Uint8Array(length + (edc === "LRC" ? 1 : 2));
  out[0] = block.nad;
  out[1] = block.pcb;
  out[2] = block.inf.length;
  out.set(block.inf, 3);
  const body = out.subarray(0, length);
  if (edc === "LRC") out[length] = lrc(body);
  else {
    const c = crc16(body);
    out[length] = c >> 8;
    out[length + 1] = c & 0xff;
  }
  return out;
}

/**
 * Checks a received block's EDC and structure.
 * @throws Iso7816Error `T1_EDC` on a bad check, `T1_BLOCK` on a malformed block
 */
export function decodeBlock(bytes: Uint8Array, edc: "LRC" | "CRC", maxInf: number): T1Block {
  const edcLength = edc === "LRC" ? 1 : 2;
  const len = bytes[2];
  if (bytes.length !== 3 + len + edcLength) throw new Iso7816Error("T1_BLOCK", `a block with LEN ${len} has ${bytes.length} bytes`);
  const body = bytes.subarray(0, 3 + len);
  const ok = edc === "LRC" ? lrc(body) === bytes[3 + len] : crc16(body) === ((bytes[3 + len] << 8) | bytes[4 + len]);
  if (!ok) throw new Iso7816Error("T1_EDC", "the block's error detection code is wrong");
  if (len === 0xff || len > maxInf) throw new Iso7816Error("T1_BLOCK", `LEN ${len} is over the information field size ${maxInf}`);
  const kind = classify(bytes[1]);
  if (kind.kind === "R" && (len !== 0 || kind.error > 2)) throw new Iso7816Error("T1_BLOCK", "an R-block carries no information and codes errors 0-2");
  if (kind.kind === "S") {
    if (kind.type === "unknown") throw new Iso7816Error("T1_BLOCK", "an S-block of unknown type");
    // ISO/IEC 7816-3 11.4.2: IFS carries one byte, 01 to FE (00 and FF are reserved); WTX carries its one-byte multiplier
    if (kind.type === "IFS" && (len !== 1 || bytes[3] === 0x00 || bytes[3] === 0xff)) {
      throw new Iso7816Error("T1_BLOCK", "an S(IFS) block carries one byte, 01 to FE");
    }
    if (kind.type === "WTX" && len !== 1) throw new Iso7816Error("T1_BLOCK", "an S(WTX) block carries one byte");
  }
  return { nad: bytes[0], pcb: bytes[1], inf: bytes.slice(3, 3 + len) };
}
