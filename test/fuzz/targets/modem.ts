/**
 * Fuzz target of the 4G modem driver (drivers/modem): everything the
 * modem says on the UART — response lines, final results, unsolicited
 * codes, the `> ` prompt, announced raw socket data — through the AT
 * parser and channel, while the driver starts the modem, opens a socket,
 * sends a message and reads what comes back.
 */
import { CellularModem } from "../../../drivers/modem/cellular-modem.ts";
import { defineTarget } from "../harness.ts";
import type { FuzzRandom } from "../random.ts";
import { latin1, replies, script } from "../script.ts";
import { StepClock, settle } from "../step-clock.ts";

/** A UART whose far end answers each write with the next scripted reply, on a later turn. */
function scriptedSerial(answers: Uint8Array[]) {
  let next = 0;
  return class ScriptedSerial {
    #out: Uint8Array[] = [];
    #onReadable: () => void;
    #closed = false;

    constructor(options: { onReadable: () => void }) {
      this.#onReadable = options.onReadable;
    }

    read(): ArrayBuffer | undefined {
      const chunk = this.#out.shift();
      return chunk ? (chunk.slice().buffer as ArrayBuffer) : undefined;
    }

    write(): void {
      const a = answers[next++];
      if (!a || a.length === 0) return;
      this.#out.push(a);
      void Promise.resolve().then(() => !this.#closed && this.#onReadable());
    }

    close(): void {
      this.#closed = true;
    }
  };
}

// Line formats of 3GPP TS 27.007 and the Quectel TCP/IP application note, as the virtual modem
// of the driver's tests answers them: start-up, a socket opened, six bytes sent and six read back.
const HAPPY = [
  "ATE0\r\r\nOK\r\n",
  "\r\nOK\r\n",
  "\r\n+CPIN: READY\r\n\r\nOK\r\n",
  "\r\n+CEREG: 0,1\r\n\r\nOK\r\n",
  "\r\n+CSQ: 20,99\r\n\r\nOK\r\n",
  "\r\nOK\r\n",
  "\r\nOK\r\n",
  "\r\nOK\r\n",
  '\r\n+QIACT: 1,1,1,"10.64.12.7"\r\n\r\nOK\r\n',
  "\r\nOK\r\n\r\n+QIOPEN: 0,0\r\n",
  "\r\n> ",
  '\r\nSEND OK\r\n\r\n+QIURC: "recv",0\r\n',
  "\r\n+QIRD: 6\r\n\u0000\u0004\u0004\u0003\u0002\u0001\r\n\r\nOK\r\n",
  "\r\n+QIRD: 0\r\n\r\nOK\r\n",
];

const SEEDS = [
  HAPPY,
  // the faults of the driver's tests: no SIM, registration denied, no signal, no data context, a socket refused
  HAPPY.slice(0, 2).concat("\r\n+CME ERROR: 10\r\n"),
  HAPPY.slice(0, 3).concat("\r\n+CEREG: 0,3\r\n\r\nOK\r\n"),
  HAPPY.slice(0, 3).concat("\r\n+CEREG: 0,2\r\n\r\nOK\r\n", "\r\n+CREG: 0,5\r\n\r\nOK\r\n", "\r\n+CSQ: 99,99\r\n\r\nOK\r\n"),
  HAPPY.slice(0, 7).concat("\r\n+CME ERROR: 555\r\n"),
  HAPPY.slice(0, 9).concat("\r\nOK\r\n\r\n+QIOPEN: 0,566\r\n"),
  HAPPY.slice(0, 11).concat('\r\nSEND OK\r\n\r\n+QIURC: "closed",0\r\n'),
].map((replies) => script([], replies.map(latin1)));

const TOKENS = ["\r\n", "OK", "ERROR", "> ", "+QIRD: ", "+QIURC: \"recv\",0", "+QIOPEN: 0,", "+CME ERROR: ", "SEND OK", ",", "1", "99999999"];

function generateTranscript(r: FuzzRandom): Uint8Array {
  const parts = HAPPY.map((reply) => {
    if (!r.chance(0.2)) return latin1(reply);
    let s = "";
    for (let n = r.small(5); n > 0; n--) s += r.pick(TOKENS);
    return latin1(s);
  });
  return script([], parts.slice(0, r.range(1, parts.length)));
}

export const modem = defineTarget({
  name: "modem-at",
  description: "the modem's side of the UART (one reply per driver write): start-up, socket open, send, buffered read, through AtParser and AtChannel",
  seeds: SEEDS,
  generate: generateTranscript,
  dictionary: TOKENS.map(latin1),
  maxLength: 1024,
  run: async (input) => {
    const clock = new StepClock();
    const modem = new CellularModem({ serial: { io: scriptedSerial(replies(input)) }, clock, apn: "internet", registrationTimeoutMs: 3000 });
    const received: number[] = [];
    const session = async () => {
      const status = await modem.start();
      const connection = await modem.link.connect("acquirer.example", 8583, { timeoutMs: 5000 });
      let closed = false;
      connection.onData = (bytes) => received.push(...bytes);
      connection.onClose = () => (closed = true);
      connection.write(Uint8Array.of(0, 4, 1, 2, 3, 4));
      await new Promise<void>((resolve) => clock.set(resolve, 20_000));
      return { status, received, closed };
    };
    try {
      return await settle(clock, session());
    } finally {
      modem.close();
    }
  },
});
