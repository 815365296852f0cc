import test from "ava";
import fc from "fast-check";
import { fromHex, toHex } from "../../../../modules/core/hex.ts";
import { encodeCommand, parseResponse, type CommandApdu, type ResponseApdu } from "../../../../modules/iso7816/apdu.ts";
import type { ApduTransport } from "../../../../modules/iso7816/transport.ts";
import { EmvKernel } from "../../../../modules/emv/kernel/kernel.ts";
import type { HostAnswer } from "../../../../modules/emv/kernel/online-processing.ts";
import type { KernelOutcome } from "../../../../modules/emv/kernel/outcome.ts";
import type { ApplicationChoice, CardholderPort, PinEntry, PinRequest } from "../../../../modules/emv/kernel/ports.ts";
import { seededRandom } from "../../../../modules/core/seeded-random.ts";
import { format2PinBlock } from "../../../support/emv-cardholder.ts";
import { aidEntry, kernelConfig } from "../../../support/emv-config.ts";
import { testCrypto } from "../../../support/crypto.ts";
import { MAESTRO, PYTHON_EMV } from "../vectors.ts";
import { MAESTRO_CA_KEY, MAESTRO_RECORDS } from "./kernel-vectors.ts";

/*
 * Whatever the card answers, the kernel ends in an outcome and never
 * throws: answers drawn at random, and the Maestro card's published
 * answers (lumag/emv-tools) with bytes flipped, cut short or their status
 * word changed.
 */

const KINDS = new Set(["approved", "declined", "online", "end-application", "card-removed", "cancelled"]);
const config = kernelConfig([aidEntry("A0000000043060"), aidEntry("A0000000041010")], { caKeys: [MAESTRO_CA_KEY] });

/** A reader whose card answers each command through `answer`. */
class AnsweringCard implements ApduTransport {
  present = true;
  count = 0;
  constructor(private answer: (command: string, n: number) => Uint8Array) {}
  async transmit(command: CommandApdu | Uint8Array): Promise<ResponseApdu> {
    const hex = toHex(command instanceof Uint8Array ? command : encodeCommand(command));
    const bytes = this.answer(hex, this.count++);
    return parseResponse(bytes.length >= 2 ? bytes : Uint8Array.of(0x6f, 0x00));
  }
  subscribe() {
    return () => undefined;
  }
}

/** A cancelled outcome names its cause: the cardholder's cancel or a time-out. */
const causeKnown = (o: KernelOutcome): boolean => o.kind !== "cancelled" || o.cause === "cancel" || o.cause === "timeout";

/** A cardholder who answers within the port's contract, at random. */
function randomCardholder(next: () => number): CardholderPort {
  return {
    chooseApplication: (choice: ApplicationChoice) => {
      const r = next();
      return Promise.resolve(r < 0.05 ? "cancel" : r < 0.1 ? "timeout" : Math.floor(next() * choice.candidates.length));
    },
    enterPin: (request: PinRequest): Promise<PinEntry> => {
      const r = next();
      if (r < 0.1) return Promise.resolve({ kind: "bypassed" });
      if (r < 0.15) return Promise.resolve({ kind: "unavailable" });
      if (r < 0.2) return Promise.resolve({ kind: "cancelled" });
      if (r < 0.25) return Promise.resolve({ kind: "timed-out" });
      return Promise.resolve(request.kind === "online" ? { kind: "online-pin" } : { kind: "offline-pin", block: format2PinBlock("1234") });
    },
  };
}

async function run(card: ApduTransport, seed: number): Promise<KernelOutcome[]> {
  const next = seededRandom(seed);
  const kernel = new EmvKernel({ transport: card, crypto: testCrypto(seed), config, cardholder: randomCardholder(next) });
  const outcomes = [await kernel.start({ type: "purchase", amount: 5000, date: "150601", time: "120000" })];
  if (outcomes[0].kind === "online") {
    const answer: HostAnswer =
      next() < 0.3
        ? { kind: "unable-to-go-online" }
        : { kind: "host", approved: next() < 0.5, responseCode: "00", issuerAuthenticationData: fromHex("11223344556677883030"), issuerScripts: fromHex("710F9F180411223344860584DA000000") };
    outcomes.push(await kernel.complete(answer));
  }
  return outcomes;
}

