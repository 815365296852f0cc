/**
 * Power cuts at the terminal level in the merchant's operations the main
 * suite (terminal-power-cut.test.ts) does not cut: a void that carries
 * the sale's PAN sealed in its intent (`voidCarriesPan`), the void of a
 * transaction chosen by its trace number (not the last), the sign-on the
 * host asks for (its answer A0 to a sale) and a settlement the host does
 * not reconcile (95), with its batch upload; against the acquirer
 * emulator over sockets (power-cut-harness.ts): the power cut at every
 * journal write and erase, a reboot, recovery and the audit against the
 * emulator's ledger.
 */
import { unpack } from "../../modules/iso8583/codec.ts";
import { ISO87A } from "../../modules/iso8583/dialect.ts";
import { text } from "../../modules/iso8583/message.ts";
import { VISA, menu, swiped, type Device } from "./terminal-device.ts";
import { coverageTest, cutEveryOperation, mtiStan, type Script } from "./power-cut-harness.ts";

/** The voids (0200 processing 02) the terminal sent, decoded. */
const voidsSent = (d: Device) => d.uplink.map((f) => unpack(ISO87A, f.subarray(2))).filter((m) => m.mti === "0200" && (text(m, 3) ?? "").startsWith("02"));
const sent = (d: Device, mti: string) => d.uplink.map(mtiStan).filter((m) => m.mti === mti).length;
const sales = (d: Device) => [...d.acquirer.ledger.entries.values()].filter((e) => e.kind === "sale");

const SCRIPTS: Script[] = [
  {
    name: "void carrying the sealed PAN",
    minCuts: 3,
    options: { voidCarriesPan: true },
    setup: (d) => swiped(d, "1200"),
    act: async (d) => {
      await d.press("MENU", menu("VOID"));
      await d.press("ENTER", "ENTER");
      await d.until("idle");
    },
    // the PAN unsealed from the sale's intent went in the void's DE2
    done: (d) => d.acquirer.ledger.net(VISA) === 0 && voidsSent(d).length === 1 && text(voidsSent(d)[0], 2) === VISA,
  },
  {
    name: "void of a chosen transaction (not the last)",
    minCuts: 3,
    setup: async (d) => {
      await swiped(d, "1000");
      await swiped(d, "2000");
    },
    act: async (d) => {
      const first = d.terminal.journal.transactions().find((x) => x.kind === "sale" && x.amountMinor === 1000)!;
      await d.press("MENU", menu("VOID"));
      await d.type(String(first.stan));
      await d.press("ENTER", "ENTER");
      await d.until("idle");
    },
    done: (d) => d.acquirer.ledger.net(VISA) === 2000 && sales(d).some((e) => e.amountMinor === 1000 && e.voided) && sales(d).some((e) => e.amountMinor === 2000 && !e.voided),
  },
  {
    // the emulator forgets the session key: the sale is answered A0, which asks for a sign-on; the terminal reverses the sale, signs on, and the next sale sends the reversal first
    name: "sign-on the host asks for",
    minCuts: 5,
    setup: async (d) => d.acquirer.inject({ on: "0200", kind: "sign-on" }),
    act: async (d) => {
      await swiped(d, "1500");
      await swiped(d, "700");
    },
    done: (d) => d.acquirer.ledger.net(VISA) === 700 && sent(d, "0800") === 2 && d.acquirer.ledger.reversalsReceived.size === 1,
  },
  {
    name: "settlement with batch upload",
    // blocks of 512: settlement's compaction erases blocks
    geometry: { blocks: 10, blockSize: 512 },
    minCuts: 3,
    setup: async (d) => {
      await swiped(d, "1000");
      await swiped(d, "2000");
      await swiped(d, "300", "REFUND");
      d.acquirer.inject({ on: "0500", kind: "reconcile" });
    },
    act: async (d) => {
      await d.press("MENU", menu("SETTLEMENT"));
      await d.until("idle");
    },
    done: (d) => [...d.acquirer.ledger.entries.values()].every((e) => e.settled) && d.terminal.journal.batchNumber === 2 && sent(d, "0320") === 3 && sent(d, "0500") === 2,
  },
];

coverageTest(SCRIPTS, cutEveryOperation(SCRIPTS));
