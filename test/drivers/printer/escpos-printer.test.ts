import test from "ava";
import { toHex } from "../../../modules/core/hex.ts";
import { isXsposError } from "../../../modules/core/error.ts";
import { VirtualClock } from "../../../modules/core/virtual-clock.ts";
import { EscPosPrinter } from "../../../drivers/printer/escpos-printer.ts";
import { encodeEscPos } from "../../../modules/escpos/escpos-encoder.ts";
import { printerProfile } from "../../../modules/escpos/profile.ts";
import { decodeStatus } from "../../../drivers/printer/status.ts";
import { virtualPrinter } from "../../../hosts/desktop/virtual-printer.ts";
import { END_OF_COPY, PROFILE, rig, sampleJob } from "./rig.ts";

const JOB = sampleJob();

test("a job goes through whole: the paper gets every byte, the state ends done, acknowledged and printed", async (t) => {
  const { printer, device, serial, run, jobs, statuses } = rig();
  const state = await run(printer.print({ id: "000123-customer", bytes: JOB }));
  t.deepEqual(state, { id: "000123-customer", length: JOB.length, sent: JOB.length, acknowledged: JOB.length, printed: JOB.length, state: "done" });
  t.is(device.printedAnswers, 2, "GS r 1 before the final cut and at the end, each answered once the bytes before it printed");
  t.is(toHex(Uint8Array.from(device.printed)), toHex(JOB));
  t.deepEqual(jobs.map((j) => j.state), ["printing", "done"], "the journal hears of the start and the end");
  t.like(statuses[0], { kind: "reported", ready: true });
  t.is(serial[0].refused, 0, "never more bytes than onWritable allowed");
  // a status round (4 queries) before the job and after each chunk of about 64 bytes
  t.true(device.answered >= 4 * Math.ceil(JOB.length / 64), `${device.answered} status answers`);
});

test("chunks end between commands: every status query reached the printer between two commands", async (t) => {
  const { printer, device, run } = rig();
  await run(printer.print({ id: "j", bytes: JOB }));
  // the engine meets a DLE EOT as a command of its own only when it stands between commands;
  // inside another command's data it would have been printed as data
  const rounds = new Set(device.queryPositions);
  t.true(rounds.size >= Math.floor(JOB.length / 64), `${rounds.size} distinct positions`);
  t.is(device.printed.length, JOB.length, "no query bytes on the paper");
});

test("XON/XOFF: a slow printer with a small buffer holds the driver back and loses nothing", async (t) => {
  const bytes = encodeEscPos(
    Array.from({ length: 60 }, (_, i) => ({ type: "text" as const, text: `line ${i} ${"-".repeat(30)}` })),
    { profile: PROFILE },
  ).bytes;
  const { printer, device, run, wait } = rig({ bufferBytes: 1024, xoffMargin: 256, printBytesPerMs: 2 });
  const state = await run(printer.print({ id: "long", bytes }));
  t.is(state.state, "done");
  await wait(3000);
  t.true(device.xoffs > 0, "the printer sent XOFF");
  t.is(device.overflow, 0);
  t.is(toHex(Uint8Array.from(device.printed)), toHex(bytes));
});

test("without XON/XOFF in the profile, 13h from the printer is no flow control: it spoils a status answer", async (t) => {
  const bytes = encodeEscPos(
    Array.from({ length: 60 }, (_, i) => ({ type: "text" as const, text: `line ${i} ${"-".repeat(30)}` })),
    { profile: PROFILE },
  ).bytes;
  const { printer, device, run } = rig({ bufferBytes: 1024, xoffMargin: 256, printBytesPerMs: 2 }, { profile: printerProfile(80, { flowControl: "none", chunkBytes: 64 }) });
  const state = await run(printer.print({ id: "long", bytes }));
  t.true(device.xoffs > 0);
  t.like(state, { state: "interrupted", reason: "garbage" });
  t.deepEqual(printer.status, { kind: "garbage", query: 1, byte: 0x13 });
});

