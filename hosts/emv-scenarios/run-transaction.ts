/**
 * One contact transaction as a scenario sets it up: a card profile made
 * into a virtual card (hosts/desktop/emv-card) in a virtual slot, read by
 * the slot driver (drivers/smartcard) in T=0 or T=1 on a virtual clock;
 * the contact kernel (modules/emv/kernel) with the terminal
 * configuration and a scripted cardholder; and, when the card asks to go
 * online, the card's issuer answering (issuer-host.ts). Returns what
 * happened, as plain JSON.
 */
import { NodeCrypto } from "../node/node-crypto.ts";
import { setUpCard } from "./card-profile.ts";
import type { HostSpec, PinAction, TransactionSpec } from "./scenario.ts";
import { ScenarioCrypto } from "./terminal-crypto.ts";
import { setUpConfig, type ConfigChanges } from "./terminal-config.ts";
import { transact, type RunResult } from "./transact.ts";

export { transact, type CryptogramSeen, type PreparedRun, type RunCrypto, type RunResult } from "./transact.ts";

/** Everything one run needs. */
export interface RunSetup {
  /** the card profile's JSON */
  card: unknown;
  cardSet?: Record<string, unknown>;
  resign?: boolean;
  /** the chip stops answering once the slot has activated it */
  mute?: boolean;
  removeAfterCommand?: number;
  /** the configuration's JSON (the sample when absent) */
  config?: unknown;
  configChanges?: ConfigChanges;
  /** the random-selection draw, 1-99 */
  randomNumber: number;
  transaction: TransactionSpec;
  pins: readonly PinAction[];
  application?: number;
  /** absent: an online request finds no host (as unreachable) */
  host?: HostSpec;
  /** the random sources' seed */
  seed?: number;
  /** where the setup comes from, for messages (`card`, `terminal`) */
  where?: { card: string; terminal: string };
}

/**
 * Runs one transaction: the card and configuration set up (overrides,
 * signatures made again), then ./transact.ts with OpenSSL under the
 * seeded random sources.
 * @throws ScenarioError `SCENARIO_SETUP`, `SCENARIO_FIELD` when the card or configuration cannot be set up; `EMV_KERNEL_INPUT` (EmvError) for a transaction the kernel refuses
 */
export async function runTransaction(setup: RunSetup): Promise<RunResult> {
  const seed = setup.seed ?? 1;
  const where = setup.where ?? { card: "card", terminal: "terminal" };
  const node = new NodeCrypto();
  const { profile } = setUpCard(node, setup.card, { set: setup.cardSet, resign: setup.resign, removeAfterCommand: setup.removeAfterCommand, where: where.card });
  const { config } = setUpConfig(node, setup.config, { ...setup.configChanges, where: where.terminal });
  const prepared = { profile, config, mute: setup.mute, transaction: setup.transaction, pins: setup.pins, application: setup.application, host: setup.host };
  return transact(prepared, { terminal: new ScenarioCrypto(seed, setup.randomNumber), card: new ScenarioCrypto(seed + 1000), issuer: node });
}
