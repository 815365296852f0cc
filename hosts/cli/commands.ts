import type { CommandSpec } from "./command.ts";
import { atrCommand } from "./commands/atr.ts";
import { emvCommand } from "./commands/emv.ts";
import { escposCommand } from "./commands/escpos.ts";
import { dukptCommand } from "./commands/dukpt.ts";
import { f2fCommand } from "./commands/f2f.ts";
import { iso8583Command } from "./commands/iso8583.ts";
import { macCommand } from "./commands/mac.ts";
import { pinblockCommand } from "./commands/pinblock.ts";
import { trackCommand } from "./commands/track.ts";
import { tlvCommand } from "./commands/tlv.ts";

/**
 * Every command of `xspos`, in the order `xspos --help` lists them. A new
 * command is a `CommandSpec` in commands/ and one line here.
 */
export const COMMANDS: readonly CommandSpec[] = [trackCommand, f2fCommand, pinblockCommand, dukptCommand, macCommand, atrCommand, iso8583Command, tlvCommand, emvCommand, escposCommand];