test("every status byte value to every query is decoded through the driver, garbage when a fixed bit is wrong", async (t) => {
  const { printer, device, wait } = rig({}, { pollMs: 20 });
  await wait(1);
  let checked = 0;
  for (let n = 1; n <= 4; n++) {
    for (let v = 0; v < 256; v++) {
      device.answer = (q) => (q === n ? v : device.statusByte(q));
      if (v === 0x11 || v === 0x13) {
        // XON and XOFF under this profile: flow control, so the query goes unanswered
        await wait(600);
        t.deepEqual(printer.status, { kind: "not-responding" }, `DLE EOT ${n} answered ${v.toString(16)}`);
        // let the round still waiting for that answer time out
        device.answer = undefined;
        await wait(600);
        continue;
      }
      await wait(30);
      const answers = [1, 2, 3, 4].map((q) => (q === n ? v : device.statusByte(q))) as [number, number, number, number];
      if (JSON.stringify(printer.status) !== JSON.stringify(decodeStatus(answers))) t.fail(`DLE EOT ${n} answered ${v.toString(16)}: ${JSON.stringify(printer.status)}`);
      checked++;
    }
  }
  t.is(checked, 4 * 254);
});

test("a printer that answers nothing is reported not responding, and a job stops at once", async (t) => {
  const { printer, device, run, wait, statuses } = rig();
  device.mute = true;
  await wait(600);
  t.deepEqual(printer.status, { kind: "not-responding" });
  const state = await run(printer.print({ id: "j", bytes: JOB }));
  t.like(state, { state: "interrupted", reason: "not-responding", sent: 0, acknowledged: 0 });
  device.mute = false;
  await wait(1500);
  t.like(printer.status, { kind: "reported", ready: true });
  t.deepEqual(statuses.map((s) => s.kind), ["not-responding", "reported"]);
});

test("a printer that answers garbage is reported so, without an exception, and the job stops", async (t) => {
  const { printer, device, run, wait } = rig();
  device.answer = () => 0xff;
  await wait(10);
  t.deepEqual(printer.status, { kind: "garbage", query: 1, byte: 0xff });
  const state = await run(printer.print({ id: "j", bytes: JOB }));
  t.like(state, { state: "interrupted", reason: "garbage" });
});

test("the cover opened during a job interrupts it where a status check found it", async (t) => {
  // at 9600 bit/s each chunk takes tens of milliseconds on the line
  const { printer, device, run, clock } = rig({ baud: 9600 });
  clock.set(() => device.openCover(), 150);
  const state = await run(printer.print({ id: "j", bytes: JOB }));
  t.like(state, { state: "interrupted", reason: "cover-open" });
  t.true(state.acknowledged > 0 && state.acknowledged < JOB.length, `acknowledged ${state.acknowledged}`);
  t.true(state.sent > state.acknowledged);
  t.like(printer.status, { kind: "reported", coverOpen: true, ready: false });
});

test("DLE EOT inside image data is answered by the printer and not taken for a status", async (t) => {
  // rows whose bytes are DLE EOT 1, DLE EOT 2, ...: the printer answers each (Epson reference, DLE EOT notes)
  const bits = Uint8Array.from({ length: 8 * 6 }, (_, i) => [0x10, 0x04, 0x01, 0x10, 0x04, 0x02][i % 6]);
  const bytes = encodeEscPos([{ type: "image", width: 64, height: 6, bits }, { type: "cut" }], { profile: PROFILE }).bytes;
  const { printer, device, run, statuses } = rig();
  const state = await run(printer.print({ id: "j", bytes }));
  t.is(state.state, "done");
  t.true(device.answered > 16, "the printer answered the data's DLE EOT too");
  t.true(statuses.every((s) => s.kind === "reported"), JSON.stringify(statuses));
  t.is(toHex(Uint8Array.from(device.printed)), toHex(bytes));
});

test("a job held inside a command by XOFF is given up as stalled and the printer's buffers are cleared", async (t) => {
  const bits = new Uint8Array(72 * 48).fill(0x55);
  const bytes = encodeEscPos([{ type: "image", width: 576, height: 48, bits }], { profile: PROFILE }).bytes;
  // an engine of 10 bytes a second and 512 bytes of buffer: the band of 3456 bytes never fits
  const { printer, device, run } = rig({ bufferBytes: 512, xoffMargin: 256, printBytesPerMs: 0.01 }, { stallMs: 2000 });
  const state = await run(printer.print({ id: "big", bytes }));
  t.like(state, { state: "interrupted", reason: "stalled" });
  t.true(state.sent < bytes.length);
  t.is(device.clears, 1, "DLE DC4 fn=8 emptied the buffer");
  t.true(device.printed.length < 64, "the image never printed");
});

