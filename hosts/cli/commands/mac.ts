import { toHex } from "../../../modules/core/hex.ts";
import { cmac } from "../../../modules/crypto/cmac.ts";
import { cbcMac, retailMac } from "../../../modules/crypto/iso9797-mac.ts";
import { NodeCrypto } from "../../node/node-crypto.ts";
import { option, usageError, type Args } from "../args.ts";
import type { LeafCommand } from "../command.ts";
import { hexInput } from "../input.ts";

/** Most data bytes a MAC is computed over: a large ISO 8583 message. */
export const MAX_MAC_DATA_BYTES = 8192;

function mac(args: Args): Record<string, unknown> {
  const alg = option(args, "alg") as "x919" | "cmac" | "iso9797-1";
  const key = hexInput(option(args, "key")!, "--key");
  const data = hexInput(args.positional[0], "<data>");
  const padding = Number(option(args, "padding") ?? "1") as 1 | 2;
  const chosen = option(args, "cipher")?.toUpperCase() as "AES" | "TDES" | "DES" | undefined;
  const crypto = new NodeCrypto();
  let result: Uint8Array;
  let cipher: string;
  if (alg === "x919") {
    cipher = "DES";
    result = retailMac(crypto, key, data, padding);
  } else if (alg === "cmac") {
    cipher = chosen ?? "AES";
    if (cipher === "DES") throw usageError("mac", "--cipher des does not apply with --alg cmac: CMAC runs on AES or TDES");
    result = cmac(crypto, cipher as "AES" | "TDES", key, data);
  } else {
    cipher = chosen ?? (key.length === 8 ? "DES" : "TDES");
    result = cbcMac(crypto, cipher as "AES" | "TDES" | "DES", key, data, padding);
  }
  return { alg, cipher, ...(alg === "cmac" ? {} : { padding }), mac: toHex(result), mac4: toHex(result.subarray(0, 4)), dataLength: data.length };
}

/**
 * `xspos mac`: the ANSI X9.19 retail MAC (ISO 9797-1 algorithm 3), a
 * CBC-MAC (ISO 9797-1 algorithm 1) or a CMAC (NIST SP 800-38B).
 */
export const macCommand: LeafCommand = {
  name: "mac",
  summary: "a MAC: ANSI X9.19 retail MAC, ISO 9797-1 CBC-MAC or CMAC",
  description:
    "x919: the ANSI X9.19 retail MAC (ISO 9797-1 algorithm 3, 16-byte key).\n" +
    "iso9797-1: CBC-MAC (algorithm 1) with DES (8-byte key), TDES or AES.\n" +
    "cmac: NIST SP 800-38B over AES (default) or TDES. Prints the whole last\n" +
    "block as mac and its first four bytes as mac4.",
  options: [
    { name: "alg", kind: "choice", choices: ["x919", "cmac", "iso9797-1"], required: true, help: "the MAC algorithm" },
    { name: "key", kind: "hex", placeholder: "HEX", limit: 64, required: true, help: "the MAC key" },
    {
      name: "cipher",
      kind: "choice",
      choices: ["aes", "tdes", "des"],
      ignoreCase: true,
      onlyWith: { option: "alg", values: ["cmac", "iso9797-1"] },
      help: "the block cipher (default: AES for cmac; for iso9797-1, DES with an 8-byte key, else TDES); cmac takes aes or tdes",
    },
    {
      name: "padding",
      kind: "choice",
      choices: ["1", "2"],
      onlyWith: { option: "alg", values: ["x919", "iso9797-1"] },
      help: "ISO 9797-1 padding method: 1 (zeros) or 2 (80 then zeros); default 1",
    },
  ],
  positionals: [{ name: "data", kind: "hex", limit: MAX_MAC_DATA_BYTES, help: "the data, hex" }],
  run: mac,
};
