/**
 * Power cuts at the terminal level in the chip card's refund and
 * pre-authorization and that hold's completion (test/emv/cards/
 * signature.json), against the acquirer emulator over sockets
 * (power-cut-harness.ts): the power cut at every journal write and erase
 * of the transaction, a reboot, recovery and the audit against the
 * emulator's ledger.
 */
import { CHIP, menu, type Device } from "./terminal-device.ts";
import { coverageTest, cutEveryOperation, type Script } from "./power-cut-harness.ts";

/** A chip transaction from the menu: the operation, the amount, the signature card in the slot until the terminal asks for it back. */
async function chip(d: Device, operation: string, amount: string): Promise<void> {
  await d.press("MENU", menu(operation));
  await d.type(amount);
  await d.press("ENTER");
  const card = await d.insert("signature");
  await d.until("remove-card", "idle");
  card.pull();
  await d.until("idle");
}

const SCRIPTS: Script[] = [
  {
    // the card gives its AAC by design; the refund goes online with the chip data
    name: "chip refund",
    minCuts: 3,
    act: (d) => chip(d, "REFUND", "3000"),
    done: (d) => d.acquirer.ledger.net(CHIP) === -3000,
  },
  {
    name: "chip pre-authorization",
    minCuts: 3,
    act: (d) => chip(d, "PREAUTH", "20000"),
    done: (d) => d.acquirer.ledger.held(CHIP) === 20000 && d.terminal.journal.openHolds().length === 1,
  },
  {
    name: "chip pre-authorization completion",
    minCuts: 3,
    setup: (d) => chip(d, "PREAUTH", "20000"),
    act: async (d) => {
      // no trace typed: the last open hold
      await d.press("MENU", menu("PREAUTH_COMPLETION"));
      await d.press("ENTER");
      await d.type("15000");
      await d.press("ENTER", "ENTER");
      await d.until("idle");
    },
    done: (d) => d.acquirer.ledger.held(CHIP) === 0 && d.acquirer.ledger.net(CHIP) === 15000 && d.terminal.journal.openHolds().length === 0,
  },
];

coverageTest(SCRIPTS, cutEveryOperation(SCRIPTS));