test("print refuses a second job, a job while a copy waits for resume, a job without bytes, and after close", async (t) => {
  const { printer, device, run } = rig({ paperOutAt: 100 });
  const first = printer.print({ id: "a", bytes: JOB });
  const busy = await t.throwsAsync(printer.print({ id: "b", bytes: JOB }));
  t.true(isXsposError(busy, "PRINTER_BUSY"));
  t.like(await run(first), { state: "interrupted", reason: "paper-end" });
  t.true(isXsposError(await t.throwsAsync(printer.print({ id: "b", bytes: JOB })), "PRINTER_INTERRUPTED"));
  t.true(isXsposError(await t.throwsAsync(run(printer.resume())), "PRINTER_NOT_READY"), "no paper yet");
  device.loadPaper();
  await run(printer.resume());
  t.is(printer.interrupted, undefined);
  t.true(isXsposError(await t.throwsAsync(printer.print({ id: "", bytes: JOB })), "PRINTER_JOB"));
  t.true(isXsposError(await t.throwsAsync(printer.print({ id: "c", bytes: new Uint8Array(0) })), "PRINTER_JOB"));
  printer.close();
  t.true(isXsposError(await t.throwsAsync(printer.print({ id: "c", bytes: JOB })), "PRINTER_CLOSED"));
});

test("close ends the job under way as interrupted, releases the port and leaves no timer", async (t) => {
  const { printer, serial, clock } = rig();
  const job = printer.print({ id: "j", bytes: JOB });
  printer.close();
  t.like(await job, { state: "interrupted", reason: "closed" });
  t.true(serial[0].closed);
  t.is(clock.pending, 0);
  printer.close();
  t.pass("closing twice is harmless");
});

test("a constructor whose serial port fails leaves nothing behind", (t) => {
  const clock = new VirtualClock();
  class Busy {
    constructor() {
      throw new Error("UART 1 is in use");
    }
  }
  t.throws(() => new EscPosPrinter({ serial: { io: Busy as never }, clock }), { message: "UART 1 is in use" });
  t.is(clock.pending, 0);
});

test("a constructor that fails after opening the port closes it", (t) => {
  const { Serial, instances } = virtualPrinter();
  const clock = { now: () => 0, set: () => { throw new Error("no timers left"); }, clear: () => {} };
  t.throws(() => new EscPosPrinter({ serial: { io: Serial }, clock }), { message: "no timers left" });
  t.is(instances.length, 1);
  t.true(instances[0].closed);
});

test("options without a serial class or a clock are PRINTER_OPTIONS", (t) => {
  t.true(isXsposError(t.throws(() => new EscPosPrinter({ serial: {} as never, clock: new VirtualClock() })), "PRINTER_OPTIONS"));
  t.true(isXsposError(t.throws(() => new EscPosPrinter({ serial: { io: virtualPrinter().Serial }, clock: undefined as never })), "PRINTER_OPTIONS"));
});

// Paper out at every byte of the sample job: the job is reported interrupted where the last status
// check before that byte left it, the printer's buffer is cleared so nothing more of the copy
// prints, and after resume one whole copy follows the interrupted one and its cut.
test("paper out at every byte position: the right position is reported and the reprint is one whole copy", async (t) => {
  for (let p = 0; p < JOB.length; p++) {
    const { printer, device, run, wait } = rig({ paperOutAt: p });
    const state = await run(printer.print({ id: "r", bytes: JOB }));
    const checks = [...new Set(device.queryPositions)].filter((q) => q <= p);
    const expected = Math.max(...checks);
    if (state.state !== "interrupted" || state.reason !== "paper-end" || state.acknowledged !== expected || !(state.sent > p)) {
      t.fail(`paper out at ${p}: ${JSON.stringify(state)}, last check before it at ${expected}`);
      return;
    }
    const before = device.printed.length;
    device.loadPaper();
    await wait(1100);
    await run(printer.resume());
    const again = await run(printer.print({ id: "r", bytes: JOB }));
    const printed = toHex(Uint8Array.from(device.printed));
    const want = toHex(JOB.subarray(0, before)) + toHex(Uint8Array.from(END_OF_COPY)) + toHex(JOB);
    if (again.state !== "done" || before > p || printed !== want) {
      t.fail(`paper out at ${p}: ${before} bytes before the paper ran out, then ${printed.length / 2 - before}`);
      return;
    }
  }
  t.pass();
});

test("paper out on the final cut: the job is interrupted uncut (every other byte acknowledged), and resume's cut completes the copy", async (t) => {
  // the sample job ends with GS V 66 0 (feed and partial cut, Epson ESC/POS "GS V" function B)
  t.deepEqual([...JOB.subarray(-4)], [0x1d, 0x56, 66, 0]);
  const { printer, device, run, wait } = rig({ paperOutAt: JOB.length - 4 });
  const state = await run(printer.print({ id: "j", bytes: JOB }));
  t.like(state, { state: "interrupted", reason: "paper-end", acknowledged: JOB.length - 4, uncut: true });
  t.is(toHex(Uint8Array.from(device.printed)), toHex(JOB.subarray(0, -4)), "all but the cut reached the paper");
  device.loadPaper();
  await wait(1100);
  await run(printer.resume());
  t.is(toHex(Uint8Array.from(device.printed)), toHex(JOB.subarray(0, -4)) + toHex(Uint8Array.from(END_OF_COPY)));
});

