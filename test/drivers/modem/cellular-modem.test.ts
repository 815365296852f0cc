import test from "ava";
import { VirtualClock } from "../../../modules/core/virtual-clock.ts";
import { LoopbackLink } from "../../../modules/uplink/loopback-link.ts";
import { frame } from "../../../modules/uplink/framing.ts";
import { CellularModem } from "../../../drivers/modem/cellular-modem.ts";
import { AtParser } from "../../../drivers/modem/at-parser.ts";
import { virtualModem, type VirtualModemConfig } from "../../../hosts/desktop/virtual-modem.ts";

/** Runs `work` to its end on the virtual clock, 100 ms at a time. */
const run = <T>(clock: VirtualClock, work: Promise<T>) => clock.settle(work, 100);

function setup(config: Partial<VirtualModemConfig> = {}) {
  const clock = new VirtualClock();
  // the far end: answers each framed message with it reversed
  const network = new LoopbackLink((m) => [m.slice().reverse()]);
  const device = virtualModem({ network, ...config });
  const modem = new CellularModem({ serial: { io: device.Serial, port: 2, receive: 16, transmit: 17 }, clock, apn: "internet", registrationTimeoutMs: 10_000 });
  return { clock, modem, device };
}

// Line formats from 3GPP TS 27.007 (+CPIN, +CEREG, +CSQ) and the Quectel LTE TCP/IP
// application note (+QIOPEN, +QIURC "recv", +QIRD in buffer access mode).
test("the parser splits lines, spots the prompt and reads announced data", (t) => {
  const lines: string[] = [];
  let prompts = 0;
  const raws: string[] = [];
  const p: AtParser = new AtParser({
    onLine: (l) => {
      lines.push(l);
      const m = /^\+QIRD: (\d+)/.exec(l);
      if (m) p.expectRaw(Number(m[1]));
    },
    onPrompt: () => prompts++,
    onRaw: (b) => raws.push(String.fromCharCode(...b)),
  });
  const text = "\r\n+CSQ: 20,99\r\n\r\nOK\r\n\r\n> \r\n+QIRD: 4\r\nA\r\nB\r\n\r\nOK\r\n";
  for (const c of text) p.push(Uint8Array.of(c.charCodeAt(0)));
  t.deepEqual(lines, ["+CSQ: 20,99", "OK", "+QIRD: 4", "OK"]);
  t.is(prompts, 1);
  t.deepEqual(raws, ["A\r\nB"], "four raw bytes, the CR LF inside them not taken for a line end");
});

test("start: SIM, registration, signal and data context", async (t) => {
  const { clock, modem } = setup();
  const status = await run(clock, modem.start());
  t.deepEqual(status, { registration: "home", signalDbm: -73, ip: "10.64.12.7" });
});

test("a socket through the modem carries bytes both ways and reports the far end closing", async (t) => {
  const { clock, modem } = setup();
  await run(clock, modem.start());
  const connection = await run(clock, modem.link.connect("acquirer.example", 8583, { timeoutMs: 5000 }));
  const received: number[] = [];
  let closed = false;
  connection.onData = (b) => received.push(...b);
  connection.onClose = () => (closed = true);
  connection.write(frame(Uint8Array.of(1, 2, 3, 4)));
  await run(clock, new Promise<void>((resolve) => clock.set(resolve, 500)));
  t.deepEqual(received, [0, 4, 4, 3, 2, 1], "framed, answered reversed by the far end");
  connection.close();
  t.false(closed, "closing our side is not the far end closing");
});

test("registration that takes a while is waited for", async (t) => {
  const { clock, modem } = setup({ registration: [2, 2, 2, 5] });
  t.is((await run(clock, modem.start())).registration, "roaming");
});

const failures: [string, Partial<VirtualModemConfig>, string][] = [
  ["no SIM", { sim: "absent" }, "MODEM_SIM"],
  ["a SIM that wants its PIN", { sim: "SIM PIN" }, "MODEM_SIM"],
  ["registration denied", { registration: [3] }, "MODEM_REGISTRATION"],
  ["never registered", { registration: [2] }, "MODEM_REGISTRATION"],
  ["no signal", { rssi: 99 }, "MODEM_SIGNAL"],
  ["no data context", { pdpFails: true }, "MODEM_PDP"],
  ["a mute modem", { mute: true }, "MODEM_TIMEOUT"],
];
for (const [what, config, code] of failures) {
  test(`start refuses ${what} with ${code}`, async (t) => {
    const { clock, modem } = setup(config);
    await t.throwsAsync(() => run(clock, modem.start()), { code });
  });
}

test("a socket the network refuses is a connect error; close releases the UART", async (t) => {
  const { clock, modem, device } = setup({ openResult: 566 });
  await run(clock, modem.start());
  await t.throwsAsync(() => run(clock, modem.link.connect("acquirer.example", 8583, { timeoutMs: 5000 })), { code: "HOST_CONNECT" });
  modem.close();
  t.true(device.instances[0].closed);
  t.is(device.instances[0].options.baud, 115200);
});

test("a TLS connection is refused with HOST_CONNECT and no socket is opened on the modem", async (t) => {
  const { clock, modem, device } = setup();
  await run(clock, modem.start());
  const written: string[] = [];
  const serial = device.instances[0];
  const write = serial.write.bind(serial);
  serial.write = (bytes: ArrayBuffer | Uint8Array) => {
    written.push(String.fromCharCode(...(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes))));
    write(bytes);
  };
  const error = await t.throwsAsync(() => run(clock, modem.link.connect("acquirer.example", 8583, { tls: true, timeoutMs: 5000 })), { code: "HOST_CONNECT" });
  t.regex(error?.message ?? "", /TLS/);
  t.false(written.join("").includes("AT+QIOPEN"), "no socket was asked of the modem");
  const plain = await run(clock, modem.link.connect("acquirer.example", 8583, { timeoutMs: 5000 }));
  t.true(written.join("").includes("AT+QIOPEN"), "the same link still opens plain TCP when TLS is not asked");
  plain.close();
});

// 3GPP TS 27.007 §8.15: "94/05/06,22:10:00+08" is 6 May, 22:10:00 local time at GMT+2 hours
// (the zone counts quarter hours); the driver reads two-digit years as 20yy.
test("networkTime turns +CCLK local time and quarter-hour zone into UTC and minutes", async (t) => {
  const { clock, modem } = setup({ networkTime: "94/05/06,22:10:00+08" });
  const time = await run(clock, modem.networkTime());
  t.deepEqual(time, { utcMs: Date.UTC(2094, 4, 6, 20, 10, 0), offsetMinutes: 120 });
});

test("networkTime reads a zone west of Greenwich (-20: five hours behind)", async (t) => {
  const { clock, modem } = setup({ networkTime: "26/11/25,19:30:15-20" });
  const time = await run(clock, modem.networkTime());
  t.deepEqual(time, { utcMs: Date.UTC(2026, 10, 26, 0, 30, 15), offsetMinutes: -300 });
});

test("networkTime is undefined while the modem has no time from the network", async (t) => {
  const { clock, modem } = setup();
  t.is(await run(clock, modem.networkTime()), undefined);
});
