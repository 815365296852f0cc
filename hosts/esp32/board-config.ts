/**
 * The board's terminal configuration (modules/config `SAMPLE_CONFIG`),
 * read and checked field by field when the image is built: the board's
 * build evaluates this module on Node and bundles the configuration it
 * exports as literals (tools/build.mjs `atBuild`,
 * tools/build-time-module.ts), so the image holds the configuration and
 * not its reader. The module is preloaded, so the configuration's
 * objects and bytes are in flash, not in the XS heap. The CA keys'
 * checksums need the crypto port: main.ts verifies them at start
 * (`checkTerminalConfig`) and starts no terminal when one fails.
 */
import { readTerminalConfig } from "../../modules/config/config.ts";
import { SAMPLE_CONFIG } from "../../modules/config/sample-config.ts";

export const BOARD_CONFIG = readTerminalConfig(SAMPLE_CONFIG);
