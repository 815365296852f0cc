import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { cmac } from "../../../modules/crypto/cmac.ts";
import { CryptoError } from "../../../modules/crypto/error.ts";
import { cbcMac, retailMac } from "../../../modules/crypto/iso9797-mac.ts";
import { NodeCrypto } from "../../node/node-crypto.ts";
import { CliError } from "../cli-error.ts";
import { option, type Args } from "../args.ts";
import { hexOption } from "../hex-option.ts";

const USAGE = "usage: xspos mac --alg x919|cmac|iso9797-1 --key HEX [--cipher aes|tdes|des] [--padding 1|2] <hex data>";

/**
 * `xspos mac`: the ANSI X9.19 retail MAC (ISO 9797-1 algorithm 3), a
 * CBC-MAC (ISO 9797-1 algorithm 1) or a CMAC (NIST SP 800-38B).
 */
export function macCommand(args: Args): Record<string, unknown> {
  const alg = option(args, "alg");
  const [dataText, extra] = args.positional;
  if (alg === undefined || dataText === undefined || extra !== undefined) throw new CliError("USAGE", USAGE);
  const key = hexOption(args, "key", USAGE);
  const data = fromHex(dataText);
  const paddingText = option(args, "padding") ?? "1";
  if (paddingText !== "1" && paddingText !== "2") throw new CliError("USAGE", "--padding must be 1 or 2");
  const padding = Number(paddingText) as 1 | 2;
  const cipherText = option(args, "cipher")?.toUpperCase();
  if (cipherText !== undefined && !["AES", "TDES", "DES"].includes(cipherText)) throw new CliError("USAGE", "--cipher must be aes, tdes or des");
  const crypto = new NodeCrypto();
  let mac: Uint8Array;
  let cipher: string;
  if (alg === "x919") {
    cipher = "DES";
    mac = retailMac(crypto, key, data, padding);
  } else if (alg === "cmac") {
    cipher = cipherText ?? "AES";
    if (cipher === "DES") throw new CryptoError("CRYPTO_KEY_LENGTH", "CMAC runs on AES or TDES");
    mac = cmac(crypto, cipher as "AES" | "TDES", key, data);
  } else if (alg === "iso9797-1") {
    cipher = cipherText ?? (key.length === 8 ? "DES" : "TDES");
    mac = cbcMac(crypto, cipher as "AES" | "TDES" | "DES", key, data, padding);
  } else throw new CliError("USAGE", `--alg must be x919, cmac or iso9797-1, not ${JSON.stringify(alg)}`);
  return { alg, cipher, ...(alg === "cmac" ? {} : { padding }), mac: toHex(mac), mac4: toHex(mac.subarray(0, 4)), dataLength: data.length };
}
