/**
 * Terminal configurations for the EMV kernel's tests, as modules/config
 * hands them over once validated. The AID entries take the sample
 * configuration's values (modules/config/sample-config.ts: Mastercard's
 * TACs from DspreadOrg/qpos) unless a test says otherwise; random
 * selection is off unless a test turns it on, so outcomes do not hang on
 * a random draw.
 */
import { fromHex } from "../../modules/core/hex.ts";
import type { AidParameters, TerminalConfig, TerminalParameters } from "../../modules/config/types.ts";
import type { CaPublicKey } from "../../modules/emv/oda/ca-key.ts";

/** A merchant-attended terminal, offline with online capability (22), caps 60F8C8 (Book 4 annex A1, A2). */
export function terminalParameters(over: Partial<TerminalParameters> = {}): TerminalParameters {
  return {
    terminalType: "22",
    capabilities: fromHex("60F8C8"),
    additionalCapabilities: fromHex("E800A0F001"),
    countryCode: "344",
    currencyCode: "344",
    currencyExponent: 2,
    merchantCategoryCode: "5999",
    merchantIdentifier: "XSPOS0000000001",
    terminalIdentification: "TID00001",
    ifdSerialNumber: "SN000001",
    acquirerIdentifier: "123456789",
    merchantNameAndLocation: "XSPOS TEST SHOP",
    timeZone: { name: "Asia/Hong_Kong", offsetMinutes: 480 },
    languages: ["en"],
    ...over,
  };
}

/** An AID entry: Mastercard's sample TACs, floor limit 100.00, no random selection. */
export function aidEntry(aid: string, over: Partial<AidParameters> = {}): AidParameters {
  return {
    aid: fromHex(aid),
    label: "TEST",
    partialSelection: true,
    priority: 1,
    applicationVersions: [fromHex("0002")],
    tacDenial: fromHex("0000000000"),
    tacOnline: fromHex("FC50BC8000"),
    tacDefault: fromHex("FC50BC8000"),
    floorLimit: 10000,
    threshold: 5000,
    targetPercentage: 0,
    maxTargetPercentage: 0,
    defaultDdol: fromHex("9F3704"),
    defaultTdol: new Uint8Array(0),
    onlinePin: true,
    ...over,
  };
}

/** A whole configuration around the given AID entries and CA keys (given as offline data authentication takes them; the configuration adds an expiry and the hash algorithm). */
export function kernelConfig(aids: AidParameters[], over: { terminal?: Partial<TerminalParameters>; caKeys?: CaPublicKey[]; exceptionFile?: string[] } = {}): TerminalConfig {
  return {
    version: 1,
    terminal: terminalParameters(over.terminal),
    aids,
    caKeys: (over.caKeys ?? []).map((k) => ({ ...k, expiry: k.expiry ?? "20491231", hashAlgorithm: 1 as const })),
    revocations: [],
    exceptionFile: over.exceptionFile ?? [],
    limits: { maxTransactionAmount: 5_000_000, maxPreauthAmount: 5_000_000, dailyTotals: { sale: 100_000_000, refund: 5_000_000, preauth: 100_000_000 }, managerPin: { required: false, keyName: "manager.pin" } },
  };
}
