import { toHex } from "../../../modules/core/hex.ts";
import { encryptPinBlock, clearPinBlock, panField, pinField } from "../../../modules/pin/pin-block.ts";
import { NodeCrypto } from "../../node/node-crypto.ts";
import { CliError } from "../cli-error.ts";
import { option, type Args } from "../args.ts";
import { hexOption } from "../hex-option.ts";
import { PinError } from "../../../modules/pin/error.ts";

const USAGE = "usage: xspos pinblock --format 0|1|2|3|4 --pin DIGITS [--pan PAN] [--key HEX]";

/**
 * `xspos pinblock`: an ISO 9564-1 PIN block. Formats 1, 3 and 4 draw
 * their fill from the system's random source, so they differ per run.
 */
export function pinblockCommand(args: Args): Record<string, unknown> {
  const formatText = option(args, "format");
  const pinText = option(args, "pin");
  if (formatText === undefined || pinText === undefined || args.positional.length) throw new CliError("USAGE", USAGE);
  if (!/^[0-4]$/.test(formatText)) throw new CliError("USAGE", "--format must be 0, 1, 2, 3 or 4");
  if (!/^[0-9]*$/.test(pinText)) throw new PinError("PIN_DIGIT", "--pin takes decimal digits only");
  const format = Number(formatText) as 0 | 1 | 2 | 3 | 4;
  const pan = option(args, "pan");
  const key = args.options.has("key") ? hexOption(args, "key", USAGE) : undefined;
  const digits = Uint8Array.from(pinText, Number);
  const crypto = new NodeCrypto();
  const out: Record<string, unknown> = { format };
  if (format === 4) {
    if (pan === undefined) throw new PinError("PIN_PAN", "format 4 needs --pan");
    out.panField = toHex(panField(4, pan));
    if (key) out.block = toHex(encryptPinBlock(crypto, digits, { format: 4, key, pan }));
    else out.pinField = toHex(pinField(crypto, 4, digits));
    return out;
  }
  out.clearBlock = toHex(clearPinBlock(crypto, format, digits, pan));
  if (key) {
    if (format === 2) throw new CliError("USAGE", "format 2 is the plaintext block for the chip card: it takes no --key");
    out.block = toHex(encryptPinBlock(crypto, digits, { format, key, pan }));
  }
  return out;
}
