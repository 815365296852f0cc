import { toHex } from "../../../modules/core/hex.ts";
import { aesCounter, aesInitialKey, aesTransactionKey, aesWorkingKey, checkAesKsn, type AesDukptKeyType, type AesKeyUsage } from "../../../modules/pin/dukpt/aes-dukpt.ts";
import { tdesIpek, tdesTransactionKey, tdesWorkingKey, type TdesKeyUsage } from "../../../modules/pin/dukpt/tdes-dukpt.ts";
import { tdesCounter, tdesKsn } from "../../../modules/pin/dukpt/tdes-ksn.ts";
import { NodeCrypto } from "../../node/node-crypto.ts";
import { CliError } from "../cli-error.ts";
import { option, type Args } from "../args.ts";
import { hexOption } from "../hex-option.ts";

const USAGE = "usage: xspos dukpt --bdk HEX --ksn HEX [--aes [--key-type AES128|AES192|AES256|TDES2|TDES3]]";
const TDES_USAGES: [TdesKeyUsage, string][] = [["pin", "pin"], ["mac-request", "macRequest"], ["mac-response", "macResponse"], ["data-request", "dataRequest"], ["data-response", "dataResponse"]];
const AES_USAGES: [AesKeyUsage, string][] = [["pin", "pin"], ["mac-generate", "macGenerate"], ["mac-verify", "macVerify"], ["mac-both", "macBoth"], ["data-encrypt", "dataEncrypt"], ["data-decrypt", "dataDecrypt"], ["data-both", "dataBoth"], ["kek", "keyEncryption"]];
const KEY_TYPES = ["AES128", "AES192", "AES256", "TDES2", "TDES3"];

/**
 * `xspos dukpt`: the acquirer's view of one KSN: the initial key and, for
 * a non-zero counter, the transaction key and every working key.
 */
export function dukptCommand(args: Args): Record<string, unknown> {
  if (args.positional.length) throw new CliError("USAGE", USAGE);
  const bdk = hexOption(args, "bdk", USAGE);
  const ksnBytes = hexOption(args, "ksn", USAGE);
  const crypto = new NodeCrypto();
  if (!args.options.has("aes")) {
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
  const keyType = (option(args, "key-type") ?? "AES128").toUpperCase();
  if (!KEY_TYPES.includes(keyType)) throw new CliError("USAGE", `--key-type must be one of ${KEY_TYPES.join(", ")}`);
  checkAesKsn(ksnBytes);
  const initialKey = aesInitialKey(crypto, bdk, ksnBytes.subarray(0, 8));
  const counter = aesCounter(ksnBytes);
  const out: Record<string, unknown> = { scheme: "aes", standard: "ANSI X9.24-3-2017", ksn: toHex(ksnBytes), counter, initialKey: toHex(initialKey) };
  if (counter === 0) return out;
  const key = aesTransactionKey(crypto, initialKey, ksnBytes);
  out.derivationKey = toHex(key);
  out.keyType = keyType;
  out.keys = Object.fromEntries(AES_USAGES.map(([usage, name]) => [name, toHex(aesWorkingKey(crypto, key, ksnBytes, usage, keyType as AesDukptKeyType))]));
  return out;
}
