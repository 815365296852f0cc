import { toHex } from "../../../modules/core/hex.ts";
import { aesCounter, aesInitialKey, aesKeyType, aesTransactionKey, aesWorkingKey, checkAesKsn, checkDerivable, type AesDukptKeyType, type AesKeyUsage } from "../../../modules/pin/dukpt/aes-dukpt.ts";
import { tdesIpek, tdesTransactionKey, tdesWorkingKey, type TdesKeyUsage } from "../../../modules/pin/dukpt/tdes-dukpt.ts";
import { tdesCounter, tdesKsn } from "../../../modules/pin/dukpt/tdes-ksn.ts";
import { NodeCrypto } from "../../node/node-crypto.ts";
import { flag, option, type Args } from "../args.ts";
import type { LeafCommand } from "../command.ts";
import { hexInput } from "../input.ts";

const TDES_USAGES: [TdesKeyUsage, string][] = [["pin", "pin"], ["mac-request", "macRequest"], ["mac-response", "macResponse"], ["data-request", "dataRequest"], ["data-response", "dataResponse"]];
const AES_USAGES: [AesKeyUsage, string][] = [["pin", "pin"], ["mac-generate", "macGenerate"], ["mac-verify", "macVerify"], ["mac-both", "macBoth"], ["data-encrypt", "dataEncrypt"], ["data-decrypt", "dataDecrypt"], ["data-both", "dataBoth"], ["kek", "keyEncryption"]];
const KEY_TYPES: readonly AesDukptKeyType[] = ["AES128", "AES192", "AES256", "TDES2", "TDES3"];

function dukpt(args: Args): Record<string, unknown> {
  const bdk = hexInput(option(args, "bdk")!, "--bdk");
  const ksnBytes = hexInput(option(args, "ksn")!, "--ksn");
  const crypto = new NodeCrypto();
  if (!flag(args, "aes")) {
    const ksn = tdesKsn(ksnBytes);
    const ipek = tdesIpek(crypto, bdk, ksn);
    const counter = tdesCounter(ksn);
    const out: Record<string, unknown> = { scheme: "tdes", standard: "ANSI X9.24-1:2009", ksn: toHex(ksn), counter, ipek: toHex(ipek) };
    if (counter === 0) return out;
    const key = tdesTransactionKey(crypto, ipek, ksn);
    out.transactionKey = toHex(key);
    out.keys = Object.fromEntries(TDES_USAGES.map(([usage, name]) => [name, toHex(tdesWorkingKey(crypto, key, usage))]));
    return out;
  }
  const keyType = (option(args, "key-type") ?? "AES128") as AesDukptKeyType;
  checkAesKsn(ksnBytes);
  const initialKey = aesInitialKey(crypto, bdk, ksnBytes.subarray(0, 8));
  // the key type is checked against the BDK whatever the counter, so that a counter of zero,
  // which derives no working key, does not hide a --key-type no key of this BDK can have
  checkDerivable(aesKeyType(initialKey), keyType);
  const counter = aesCounter(ksnBytes);
  const out: Record<string, unknown> = { scheme: "aes", standard: "ANSI X9.24-3-2017", ksn: toHex(ksnBytes), counter, initialKey: toHex(initialKey) };
  if (counter === 0) return out;
  const key = aesTransactionKey(crypto, initialKey, ksnBytes);
  out.derivationKey = toHex(key);
  out.keyType = keyType;
  out.keys = Object.fromEntries(AES_USAGES.map(([usage, name]) => [name, toHex(aesWorkingKey(crypto, key, ksnBytes, usage, keyType))]));
  return out;
}

/** `xspos dukpt`: the acquirer's view of one KSN, TDES or AES DUKPT. */
export const dukptCommand: LeafCommand = {
  name: "dukpt",
  summary: "DUKPT initial, transaction and working keys of a KSN",
  description:
    "The acquirer's view of a KSN. TDES (ANSI X9.24-1:2009, 10-byte KSN): the\n" +
    "IPEK, the transaction key and the working keys. AES (ANSI X9.24-3-2017,\n" +
    "12-byte KSN): the initial key, the derivation key and the working keys of\n" +
    "type --key-type. A counter of zero gives the initial key only.",
  options: [
    { name: "bdk", kind: "hex", placeholder: "HEX", limit: 64, required: true, help: "the base derivation key: TDES (16 bytes), or AES (16, 24 or 32 bytes) with --aes" },
    { name: "ksn", kind: "hex", placeholder: "HEX", limit: 64, required: true, help: "the key serial number: 10 bytes (TDES) or 12 bytes (AES)" },
    { name: "aes", kind: "flag", help: "AES DUKPT (ANSI X9.24-3-2017) instead of TDES DUKPT" },
    {
      name: "key-type",
      kind: "choice",
      choices: KEY_TYPES,
      ignoreCase: true,
      onlyWith: { option: "aes" },
      help: "the type of the working keys (default AES128); none stronger than the BDK",
    },
  ],
  positionals: [],
  run: dukpt,
};
