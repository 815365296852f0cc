import test from "ava";
import { decodeStatus, interruptReason, isStatusByte, type PrinterStatus } from "../../../drivers/printer/status.ts";

// Bit tables of the Epson ESC/POS Command Reference, "DLE EOT: Transmit real-time status":
// every answer has bit 0 = 0, bit 1 = 1, bit 4 = 1, bit 7 = 0, i.e. 12h with nothing to report.
const IDLE = [0x12, 0x12, 0x12, 0x12] as const;

test("12h to each of DLE EOT 1-4 is a ready printer with nothing to report", (t) => {
  const s = decodeStatus(IDLE);
  t.like(s, { kind: "reported", ready: true, online: true, paperEnd: false, paperNearEnd: false, coverOpen: false, cutterError: false });
});

const VECTORS: [string, [number, number, number, number], Record<string, unknown>][] = [
  // n=1 bit 3 (08h): offline; bit 2 (04h): drawer kick-out connector pin 3 high
  ["n=1 1Ah: offline", [0x1a, 0x12, 0x12, 0x12], { online: false, ready: false }],
  ["n=1 16h: drawer pin 3 high, still ready", [0x16, 0x12, 0x12, 0x12], { drawerPin3High: true, ready: true }],
  // n=2 bit 2 (04h): cover open; bit 5 (20h): printing stopped at paper end; bit 6 (40h): error
  ["n=2 16h: cover open", [0x1a, 0x16, 0x12, 0x12], { coverOpen: true, ready: false }],
  ["n=2 32h: paper-end stop", [0x1a, 0x32, 0x12, 0x12], { paperEnd: true, ready: false }],
  ["n=2 52h: error occurred", [0x1a, 0x52, 0x12, 0x12], { error: true, ready: false }],
  // n=3 bit 3 (08h): autocutter error; bit 5 (20h): unrecoverable; bit 6 (40h): automatically recoverable (head temperature)
  ["n=3 1Ah: autocutter error", [0x1a, 0x52, 0x1a, 0x12], { cutterError: true, ready: false }],
  ["n=3 32h: unrecoverable error", [0x1a, 0x52, 0x32, 0x12], { unrecoverableError: true }],
  ["n=3 52h: head too hot", [0x1a, 0x52, 0x52, 0x12], { autoRecoverableError: true }],
  // n=4 bits 2-3 (0Ch): roll paper near end; bits 5-6 (60h): roll paper end sensor, no paper
  ["n=4 1Eh: paper near end, still ready", [0x12, 0x12, 0x12, 0x1e], { paperNearEnd: true, paperEnd: false, ready: true }],
  ["n=4 7Eh: no paper", [0x1a, 0x32, 0x12, 0x7e], { paperNearEnd: true, paperEnd: true, ready: false }],
];
for (const [what, answers, expected] of VECTORS) {
  test(`DLE EOT answers (Epson reference): ${what}`, (t) => {
    t.like(decodeStatus(answers), { kind: "reported", ...expected });
  });
}

test("every byte value 00-FF to every query decodes without an exception; garbage exactly when a fixed bit is wrong", (t) => {
  let garbage = 0;
  for (let query = 0; query < 4; query++) {
    for (let byte = 0; byte < 256; byte++) {
      const answers = [...IDLE] as [number, number, number, number];
      answers[query] = byte;
      const s = decodeStatus(answers);
      const fixedOk = (byte & 0x01) === 0 && (byte & 0x02) !== 0 && (byte & 0x10) !== 0 && (byte & 0x80) === 0;
      if (fixedOk) {
        if (s.kind !== "reported") t.fail(`query ${query + 1}, byte ${byte.toString(16)}: ${s.kind}`);
      } else {
        garbage++;
        if (s.kind !== "garbage" || s.query !== query + 1 || s.byte !== byte) t.fail(`query ${query + 1}, byte ${byte.toString(16)} not reported as garbage`);
      }
    }
  }
  // 16 of the 256 values have the four fixed bits right
  t.is(garbage, 4 * 240);
});

test("XON (11h) and XOFF (13h) can never be status answers: bit 0 is set", (t) => {
  t.false(isStatusByte(0x11));
  t.false(isStatusByte(0x13));
  t.true(isStatusByte(0x12));
});

test("why a status stops a job", (t) => {
  const reasons = (s: PrinterStatus) => interruptReason(s);
  t.is(reasons(decodeStatus(IDLE)), undefined);
  t.is(reasons(decodeStatus([0x1a, 0x32, 0x12, 0x7e])), "paper-end");
  t.is(reasons(decodeStatus([0x1a, 0x36, 0x12, 0x12])), "cover-open", "an open cover is named before the paper");
  t.is(reasons(decodeStatus([0x1a, 0x52, 0x1a, 0x12])), "error");
  t.is(reasons(decodeStatus([0x1a, 0x12, 0x12, 0x12])), "offline");
  t.is(reasons({ kind: "not-responding" }), "not-responding");
  t.is(reasons({ kind: "garbage", query: 2, byte: 0xff }), "garbage");
});
