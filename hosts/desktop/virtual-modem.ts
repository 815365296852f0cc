/**
 * A virtual Quectel-style LTE modem behind a virtual UART: it answers the
 * AT commands the modem driver sends (3GPP TS 27.007 and the Quectel
 * TCP/IP set, buffer access mode) and opens its TCP sockets through
 * whatever network port it is given. The simulator and the driver's tests
 * use it; its faults are those a field modem shows.
 */
import type { Connection, Link } from "../../modules/uplink/ports.ts";

export interface VirtualModemConfig {
  /** the network its sockets reach */
  network: Link;
  /** what AT+CPIN? answers: READY, SIM PIN, or absent (+CME ERROR: 10) */
  sim?: "READY" | "SIM PIN" | "absent";
  /** +CEREG stat values answered in turn, the last one repeating (1 home, 2 searching, 3 denied, 5 roaming) */
  registration?: number[];
  /** +CSQ rssi (99: not measurable) */
  rssi?: number;
  /** AT+QIACT fails */
  pdpFails?: boolean;
  /** +QIOPEN result code (0: connected; 566 and friends: failed) */
  openResult?: number;
  /** the modem stops answering altogether */
  mute?: boolean;
  /** what AT+CCLK? answers inside the quotes (3GPP TS 27.007 §8.15); default "80/01/06,00:00:00", a modem the network has not given the time */
  networkTime?: string;
}

export function virtualModem(config: VirtualModemConfig) {
  const instances: VirtualModemSerial[] = [];
  let registrationIndex = 0;
  let pdpActive = false;

  class VirtualModemSerial {
    #onReadable: () => void;
    #out: Uint8Array[] = [];
    #command: number[] = [];
    #awaitingData: { id: number; length: number; bytes: number[] } | undefined;
    #sockets = new Map<number, { connection: Connection; buffer: number[] }>();
    #echo = true;
    closed = false;
    options: Record<string, unknown>;

    constructor(options: { onReadable: () => void } & Record<string, unknown>) {
      this.options = options;
      this.#onReadable = options.onReadable;
      instances.push(this);
    }

    read(): ArrayBuffer | undefined {
      const chunk = this.#out.shift();
      return chunk ? (chunk.slice().buffer as ArrayBuffer) : undefined;
    }

    write(bytes: ArrayBuffer | Uint8Array): void {
      if (config.mute || this.closed) return;
      for (const b of bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)) {
        const data = this.#awaitingData;
        if (data) {
          data.bytes.push(b);
          if (data.bytes.length === data.length) {
            this.#awaitingData = undefined;
            this.#sockets.get(data.id)?.connection.write(Uint8Array.from(data.bytes));
            this.#emit("\r\nSEND OK\r\n");
          }
          continue;
        }
        if (b === 0x0d) {
          const line = String.fromCharCode(...this.#command);
          this.#command = [];
          if (this.#echo) this.#emit(line + "\r");
          void this.#execute(line);
        } else if (b !== 0x0a) this.#command.push(b);
      }
    }

    close(): void {
      this.closed = true;
      for (const s of this.#sockets.values()) s.connection.close();
    }

    #emit(text: string | Uint8Array): void {
      this.#out.push(typeof text === "string" ? Uint8Array.from(text, (c) => c.charCodeAt(0)) : text);
      // the UART delivers on a later turn, as an interrupt would
      void Promise.resolve().then(() => !this.closed && this.#onReadable());
    }

    #ok(...lines: string[]): void {
      this.#emit(lines.map((l) => `\r\n${l}\r\n`).join("") + "\r\nOK\r\n");
    }

    #error(cme: number): void {
      this.#emit(`\r\n+CME ERROR: ${cme}\r\n`);
    }

    async #execute(line: string): Promise<void> {
      const cmd = line.toUpperCase();
      if (cmd === "ATE0") {
        this.#echo = false;
        return this.#ok();
      }
      if (cmd === "AT" || cmd === "AT+CMEE=1") return this.#ok();
      if (cmd === "AT+CPIN?") {
        if ((config.sim ?? "READY") === "absent") return this.#error(10);
        return this.#ok(`+CPIN: ${config.sim ?? "READY"}`);
      }
      if (cmd === "AT+CEREG?" || cmd === "AT+CREG?") {
        const seq = config.registration ?? [1];
        const stat = seq[Math.min(registrationIndex, seq.length - 1)];
        if (cmd === "AT+CREG?") registrationIndex++;
        return this.#ok(`+C${cmd.includes("CEREG") ? "E" : ""}REG: 0,${stat}`);
      }
      if (cmd === "AT+CCLK?") return this.#ok(`+CCLK: "${config.networkTime ?? "80/01/06,00:00:00"}"`);
      if (cmd === "AT+CSQ") return this.#ok(`+CSQ: ${config.rssi ?? 20},99`);
      if (cmd.startsWith("AT+QICSGP=")) return this.#ok();
      if (cmd === "AT+QIACT?") return this.#ok(...(pdpActive ? ['+QIACT: 1,1,1,"10.64.12.7"'] : []));
      if (cmd === "AT+QIACT=1") {
        if (config.pdpFails) return this.#error(555);
        pdpActive = true;
        return this.#ok();
      }
      const open = /^AT\+QIOPEN=1,(\d+),"TCP","([^"]+)",(\d+),0,0$/.exec(line);
      if (open) {
        const id = Number(open[1]);
        this.#ok();
        if ((config.openResult ?? 0) !== 0) return this.#emit(`\r\n+QIOPEN: ${id},${config.openResult}\r\n`);
        try {
          const connection = await config.network.connect(open[2], Number(open[3]), { timeoutMs: 10_000 });
          const socket = { connection, buffer: [] as number[] };
          this.#sockets.set(id, socket);
          connection.onData = (bytes) => {
            const first = socket.buffer.length === 0;
            socket.buffer.push(...bytes);
            if (first) this.#emit(`\r\n+QIURC: "recv",${id}\r\n`);
          };
          connection.onClose = () => {
            if (this.#sockets.delete(id)) this.#emit(`\r\n+QIURC: "closed",${id}\r\n`);
          };
          return this.#emit(`\r\n+QIOPEN: ${id},0\r\n`);
        } catch {
          return this.#emit(`\r\n+QIOPEN: ${id},566\r\n`);
        }
      }
      const send = /^AT\+QISEND=(\d+),(\d+)$/.exec(cmd);
      if (send) {
        if (!this.#sockets.has(Number(send[1]))) return this.#emit("\r\nERROR\r\n");
        this.#awaitingData = { id: Number(send[1]), length: Number(send[2]), bytes: [] };
        return this.#emit("\r\n> ");
      }
      const read = /^AT\+QIRD=(\d+),(\d+)$/.exec(cmd);
      if (read) {
        const socket = this.#sockets.get(Number(read[1]));
        const data = socket ? socket.buffer.splice(0, Number(read[2])) : [];
        const head = Uint8Array.from(`\r\n+QIRD: ${data.length}\r\n`, (c) => c.charCodeAt(0));
        const out = new Uint8Array(head.length + data.length);
        out.set(head);
        out.set(data, head.length);
        this.#emit(out);
        return this.#emit("\r\n\r\nOK\r\n");
      }
      const close = /^AT\+QICLOSE=(\d+)$/.exec(cmd);
      if (close) {
        this.#sockets.get(Number(close[1]))?.connection.close();
        this.#sockets.delete(Number(close[1]));
        return this.#ok();
      }
      this.#emit("\r\nERROR\r\n");
    }
  }

  return { Serial: VirtualModemSerial, instances };
}
