import type { Clock } from "../../modules/core/ports.ts";
import { UplinkError } from "../../modules/uplink/error.ts";
import type { Connection, Link } from "../../modules/uplink/ports.ts";
import { AtChannel } from "./at-channel.ts";
import { ModemError } from "./error.ts";
import type { SerialPort, SerialPortClass } from "./io.ts";

/** What the modem reports once it is up. */
export interface ModemStatus {
  /** 3GPP TS 27.007 +CEREG/+CREG stat: 1 home, 5 roaming */
  registration: "home" | "roaming";
  /** +CSQ rssi 0-31 as dBm (-113 + 2·rssi) */
  signalDbm: number;
  /** the address the PDP context got */
  ip: string;
}

/** Options of {@link CellularModem}. */
export interface CellularModemOptions {
  serial: { io: SerialPortClass } & Record<string, unknown>;
  clock: Clock;
  /** access point name of the SIM's operator */
  apn: string;
  /** how long to wait for network registration (default 60 000 ms) */
  registrationTimeoutMs?: number;
}

interface Socket {
  connection: Connection;
  open: boolean;
  reading: boolean;
}

const CONTEXT = 1;
/** The `AT+QIACT?` line of the context once it is active */
const CONTEXT_ACTIVE = `+QIACT: ${CONTEXT},1`;
/** 3GPP TS 27.007 registration queries: LTE (EPS) first, then the circuit-switched one */
const REGISTRATION_QUERIES = ["AT+CEREG?", "AT+CREG?"];

/** For commands whose failure the caller has nothing to do about (a close after a loss). */
function ignore(): void {}

// 3GPP TS 27.007 and Quectel TCP/IP answers and unsolicited result codes
const CSQ_RSSI = /^\+CSQ: (\d+),/;
const QUOTED_ADDRESS = /"([0-9.]+)"/;
const REGISTRATION_STAT = /^\+C(?:E)?REG: \d+,(\d+)/;
const QIOPEN = /^\+QIOPEN: (\d+),(\d+)/;
const QIURC_RECV = /^\+QIURC: "recv",(\d+)/;
const QIURC_CLOSED = /^\+QIURC: "closed",(\d+)/;
/** 3GPP TS 27.007 §8.15: "yy/MM/dd,hh:mm:ss±zz", local time and its zone in quarter hours */
const CCLK = /^\+CCLK: "(\d\d)\/(\d\d)\/(\d\d),(\d\d):(\d\d):(\d\d)([+-]\d\d)"/;

/**
 * A 4G modem on a UART speaking the Quectel LTE TCP/IP AT commands
 * (EC2x, EG2x, BG9x): SIM and registration checks, signal quality, the
 * PDP context, and TCP sockets behind the network port (`link`). ECMA-419
 * style: the serial class comes in through options, `close()` releases it.
 */
export class CellularModem {
  #serial: SerialPort;
  #clock: Clock;
  #at: AtChannel;
  #apn: string;
  #registrationTimeoutMs: number;
  #sockets = new Map<number, Socket>();
  #opening = new Map<number, (result: number) => void>();

