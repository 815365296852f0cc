/**
 * Power cuts at the terminal level, for every transaction type, against
 * the acquirer emulator over real sockets on 127.0.0.1, with the real
 * drivers over virtual devices (terminal-device.ts): the power cut at
 * every write and every erase each transaction makes on the journal's
 * flash, a reboot on the same flash, key store and DUKPT registers, and
 * the rebooted terminal's books against the emulator's ledger
 * (power-cut-harness.ts). This file: the sales, the balance inquiry, the
 * last transaction's void, the swiped refund and pre-authorizations, the
 * reprint, the settlement and the boot's sign-on. The PIN sales are cut in
 * terminal-power-cut-pin.test.ts, the chip refund and pre-authorization in
 * terminal-power-cut-chip.test.ts, the merchant's other operations in
 * terminal-power-cut-merchant.test.ts.
 */
import test from "ava";
import { CHIP, DEBIT, VISA, device, menu, swiped } from "./terminal-device.ts";
import { coverageTest, cutEveryOperation, mtiStan, pinSaleAfterReboot, type Script } from "./power-cut-harness.ts";

const SWIPE = `${VISA}=30121011234567890`;

const SCRIPTS: Script[] = [
  { name: "sale by swipe", minCuts: 3, act: (d) => swiped(d, "1500"), done: (d) => d.acquirer.ledger.net(VISA) === 1500 },
  {
    name: "chip sale",
    minCuts: 3,
    act: async (d) => {
      await d.type("15000");
      await d.press("ENTER");
      const card = await d.insert("signature");
      await d.until("remove-card", "idle");
      card.pull();
      await d.until("idle");
    },
    done: (d) => d.acquirer.ledger.net(CHIP) === 15000,
  },
  {
    // the signature card approves offline (TC) up to 50.00 under the floor limit of 100.00 (test/emv/cards/signature.json): an advice tells the host
    name: "chip sale approved offline (advice)",
    minCuts: 3,
    act: async (d) => {
      await d.type("2000");
      await d.press("ENTER");
      const card = await d.insert("signature");
      await d.until("remove-card", "idle");
      card.pull();
      await d.until("idle");
    },
    done: (d) => d.acquirer.ledger.net(CHIP) === 2000 && [...d.acquirer.ledger.entries.values()].some((e) => e.offline),
  },
  {
    name: "basket sale with a cash part",
    minCuts: 3,
    act: async (d) => {
      // F1: two items at 5.00, then 3.00 in cash: the card pays 7.00
      await d.press("F1");
      await d.type("2");
      await d.press("ENTER");
      await d.type("500");
      await d.press("ENTER", "ENTER");
      await d.type("300");
      await d.press("ENTER");
      await d.swipe(SWIPE);
      await d.until("idle");
    },
    done: (d) => d.acquirer.ledger.net(VISA) === 700,
  },
  {
    name: "balance inquiry",
    minCuts: 2,
    act: async (d) => {
      await d.press("MENU", menu("BALANCE"));
      await d.swipe(`${DEBIT}=31061201234567890`);
      await d.type("1234");
      await d.press("ENTER");
      await d.until("idle");
    },
    done: (d) => d.shown.some((m) => m.id === "BALANCE"),
    pin: true,
    afterReboot: pinSaleAfterReboot,
  },
  {
    name: "void",
    minCuts: 3,
    setup: (d) => swiped(d, "1200"),
    act: async (d) => {
      await d.press("MENU", menu("VOID"));
      await d.press("ENTER", "ENTER");
      await d.until("idle");
    },
    done: (d) => d.acquirer.ledger.net(VISA) === 0 && [...d.acquirer.ledger.entries.values()].some((e) => e.kind === "void" && e.responseCode === "00"),
  },
  { name: "refund", minCuts: 3, act: (d) => swiped(d, "500", "REFUND"), done: (d) => d.acquirer.ledger.net(VISA) === -500 },
  { name: "pre-authorization", minCuts: 3, act: (d) => swiped(d, "6000", "PREAUTH"), done: (d) => d.acquirer.ledger.held(VISA) === 6000 },
  {
    name: "pre-authorization completion",
    minCuts: 3,
    setup: (d) => swiped(d, "6000", "PREAUTH"),
    act: async (d) => {
      await d.press("MENU", menu("PREAUTH_COMPLETION"));
      await d.press("ENTER");
      await d.type("4500");
      await d.press("ENTER", "ENTER");
      await d.until("idle");
    },
    done: (d) => d.acquirer.ledger.held(VISA) === 0 && d.acquirer.ledger.net(VISA) === 4500,
  },
  {
    name: "pre-authorization cancellation",
    minCuts: 3,
    setup: (d) => swiped(d, "6000", "PREAUTH"),
    act: async (d) => {
      await d.press("MENU", menu("PREAUTH_CANCEL"));
      await d.press("ENTER", "ENTER");
      await d.until("idle");
    },
    done: (d) => d.acquirer.ledger.held(VISA) === 0 && d.acquirer.ledger.net(VISA) === 0 && d.terminal.journal.openHolds().length === 0,
  },
  {
    // the reprint's print-job records (its start, its end): a cut leaves the books as they were
    name: "reprint",
    minCuts: 2,
    setup: (d) => swiped(d, "1300"),
    act: async (d) => {
      await d.press("MENU", menu("REPRINT"));
      await d.until("idle");
    },
    done: (d) => d.acquirer.ledger.net(VISA) === 1300 && d.paper().some((l) => l.includes("REPRINT")),
  },
  {
    name: "settlement",
    minCuts: 3,
    // blocks of 512: the reserve must hold what the compaction keeps and a chip transaction's sealed intent
    geometry: { blocks: 10, blockSize: 512 },
    setup: async (d) => {
      await swiped(d, "1000");
      await swiped(d, "2000");
      await swiped(d, "300", "REFUND");
    },
    act: async (d) => {
      await d.press("MENU", menu("SETTLEMENT"));
      await d.until("idle");
    },
    done: (d) => [...d.acquirer.ledger.entries.values()].every((e) => e.settled) && d.terminal.journal.batchNumber === 2,
  },
];

