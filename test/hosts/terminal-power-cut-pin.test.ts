/**
 * Power cuts at the terminal level in the sales with an online PIN, the
 * chip card's (test/emv/cards/dda.json: online PIN first) and the
 * swiped debit card's (service code 206: PIN), against the acquirer
 * emulator over sockets (power-cut-harness.ts): the power cut at every
 * journal write and erase of the sale, a reboot, recovery, a PIN sale on
 * the rebooted terminal and the audit against the emulator's ledger. A
 * restart never reuses a KSN: every KSN the emulator received over a
 * run's boots (the cut one, the reboot cut in turn, the last one) is
 * distinct.
 */
import { CHIP_PIN, DEBIT } from "./terminal-device.ts";
import { DEBIT_SWIPE, coverageTest, cutEveryOperation, pinSaleAfterReboot, type Script } from "./power-cut-harness.ts";

const SCRIPTS: Script[] = [
  {
    name: "chip sale with online PIN",
    minCuts: 3,
    pin: true,
    act: async (d) => {
      await d.type("5000");
      await d.press("ENTER");
      const card = await d.insert("dda");
      await d.until("pin", "idle");
      // the dda card's PIN at the emulator (test-device accounts)
      await d.type("2468");
      await d.press("ENTER");
      await d.until("remove-card", "idle");
      card.pull();
      await d.until("idle");
    },
    done: (d) => d.acquirer.ledger.net(CHIP_PIN) === 5000,
    afterReboot: pinSaleAfterReboot,
  },
  {
    name: "sale by swipe with online PIN",
    minCuts: 3,
    pin: true,
    act: async (d) => {
      await d.type("2000");
      await d.press("ENTER");
      await d.swipe(DEBIT_SWIPE);
      await d.type("1234");
      await d.press("ENTER");
      await d.until("idle");
    },
    done: (d) => d.acquirer.ledger.net(DEBIT) === 2000,
    afterReboot: pinSaleAfterReboot,
  },
];

coverageTest(SCRIPTS, cutEveryOperation(SCRIPTS));
