/**
 * The acquirer emulator for the Moddable simulator, on Node:
 *   npx tsx hosts/sim/acquirer.ts [--port 8583]
 * The emulator of hosts/acquirer with the accounts and the issuers of the
 * simulator's chip cards (hosts/desktop/cards.ts), as the desktop
 * simulator starts it: a chip card's ARQC is checked with its profile's
 * keys and answered with its ARPC; the online-PIN card's PIN is 1234.
 * The simulator reaches it at the manifest's `config.acquirer`.
 */
import { fromHex } from "../../modules/core/hex.ts";
import { ISO87A } from "../../modules/iso8583/dialect.ts";
import { defaultAccounts, type Account } from "../acquirer/accounts.ts";
import { startAcquirer } from "../acquirer/acquirer.ts";
import { TEST_BDK, TEST_TMK } from "../acquirer/test-keys.ts";
import { cardIssuers, profilePan } from "../desktop/card-issuers.ts";
import { CHIP_CARDS } from "../desktop/cards.ts";
import { loadTestCard } from "../desktop/emv-card/test-cards.ts";
import { SIM_OFFSET_MINUTES } from "./zone.ts";

const args = process.argv.slice(2);
const at = args.indexOf("--port");
const port = Number(at >= 0 ? args[at + 1] : "8583");
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  process.stderr.write("usage: npx tsx hosts/sim/acquirer.ts [--port 8583]\n");
  process.exit(2);
}
const chipNames = CHIP_CARDS.flatMap((c) => (c.profile ? [c.profile] : []));
const chipAccounts: Account[] = chipNames.flatMap((name) =>
  loadTestCard(name).applications.flatMap((app) => {
    const pan = profilePan(app);
    return pan ? [{ pan, balanceMinor: 5_000_000, limitMinor: 2_000_000, expiry: "4912", ...(name === "dda" ? { pin: "1234" } : {}) }] : [];
  }),
);
const acquirer = await startAcquirer({
  port,
  host: "127.0.0.1",
  dialect: ISO87A,
  bdk: fromHex(TEST_BDK),
  tmk: fromHex(TEST_TMK),
  // the host's local time (DE12/DE13 of its sign-on answer) in the simulated terminal's zone
  offsetMinutes: SIM_OFFSET_MINUTES,
  accounts: [...defaultAccounts(), ...chipAccounts],
  issuer: cardIssuers(chipNames),
  log: (line) => process.stdout.write(`${line}\n`),
});
process.stdout.write(`acquirer emulator for the Moddable simulator on 127.0.0.1:${acquirer.port} (iso87a); Ctrl-C ends it\n`);
process.on("SIGINT", () => void acquirer.close().then(() => process.exit(0)));
