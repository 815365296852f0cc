/**
 * The simulator's terminal configuration: the sample one with the test
 * CA keys the wallet's chip cards are certified under, and no random
 * selection for online (a demo's sale goes online or not by its amount
 * alone). Read when the program is linked, as the board's is
 * (hosts/esp32/board-config.ts): this module is preloaded, so the
 * configuration is in the image, not in the XS heap; main.ts verifies
 * the CA keys' checksums at start.
 */
import { readTerminalConfig } from "../../modules/config/config.ts";
import { SAMPLE_CONFIG } from "../../modules/config/sample-config.ts";
import testCaKeys from "../../test/emv/cards/ca/test-ca-keys.json" with { type: "json" };

export const SIM_CONFIG = readTerminalConfig({
  ...SAMPLE_CONFIG,
  caKeys: [...SAMPLE_CONFIG.caKeys, ...testCaKeys.caKeys],
  aids: SAMPLE_CONFIG.aids.map((a) => ({ ...a, targetPercentage: 0, maxTargetPercentage: 0 })),
});
