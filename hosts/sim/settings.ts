import config from "mc/config";
import { ISO87A } from "../../modules/iso8583/dialect.ts";
import { SIM_OFFSET_MINUTES } from "./zone.ts";
import type { AcquirerConfig } from "../../modules/uplink/acquirer-client.ts";

/** The acquirer emulator's default port (hosts/sim/acquirer.ts, hosts/acquirer/main.ts). */
const DEFAULT_PORT = 8583;

/**
 * The manifest's `config.acquirer`, which `mcconfig ... acquirer=host:port`
 * overrides: the acquirer by IP address (the `Link` port does no DNS
 * lookup) and its port.
 */
function acquirerAddress(): { host: string; port: number } {
  const value = String(config.acquirer ?? `127.0.0.1:${DEFAULT_PORT}`);
  const colon = value.lastIndexOf(":");
  const port = Number(value.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535) {
    trace(`sim: config.acquirer "${value}" is not host:port; 127.0.0.1:${DEFAULT_PORT} is used\n`);
    return { host: "127.0.0.1", port: DEFAULT_PORT };
  }
  return { host: value.slice(0, colon), port };
}

const address = acquirerAddress();

/** What the simulator's image is built with: one place, as board.ts is for the ESP32. */
export const SIM = {
  acquirer: {
    host: address.host,
    port: address.port,
    dialect: ISO87A,
    terminalId: "XSPOS001",
    merchantId: "XSPOSSIMULATOR1",
    connectTimeoutMs: 3000,
    responseTimeoutMs: 10_000,
  } satisfies AcquirerConfig,
  /** local time less UTC, minutes (zone.ts) */
  offsetMinutes: SIM_OFFSET_MINUTES,
  /** the simulator's font has Latin glyphs only */
  language: "en" as const,
  /** the board's printer: 58 mm paper */
  paperMm: 58 as const,
  merchant: { name: "XSPOS SIMULATOR" },
  /** the manager PIN provisioned on a fresh key store, as on the desktop simulator and a development board */
  managerPin: "9876",
  /** the journal in a file: 16 erase blocks of 4 KB, as the desktop simulator's (the board's `journal` partition has 64) */
  journal: { file: "xspos-journal.bin", blocks: 16, blockSize: 4096 },
  /** the key store and the DUKPT registers: a file per NVS key in this directory (file-preference.ts) */
  nvsDirectory: "xspos-nvs",
};
