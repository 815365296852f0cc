/**
 * The board's terminal configuration (modules/config `SAMPLE_CONFIG`),
 * read when the image is linked: this module is preloaded, so the
 * configuration's objects and bytes are in flash, not in the XS heap.
 * The CA keys' checksums need the crypto port: main.ts verifies them at
 * start (`checkTerminalConfig`) and starts no terminal when one fails.
 */
import { readTerminalConfig } from "../../modules/config/config.ts";
import { SAMPLE_CONFIG } from "../../modules/config/sample-config.ts";

export const BOARD_CONFIG = readTerminalConfig(SAMPLE_CONFIG);
