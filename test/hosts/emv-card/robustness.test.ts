/**
 * Whatever a terminal sends, the card answers with a status word: random
 * commands (mostly the card's own instructions, with random parameters
 * and data, in random order after a valid start) never make it throw.
 */
import test from "ava";
import fc from "fast-check";
import { bytes, card, selectAndRead } from "./support.ts";

const INSTRUCTIONS = [0xa4, 0xb2, 0xa8, 0xca, 0x84, 0x88, 0x20, 0xae, 0x82, 0x1e, 0x18, 0x16, 0x24, 0xda, 0x00, 0xff];
const CLASSES = [0x00, 0x80, 0x84, 0x04, 0xff];

const command = fc.record({
  cla: fc.constantFrom(...CLASSES),
  ins: fc.constantFrom(...INSTRUCTIONS),
  p1: fc.oneof(fc.constantFrom(0x00, 0x04, 0x40, 0x80, 0x90, 0x9f), fc.integer({ min: 0, max: 255 })),
  p2: fc.oneof(fc.constantFrom(0x00, 0x02, 0x0c, 0x80, 0x88), fc.integer({ min: 0, max: 255 })),
  // lengths the card checks for: PIN block, ARPC data, CDOL1 and CDOL2 data of both schemes, an ICC key's modulus
  data: fc.option(
    fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 255 }),
      fc.constantFrom(8, 10, 16, 29, 33, 39, 41, 128).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
    ),
    { nil: undefined },
  ),
});

for (const name of ["dda", "cda", "offline-enciphered-pin", "online-declined"]) {
  test(`${name}: 200 runs of 12 random commands after SELECT and GPO get status words, never an exception`, (t) => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 12 }), (commands) => {
        const c = card(name);
        selectAndRead(c, bytes(name === "cda" ? "A0000000041010" : "A0000000031010"));
        for (const cmd of commands) {
          const answer = c.process(cmd.data ? cmd : { cla: cmd.cla, ins: cmd.ins, p1: cmd.p1, p2: cmd.p2 });
          if (!Number.isInteger(answer.sw) || answer.sw < 0x6000 || answer.sw > 0x9fff) return false;
        }
        return true;
      }),
      { numRuns: 200, seed: 4242 },
    );
    t.pass();
  });
}
