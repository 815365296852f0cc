/**
 * xspos command-line tool: JSON on stdout; on bad input, exit status 2 and
 * `{"error":{"code":"...","message":"..."}}`.
 */
import { XsposError } from "../../modules/core/error.ts";
import { parseArgs } from "./args.ts";
import { CliError } from "./cli-error.ts";
import { f2fCommand } from "./commands/f2f.ts";
import { trackCommand } from "./commands/track.ts";
import { pinblockCommand } from "./commands/pinblock.ts";
import { dukptCommand } from "./commands/dukpt.ts";
import { macCommand } from "./commands/mac.ts";
import { iso8583Command } from "./commands/iso8583.ts";
import { atrCommand } from "./commands/atr.ts";

const COMMANDS: Record<string, { run: (args: ReturnType<typeof parseArgs>) => unknown; flags?: string[]; help: string }> = {
  track: { run: trackCommand, help: "track <track string>            parse an ISO/IEC 7813 track 1 or 2" },
  f2f: { run: f2fCommand, flags: ["reveal"], help: "f2f --track N [--reveal] <file>  decode flux-reversal intervals (µs) of one track" },
  pinblock: { run: pinblockCommand, help: "pinblock --format N --pin P [--pan PAN] [--key HEX]  an ISO 9564-1 PIN block" },
  dukpt: { run: dukptCommand, flags: ["aes"], help: "dukpt --bdk HEX --ksn HEX [--aes]  DUKPT initial, transaction and working keys" },
  mac: { run: macCommand, help: "mac --alg x919|cmac|iso9797-1 --key HEX <hex data>  a MAC" },
  atr: { run: atrCommand, help: "atr <hex>  an ISO/IEC 7816-3 answer-to-reset, with EMV's verdict" },
  iso8583: { run: iso8583Command, flags: ["reveal", "text"], help: "iso8583 unpack|pack --dialect iso87a|iso87b <hex | json>  an ISO 8583:1987 message" },
};

function usage(): string {
  return "usage: xspos <command> ...\n" + Object.values(COMMANDS).map((c) => "  xspos " + c.help).join("\n");
}

function main(argv: string[]): number {
  const [name, ...rest] = argv;
  try {
    const command = name === undefined ? undefined : COMMANDS[name];
    if (!command) throw new CliError("USAGE", name === undefined ? usage() : `unknown command ${JSON.stringify(name)}\n${usage()}`);
    const result = command.run(parseArgs(rest, command.flags));
    process.stdout.write(JSON.stringify(result, null, 2) + "\n");
    return 0;
  } catch (e) {
    if (e instanceof XsposError) {
      process.stdout.write(JSON.stringify({ error: { code: e.code, message: e.message } }) + "\n");
      return 2;
    }
    const message = e instanceof Error ? e.message : String(e);
    process.stdout.write(JSON.stringify({ error: { code: "INTERNAL", message } }) + "\n");
    return 70;
  }
}

process.exitCode = main(process.argv.slice(2));
