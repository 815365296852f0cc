import { toHex } from "../core/hex.ts";
import type { ReceiptSettings, TerminalConfig, TerminalParameters } from "./types.ts";

/*
 * The configuration's JSON form: what `parseTerminalConfig` reads and
 * `configToJson` writes. Bytes are hex strings (any case in, upper case
 * out), numeric codes digit strings, amounts integers in minor units.
 */

/** The terminal data as JSON: `TerminalParameters` with its byte fields in hex. */
export interface TerminalJson extends Omit<TerminalParameters, "capabilities" | "additionalCapabilities"> {
  capabilities: string;
  additionalCapabilities: string;
}

export interface AidJson {
  aid: string;
  label: string;
  partialSelection: boolean;
  priority: number;
  applicationVersions: string[];
  tacDenial: string;
  tacOnline: string;
  tacDefault: string;
  floorLimit: number;
  threshold: number;
  targetPercentage: number;
  maxTargetPercentage: number;
  defaultDdol: string;
  defaultTdol?: string;
  onlinePin: boolean;
  transactionLimit?: number;
}

export interface CaKeyJson {
  rid: string;
  index: string;
  modulus: string;
  exponent: string;
  /** YYMMDD or YYYYMMDD in, YYYYMMDD out */
  expiry: string;
  hashAlgorithm: string;
  checksum: string;
}

export interface RevocationJson {
  rid: string;
  index: string;
  serial: string;
}

export interface LimitsJson {
  maxTransactionAmount: number;
  maxPreauthAmount: number;
  dailyTotals: { sale: number; refund: number; preauth: number };
  managerPin: { required: boolean; keyName: string };
}

export interface ReceiptJson {
  operator?: string;
  eReceiptUrl?: string;
  /** the bits in hex */
  logo?: { width: number; height: number; bits: string };
  amounts?: { style: "code" | "symbol"; decimal?: "." | ","; group?: "," | "." | " " | "'" | ""; symbolAfter?: boolean };
  products?: { plu: number; name: string; unitPrice: number }[];
}

/** A configuration as JSON holds it, before validation (see README.md for each field's rules). */
export interface TerminalConfigJson {
  version: 1;
  terminal: TerminalJson;
  aids: AidJson[];
  caKeys: CaKeyJson[];
  revocations?: RevocationJson[];
  exceptionFile?: string[];
  limits: LimitsJson;
  receipt?: ReceiptJson;
}

const byteHex = (n: number) => toHex(Uint8Array.of(n));

function receiptToJson(receipt: ReceiptSettings): ReceiptJson {
  const { logo, ...rest } = receipt;
  return { ...rest, ...(logo ? { logo: { width: logo.width, height: logo.height, bits: toHex(logo.bits) } } : {}) };
}

/**
 * The canonical JSON form of a validated configuration: upper-case hex,
 * four-digit years, the optional lists written even when empty, an
 * AID's empty TDOL and absent limit left out. Reading it back gives the
 * same configuration.
 */
export function configToJson(config: TerminalConfig): TerminalConfigJson {
  const t = config.terminal;
  return {
    version: 1,
    terminal: {
      ...t,
      capabilities: toHex(t.capabilities),
      additionalCapabilities: toHex(t.additionalCapabilities),
      timeZone: { ...t.timeZone },
      languages: t.languages.slice(),
    },
    aids: config.aids.map((a) => {
      const out: AidJson = {
        ...a,
        aid: toHex(a.aid),
        applicationVersions: a.applicationVersions.map(toHex),
        tacDenial: toHex(a.tacDenial),
        tacOnline: toHex(a.tacOnline),
        tacDefault: toHex(a.tacDefault),
        defaultDdol: toHex(a.defaultDdol),
        defaultTdol: toHex(a.defaultTdol),
      };
      if (a.defaultTdol.length === 0) delete out.defaultTdol;
      if (a.transactionLimit === undefined) delete out.transactionLimit;
      return out;
    }),
    caKeys: config.caKeys.map((k) => ({
      rid: toHex(k.rid),
      index: byteHex(k.index),
      modulus: toHex(k.modulus),
      exponent: toHex(k.exponent),
      expiry: k.expiry,
      hashAlgorithm: byteHex(k.hashAlgorithm),
      checksum: toHex(k.checksum),
    })),
    revocations: config.revocations.map((r) => ({ rid: toHex(r.rid), index: byteHex(r.index), serial: toHex(r.serial) })),
    exceptionFile: config.exceptionFile.slice(),
    limits: {
      maxTransactionAmount: config.limits.maxTransactionAmount,
      maxPreauthAmount: config.limits.maxPreauthAmount,
      dailyTotals: { ...config.limits.dailyTotals },
      managerPin: { ...config.limits.managerPin },
    },
    ...(config.receipt ? { receipt: receiptToJson(config.receipt) } : {}),
  };
}
