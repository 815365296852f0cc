/**
 * Bundled for the XS engine by xs.test.ts: a scenario run on XS from what
 * Node set up (the scenario's JSON, its card profile with the overrides
 * and new signatures in, its configuration), with the software crypto
 * backend under the same seeded random sources as on Node. The run and
 * its checks go back to Node. Portable code only.
 */
import { validateTerminalConfig } from "../../../modules/config/config.ts";
import { SoftwareCrypto } from "../../../modules/crypto/software-crypto.ts";
import { loadCardProfile } from "../../../hosts/desktop/emv-card/profile-reader.ts";
import { judge } from "../../../hosts/emv-scenarios/judge.ts";
import { parseScenario } from "../../../hosts/emv-scenarios/scenario.ts";
import { SeededCrypto } from "../../../hosts/emv-scenarios/seeded-crypto.ts";
import { transact } from "../../../hosts/emv-scenarios/transact.ts";
import { sendToParent } from "../../../tools/xs-send.ts";

// the seeded sources give every random byte; the backend's own source is never asked
const backend = new SoftwareCrypto(() => {
  throw new Error("the backend's random source is not used in a scenario");
});

(globalThis as Record<string, unknown>).runScenarioOnXs = (raw: unknown, card: unknown, config: unknown, seed: number) => {
  const scenario = parseScenario(raw);
  const prepared = {
    profile: loadCardProfile(card, { requireKeys: false }),
    config: validateTerminalConfig(config, backend),
    mute: scenario.card.mute,
    transaction: scenario.transaction,
    pins: scenario.cardholder.pins,
    application: scenario.cardholder.application,
    host: scenario.host,
  };
  const crypto = { terminal: new SeededCrypto(backend, seed, scenario.terminal.randomNumber), card: new SeededCrypto(backend, seed + 1000), issuer: backend };
  transact(prepared, crypto).then(
    (run) => sendToParent({ name: scenario.name, run, checks: judge(scenario.expect, run) }),
    (e: unknown) => sendToParent({ name: scenario.name, error: String(e) }),
  );
};
