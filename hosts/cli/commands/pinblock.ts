import { toHex } from "../../../modules/core/hex.ts";
import { encryptPinBlock, clearPinBlock, panField, pinField } from "../../../modules/pin/pin-block.ts";
import { PinError } from "../../../modules/pin/error.ts";
import { NodeCrypto } from "../../node/node-crypto.ts";
import { option, type Args } from "../args.ts";
import type { LeafCommand } from "../command.ts";
import { hexInput } from "../input.ts";
import { repeatRandom } from "../repeat-random.ts";

const DIGITS = /^[0-9]*$/;

function pinblock(args: Args): Record<string, unknown> {
  const format = Number(option(args, "format")) as 0 | 1 | 2 | 3 | 4;
  const pinText = option(args, "pin")!;
  if (!DIGITS.test(pinText)) throw new PinError("PIN_DIGIT", "--pin takes decimal digits only");
  const pan = option(args, "pan");
  const keyText = option(args, "key");
  const key = keyText === undefined ? undefined : hexInput(keyText, "--key");
  const digits = Uint8Array.from(pinText, Number);
  // the fill drawn for the clear block is drawn again, the same, for the enciphered one
  const fill = repeatRandom(new NodeCrypto());
  const crypto = fill.crypto;
  try {
    const out: Record<string, unknown> = { format };
    if (format === 4) {
      if (pan === undefined) throw new PinError("PIN_PAN", "format 4 needs --pan");
      out.panField = toHex(panField(4, pan));
      out.pinField = toHex(pinField(crypto, 4, digits));
      fill.replay();
      if (key) out.block = toHex(encryptPinBlock(crypto, digits, { format: 4, key, pan }));
      return out;
    }
    out.clearBlock = toHex(clearPinBlock(crypto, format, digits, pan));
    fill.replay();
    if (key) out.block = toHex(encryptPinBlock(crypto, digits, { format: format as 0 | 1 | 3, key, pan }));
    return out;
  } finally {
    fill.wipe();
    digits.fill(0);
  }
}

/** `xspos pinblock`: an ISO 9564-1 PIN block, clear and, with a key, enciphered. */
export const pinblockCommand: LeafCommand = {
  name: "pinblock",
  summary: "an ISO 9564-1 PIN block",
  description:
    "An ISO 9564-1 PIN block. Formats 0 and 3 need the PAN, 1 and 2 do not;\n" +
    "format 4 (AES) needs the PAN and gives the PIN and PAN fields and, with\n" +
    "--key, the enciphered block. Formats 1, 3 and 4 carry random fill, so\n" +
    "they change from run to run; the clear block (or PIN field) printed is\n" +
    "the one that was enciphered.",
  options: [
    { name: "format", kind: "choice", choices: ["0", "1", "2", "3", "4"], required: true, help: "the PIN block format" },
    { name: "pin", kind: "text", placeholder: "DIGITS", limit: 32, required: true, help: "the PIN, 4 to 12 decimal digits" },
    { name: "pan", kind: "text", placeholder: "PAN", limit: 32, onlyWith: { option: "format", values: ["0", "3", "4"] }, help: "the PAN, 8 to 19 digits" },
    {
      name: "key",
      kind: "hex",
      placeholder: "HEX",
      limit: 64,
      onlyWith: { option: "format", values: ["0", "1", "3", "4"] },
      help: "the key to encipher the block under: TDES (16 or 24 bytes) for formats 0, 1 and 3, AES for format 4",
    },
  ],
  positionals: [],
  run: pinblock,
};
