/**
 * The scenario suite on the XS engine (xsnap, built-ins frozen as on a
 * Moddable host): Node reads each scenario and sets its card and
 * configuration up (overrides, signatures made again); XS runs the
 * virtual card, the slot driver and the contact kernel with the software
 * crypto backend. Every scenario passes there, with the very run (trace,
 * TVR, cryptograms) it has on Node.
 */
import test from "ava";
import { fileURLToPath } from "node:url";
import { NodeCrypto } from "../../../hosts/node/node-crypto.ts";
import { setUpCard } from "../../../hosts/emv-scenarios/card-profile.ts";
import { jsonNames, readCardJson, readScenarioJson, scenariosDir } from "../../../hosts/emv-scenarios/files.ts";
import { runScenario } from "../../../hosts/emv-scenarios/run-scenario.ts";
import { parseScenario } from "../../../hosts/emv-scenarios/scenario.ts";
import { setUpConfig } from "../../../hosts/emv-scenarios/terminal-config.ts";
import { bundleForXs, startXs } from "../../../tools/xs-worker.ts";

const SEED = 1;

test("every scenario of the suite passes on XS, with the same run as on Node", async (t) => {
  t.timeout(600_000);
  const names = jsonNames(scenariosDir());
  t.true(names.length >= 40, `${names.length} scenarios`);
  const code = await bundleForXs(fileURLToPath(new URL("./xs-entry.ts", import.meta.url)));
  const worker = await startXs();
  const node = new NodeCrypto();
  try {
    await worker.evaluate(code);
    for (const name of names) {
      const raw = readScenarioJson(name);
      const scenario = parseScenario(raw);
      const { json: card } = setUpCard(node, readCardJson(scenario.card.profile, "card.profile"), {
        set: scenario.card.set,
        resign: scenario.card.resign,
        removeAfterCommand: scenario.cardholder.removeCardAfterCommand,
      });
      const { json: config } = setUpConfig(node, undefined, { set: scenario.terminal.set, withoutCaKeys: scenario.terminal.withoutCaKeys });
      const args = [raw, card, config, SEED].map((a) => JSON.stringify(a)).join(", ");
      const { messages } = await worker.evaluate(`runScenarioOnXs(${args})`);
      const out = messages[0] as { name: string; error?: string; run?: { problems: string[] }; checks?: { field: string; pass: boolean; expected: unknown; actual: unknown }[] };
      t.is(out?.error, undefined, name);
      if (!out?.checks || !out.run) {
        t.fail(`${name}: no answer from XS`);
        continue;
      }
      for (const check of out.checks) t.true(check.pass, `${name} on XS: ${check.field} expected ${JSON.stringify(check.expected)}, got ${JSON.stringify(check.actual)}`);
      t.deepEqual(out.run.problems, [], `${name} on XS: nothing went wrong around the transaction`);
      const onNode = await runScenario(scenario, { seed: SEED });
      t.deepEqual(out.run, JSON.parse(JSON.stringify(onNode.actual)), `${name}: the same run on XS as on Node`);
    }
  } finally {
    await worker.close();
  }
});