const covered = cutEveryOperation(SCRIPTS);
let signOnCuts = 0;

test.serial("sign-on at boot: a power cut at every journal write of the boot's sign-on (its STAN reservation); the next boot signs on with STANs never used before", async (t) => {
  const first = await device();
  await first.close(true);
  const probe = first.flash.reboot();
  const booted = await device({ flash: probe, keys: first.keys, store: first.store, acquirer: first.acquirer });
  const operations = probe.operations;
  await booted.close(true);
  t.true(operations > 0, "the boot's sign-on reserves STANs on the journal");
  await first.acquirer.close();
  const failures: string[] = [];
  for (let k = 1; k <= operations; k++) {
    const d = await device();
    await d.close(true);
    const flash = d.flash.reboot();
    flash.cutPowerAt(k);
    const cut = await device({ flash, keys: d.keys, store: d.store, acquirer: d.acquirer });
    if (cut.terminal.state !== "halted") failures.push(`cut ${k}: the terminal is ${cut.terminal.state}, not halted`);
    await cut.close(true);
    const again = await device({ flash: flash.reboot(), keys: d.keys, store: d.store, acquirer: d.acquirer });
    try {
      if (!again.terminal.acquirer.signedOn) failures.push(`cut ${k}: not signed on after the reboot`);
      await swiped(again, "1000");
      if (again.acquirer.ledger.net(VISA) !== 1000) failures.push(`cut ${k}: the sale after the reboot moved ${again.acquirer.ledger.net(VISA)}`);
      const sent = [...d.uplink, ...cut.uplink, ...again.uplink].map(mtiStan);
      const signOns = new Set(sent.filter((m) => m.mti === "0800").map((m) => m.stan));
      for (const m of sent) if (m.mti === "0200" && signOns.has(m.stan)) failures.push(`cut ${k}: the sale reused a sign-on's STAN ${m.stan}`);
    } finally {
      await again.close();
    }
  }
  signOnCuts = operations;
  t.log(`${operations} cut points`);
  t.deepEqual(failures, []);
});

coverageTest(SCRIPTS, covered, () => ({ "sign-on at boot": signOnCuts }));
