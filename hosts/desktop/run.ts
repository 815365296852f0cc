/**
 * `make sim`: the desktop terminal simulator. The firmware image
 * (hosts/desktop/terminal.ts) runs the terminal application on the real
 * XS engine against the acquirer emulator; the terminal's journal, keys
 * and DUKPT registers and the emulator's ledger live in the simulator's
 * directory, so a restart meets both as they were.
 *
 * By default the web front end serves a page on 127.0.0.1 (hosts/desktop/web);
 * `--text` (or `--demo`, `--interactive`) runs the text front end.
 */
import { parseSimOptions, SIM_USAGE } from "./sim-options.ts";

const parsed = parseSimOptions(process.argv.slice(2));
if (parsed.kind === "help") {
  console.log(SIM_USAGE);
  process.exit(0);
}
if (parsed.kind === "error") {
  console.error(`xspos simulator: ${parsed.message}\n${SIM_USAGE}`);
  process.exit(2);
}
const root = new URL("../..", import.meta.url).pathname;
if (parsed.options.text) {
  const { runText } = await import("./text-front.ts");
  await runText(parsed.options, root);
} else {
  const { runWeb } = await import("./web/server.ts");
  await runWeb(parsed.options, root);
}
