import { fromHex } from "../../modules/core/hex.ts";
import { CliError } from "./cli-error.ts";
import { option, type Args } from "./args.ts";

/**
 * A required hex-valued option as bytes.
 * @throws CliError `USAGE` when absent; XsposError `HEX_INVALID` when not hex
 */
export function hexOption(args: Args, name: string, usage: string): Uint8Array {
  const v = option(args, name);
  if (v === undefined) throw new CliError("USAGE", usage);
  return fromHex(v);
}