test("paper out on the last byte before the final cut: interrupted, not uncut", async (t) => {
  const { printer, run } = rig({ paperOutAt: JOB.length - 5 });
  const state = await run(printer.print({ id: "j", bytes: JOB }));
  t.is(state.state, "interrupted");
  t.is(state.uncut, undefined);
});

// A printer that buffers and prints slower than the line: 4 KB of buffer, an engine of 0.5 bytes a ms
// (the sample job takes about half a second to print, a few ms to send at 115200 bit/s).
const SLOW = { bufferBytes: 4096, printBytesPerMs: 0.5 };

test("a buffering printer: the job is done only once the printer has printed its last byte (GS r 1 answered in sequence)", async (t) => {
  const { printer, device, run } = rig(SLOW);
  let printedWhenDone = -1;
  let buffered = -1;
  const state = await run(printer.print({ id: "j", bytes: JOB }).then((s) => ((printedWhenDone = device.printed.length), (buffered = device.buffered), s)));
  t.like(state, { state: "done", printed: JOB.length });
  t.is(printedWhenDone, JOB.length, "every byte was on paper when the job resolved");
  t.is(buffered, 0);
});

test("a buffering printer that runs out of paper after taking the whole job: interrupted, not done, and one whole copy after resume", async (t) => {
  for (const p of [10, 120, JOB.length - 5, JOB.length - 4]) {
    const { printer, device, run, wait } = rig({ ...SLOW, paperOutAt: p });
    const state = await run(printer.print({ id: "j", bytes: JOB }));
    t.like(state, { state: "interrupted", reason: "paper-end" }, `paper out at ${p}`);
    t.true(state.printed <= p, `paper out at ${p}: printed ${state.printed}`);
    t.is(state.uncut, p === JOB.length - 4 ? true : undefined, `paper out at ${p}`);
    const before = device.printed.length;
    device.loadPaper();
    await wait(1100);
    const r = await run(printer.resume());
    if (state.uncut) {
      t.deepEqual(r, { copy: "complete" });
      t.is(toHex(Uint8Array.from(device.printed)), toHex(JOB.subarray(0, -4)) + toHex(Uint8Array.from(END_OF_COPY)));
      continue;
    }
    t.deepEqual(r, { copy: "ended" });
    const again = await run(printer.print({ id: "j", bytes: JOB }));
    t.is(again.state, "done");
    t.is(toHex(Uint8Array.from(device.printed)), toHex(JOB.subarray(0, before)) + toHex(Uint8Array.from(END_OF_COPY)) + toHex(JOB), `paper out at ${p}`);
  }
});

test("a printer without DLE DC4 fn=8 keeps its buffer: paper out at every byte, resume sends the rest of the job and the paper holds the job exactly once", async (t) => {
  const profile = printerProfile(80, { chinese: true, chunkBytes: 64, clearBuffers: false });
  for (let p = 0; p < JOB.length; p++) {
    const { printer, device, run, wait } = rig({ ...SLOW, clearBuffers: false, paperOutAt: p }, { profile });
    const state = await run(printer.print({ id: "j", bytes: JOB }));
    device.loadPaper();
    await wait(1100);
    const r = await run(printer.resume());
    const printed = toHex(Uint8Array.from(device.printed));
    if (state.state !== "interrupted" || r.copy !== "complete" || printed !== toHex(JOB) || device.clears !== 0 || printer.interrupted) {
      t.fail(`paper out at ${p}: ${JSON.stringify(state)}, resume ${JSON.stringify(r)}, ${printed.length / 2} bytes printed`);
      return;
    }
  }
  t.pass();
});

test("reset at the start of a session: the buffer cleared, ESC @, and with cut a feed and cut, once printed", async (t) => {
  const { printer, device, run } = rig(SLOW);
  await run(printer.reset(false));
  t.is(device.clears, 1);
  t.is(toHex(Uint8Array.from(device.printed)), "1B40");
  await run(printer.reset(true));
  t.is(toHex(Uint8Array.from(device.printed)), "1B40" + toHex(Uint8Array.from(END_OF_COPY)));
  t.is(device.printedAnswers, 2);
});