const STATUS_WORDS = ["9000", "6A82", "6A83", "6985", "6283", "63C1", "63C0", "6983", "6A81", "6D00", "6700", "61FF"];

test("whatever random bytes and status words the card answers, the kernel ends in an outcome (a cancelled one naming its cause) and throws nothing", async (t) => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(fc.uint8Array({ maxLength: 80 }), fc.constantFrom(...STATUS_WORDS)), { minLength: 1, maxLength: 40 }), fc.integer(), async (answers, seed) => {
      const card = new AnsweringCard((_c, n) => {
        const [data, sw] = answers[n % answers.length];
        return Uint8Array.from([...data, ...fromHex(sw)]);
      });
      for (const o of await run(card, seed)) if (!KINDS.has(o.kind) || !causeKnown(o)) return false;
      return true;
    }),
    { numRuns: 150 },
  );
  t.pass();
});

// the Maestro card's answers by command (emv-tools), and what the file lacks as in the Maestro flow test
const MAESTRO_ANSWERS = new Map<string, string>([
  ["00A404000E315041592E5359532E444446303100", toHex(fromHex(MAESTRO.pseFci)) + "9000"],
  ["00B2010C00", toHex(fromHex(MAESTRO.pseRecord)) + "9000"],
  ["00B2020C00", "6A83"],
  ["00A4040007A000000004306000", toHex(fromHex(MAESTRO.adfFci)) + "9000"],
  ["00A4040007A000000004101000", "6A82"],
  ["80A8000002830000", toHex(fromHex(MAESTRO.gpo)) + "9000"],
  ...MAESTRO_RECORDS.map((r): [string, string] => [`00B2${r.record}${((r.sfi << 3) | 4).toString(16).toUpperCase().padStart(2, "0")}00`, toHex(fromHex(r.data)) + "9000"]),
  ["80CA9F1700", "9F1701039000"],
]);

function maestroAnswer(command: string): string {
  const known = MAESTRO_ANSWERS.get(command);
  if (known) return known;
  if (command.startsWith("0088")) return "8070" + "55".repeat(112) + "9000";
  if (command.startsWith("0020")) return "9000";
  if (command.startsWith("80AE80")) return toHex(fromHex(PYTHON_EMV.generateAc)) + "9000";
  if (command.startsWith("80AE")) return `800B${command.slice(4, 6) === "40" ? "40" : "00"}0006A1A2A3A4A5A6A7A89000`;
  return "6A82";
}

test("the Maestro card's answers with a byte flipped, cut short or another status word: an outcome every time (a cancelled one naming its cause), no exception", async (t) => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.record({ at: fc.nat(30), kind: fc.constantFrom("flip", "cut", "sw"), offset: fc.nat(300), value: fc.integer({ min: 1, max: 255 }), sw: fc.constantFrom(...STATUS_WORDS) }), { maxLength: 4 }),
      fc.integer(),
      async (mutations, seed) => {
        const card = new AnsweringCard((command, n) => {
          let bytes = fromHex(maestroAnswer(command));
          for (const m of mutations) {
            if (m.at !== n) continue;
            if (m.kind === "flip" && bytes.length > 2) bytes[m.offset % (bytes.length - 2)] ^= m.value;
            else if (m.kind === "cut") bytes = Uint8Array.from([...bytes.subarray(0, Math.max(0, bytes.length - 2 - (m.offset % bytes.length))), 0x90, 0x00]);
            else if (m.kind === "sw") bytes = Uint8Array.from([...bytes.subarray(0, bytes.length - 2), ...fromHex(m.sw)]);
          }
          return bytes;
        });
        for (const o of await run(card, seed)) if (!KINDS.has(o.kind) || !causeKnown(o)) return false;
        return true;
      },
    ),
    { numRuns: 150 },
  );
  t.pass();
});