  constructor(options: CellularModemOptions) {
    this.#clock = options.clock;
    this.#apn = options.apn;
    this.#registrationTimeoutMs = options.registrationTimeoutMs ?? 60_000;
    this.#at = new AtChannel((bytes) => this.#serial.write(bytes), options.clock, "+QIRD:");
    this.#at.onUrc = (line) => this.#urc(line);
    this.#serial = new options.serial.io({
      baud: 115200,
      ...options.serial,
      format: "buffer",
      onReadable: () => {
        for (let chunk = this.#serial.read(); chunk && chunk.byteLength; chunk = this.#serial.read()) this.#at.receive(new Uint8Array(chunk));
      },
    });
  }

  /**
   * Brings the modem up: echo off, numeric errors, SIM ready, registered
   * (waiting up to the registration time-out), a usable signal, the PDP
   * context configured and active.
   * @throws ModemError `MODEM_SIM`, `MODEM_REGISTRATION`, `MODEM_SIGNAL`, `MODEM_PDP`, `MODEM_TIMEOUT`
   */
  async start(): Promise<ModemStatus> {
    await this.#at.command("ATE0");
    await this.#at.command("AT+CMEE=1");
    const sim = await this.#at.command("AT+CPIN?").catch((e: ModemError) => {
      throw new ModemError("MODEM_SIM", `the SIM is not usable (${e.message})`);
    });
    if (!sim.lines.some((l) => l === "+CPIN: READY")) throw new ModemError("MODEM_SIM", `the SIM asks for ${sim.lines[0]?.slice(7) ?? "something"}`);
    const registration = await this.#registered();
    const signalDbm = await this.signalDbm();
    if (signalDbm === undefined) throw new ModemError("MODEM_SIGNAL", "the modem reports no measurable signal");
    try {
      await this.#at.command(`AT+QICSGP=${CONTEXT},1,"${this.#apn}","","",1`);
      const active = await this.#at.command("AT+QIACT?");
      if (!active.lines.some((l) => l.startsWith(CONTEXT_ACTIVE))) await this.#at.command(`AT+QIACT=${CONTEXT}`, { timeoutMs: 150_000 });
    } catch (e) {
      if (e instanceof ModemError && e.code === "MODEM_AT_ERROR") throw new ModemError("MODEM_PDP", `the data context cannot be activated (${e.message})`);
      throw e;
    }
    const address = QUOTED_ADDRESS.exec((await this.#at.command("AT+QIACT?")).lines.find((l) => l.startsWith(CONTEXT_ACTIVE)) ?? "");
    return { registration, signalDbm, ip: address?.[1] ?? "" };
  }

  /**
   * The network port over this modem's sockets: plain TCP only. A request
   * for TLS is refused before any AT command goes out, as the Wi-Fi link
   * refuses it: the modem's own TLS stack (Quectel `AT+QSSLOPEN`) would need
   * the acquirer's CA certificate on the modem's file system, which this
   * driver does not provision, and a TLS request must never fall back to
   * plain TCP.
   */
  get link(): Link {
    return {
      connect: (host, port, options) =>
        options.tls
          ? Promise.reject(new UplinkError("HOST_CONNECT", `TLS to ${host}:${port} is not available through the 4G modem (plain TCP only); refusing rather than sending in the clear`))
          : this.#connect(host, port, options.timeoutMs),
    };
  }

  /** Signal quality now, in dBm (undefined when not measurable). */
  async signalDbm(): Promise<number | undefined> {
    const m = CSQ_RSSI.exec((await this.#at.command("AT+CSQ")).lines[0] ?? "");
    return m && m[1] !== "99" ? -113 + 2 * Number(m[1]) : undefined;
  }

  /**
   * The time the network gave the modem (`AT+CCLK?`, 3GPP TS 27.007
   * §8.15): local time with its zone in quarter hours, returned as UTC
   * milliseconds and the zone in minutes. Years are read as 2000-2099.
   * Undefined when the answer carries no zone or a year before 2024, as
   * modems answer before the network has sent its time (e.g.
   * "80/01/06,00:00:00").
   * @throws ModemError `MODEM_TIMEOUT`, `MODEM_AT_ERROR`
   */
  async networkTime(): Promise<{ utcMs: number; offsetMinutes: number } | undefined> {
    const m = CCLK.exec((await this.#at.command("AT+CCLK?")).lines.find((l) => l.startsWith("+CCLK:")) ?? "");
    if (!m) return undefined;
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    const hour = Number(m[4]);
    const minute = Number(m[5]);
    const second = Number(m[6]);
    const zone = Number(m[7]);
    if (year < 24 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
    const offsetMinutes = zone * 15;
    return { utcMs: Date.UTC(2000 + year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000, offsetMinutes };
  }

  /** Closes every socket and releases the serial port. */
  close(): void {
    this.#at.abort(new ModemError("MODEM_CLOSED", "the modem driver was closed"));
    this.#sockets.forEach((s) => s.connection.onClose?.());
    this.#sockets.clear();
    this.#serial?.close();
  }

  async #registered(): Promise<ModemStatus["registration"]> {
    const deadline = this.#clock.now() + this.#registrationTimeoutMs;
    for (;;) {
      for (let i = 0; i < REGISTRATION_QUERIES.length; i++) {
        const stat = REGISTRATION_STAT.exec((await this.#at.command(REGISTRATION_QUERIES[i])).lines[0] ?? "")?.[1];
        if (stat === "1") return "home";
        if (stat === "5") return "roaming";
        if (stat === "3") throw new ModemError("MODEM_REGISTRATION", "the network denied registration");
      }
      if (this.#clock.now() >= deadline) throw new ModemError("MODEM_REGISTRATION", "the modem did not register with a network in time");
      await new Promise<void>((resolve) => this.#clock.set(resolve, 1000));
    }
  }

  async #connect(host: string, port: number, timeoutMs: number): Promise<Connection> {
    let id = 0;
    while (this.#sockets.has(id) || this.#opening.has(id)) id++;
    if (id > 11) throw new UplinkError("HOST_CONNECT", "every modem socket is in use");
    const opened = new Promise<number>((resolve) => {
      this.#opening.set(id, resolve);
      this.#clock.set(() => this.#opening.get(id)?.(-1), timeoutMs);
    });
    try {
      await this.#at.command(`AT+QIOPEN=${CONTEXT},${id},"TCP","${host}",${port},0,0`);
    } catch (e) {
      this.#opening.delete(id);
      throw new UplinkError("HOST_CONNECT", `the modem could not open a socket (${(e as Error).message})`);
    }
    const result = await opened;
    this.#opening.delete(id);
    if (result !== 0) {
      if (result === -1) this.#closeSocket(id);
      throw new UplinkError("HOST_CONNECT", result === -1 ? `no connection to ${host}:${port} within ${timeoutMs} ms` : `the modem could not connect to ${host}:${port} (error ${result})`);
    }
    const socket: Socket = {
      open: true,
      reading: false,
      connection: {
        onData: undefined,
        onClose: undefined,
        write: (bytes) => {
          if (!socket.open) return;
          this.#at.command(`AT+QISEND=${id},${bytes.length}`, { data: bytes, final: "SEND OK" }).catch(() => this.#lost(id));
        },
        close: () => {
          if (!socket.open) return;
          socket.open = false;
          this.#sockets.delete(id);
          this.#closeSocket(id, 10_000);
        },
      },
    };
    this.#sockets.set(id, socket);
    return socket.connection;
  }

  #urc(line: string): void {
    const open = QIOPEN.exec(line);
    if (open) return this.#opening.get(Number(open[1]))?.(Number(open[2]));
    const recv = QIURC_RECV.exec(line);
    if (recv) return void this.#read(Number(recv[1]));
    const closed = QIURC_CLOSED.exec(line);
    if (closed) this.#lost(Number(closed[1]));
  }

  /** Buffer access mode: read what the modem holds for the socket until it is empty. */
  async #read(id: number): Promise<void> {
    const socket = this.#sockets.get(id);
    if (!socket || socket.reading) return;
    socket.reading = true;
    try {
      for (;;) {
        const r = await this.#at.command(`AT+QIRD=${id},1500`);
        if (!r.data || r.data.length === 0) break;
        if (socket.open) socket.connection.onData?.(r.data);
      }
    } catch {
      this.#lost(id);
    } finally {
      socket.reading = false;
    }
  }

  /** The far end or the network closed the socket, or the modem failed it: its owner is told. */
  #lost(id: number): void {
    const socket = this.#sockets.get(id);
    if (!socket) return;
    socket.open = false;
    this.#sockets.delete(id);
    socket.connection.onClose?.();
    this.#closeSocket(id);
  }

  #closeSocket(id: number, timeoutMs?: number): void {
    this.#at.command(`AT+QICLOSE=${id}`, { timeoutMs }).catch(ignore);
  }
}
