/**
 * The simulator's modelled network time: the acquirer emulator answers
 * over loopback at once, so the time a transaction would spend on the
 * board's uplink is computed from the bytes the terminal actually sent
 * and received (the network bridge sees them), not measured. Each
 * message costs one round trip plus its bytes each way over the link's
 * rate; a message starts with the first bytes written on a connection
 * after it last received (or since it opened). Connection set-up, TCP/IP
 * headers and retransmissions are not counted.
 */
import type { BridgeObservation } from "./net-bridge.ts";

/** One uplink's figures. */
export interface LinkModel {
  name: string;
  /** one round trip from the terminal to the acquirer and back, ms */
  roundTripMs: number;
  /** the rate the terminal's bytes go out at, bytes per second */
  upBytesPerSecond: number;
  /** the rate the acquirer's bytes come in at, bytes per second */
  downBytesPerSecond: number;
  /** where the figures come from */
  basis: string;
}

/**
 * Wi-Fi (the board's ESP32 station): assumed figures. 20 ms round trip to
 * the acquirer over a shop's broadband line; 10 Mbit/s each way, well
 * under the 802.11n link rate, since an authorization's few hundred bytes
 * are never limited by throughput.
 */
export const WIFI_LINK: LinkModel = {
  name: "Wi-Fi",
  roundTripMs: 20,
  upBytesPerSecond: 1_250_000,
  downBytesPerSecond: 1_250_000,
  basis: "assumed: 20 ms round trip, 10 Mbit/s each way",
};

/**
 * The 4G modem (drivers/modem, a Quectel-style LTE module): the bytes
 * cross the UART at the driver's 115 200 baud, 8N1 (10 bits a byte:
 * 11 520 bytes/s), far below LTE Cat 1's 5 Mbit/s up and 10 Mbit/s down
 * (3GPP TS 36.306, UE category 1), so the UART sets the rate. The round
 * trip, 60 ms, is assumed (LTE radio access plus the operator's core and
 * the path to the acquirer). The AT command around each send
 * (`AT+QISEND`) is not counted.
 */
export const LTE_MODEM_LINK: LinkModel = {
  name: "4G modem",
  roundTripMs: 60,
  upBytesPerSecond: 11_520,
  downBytesPerSecond: 11_520,
  basis: "UART 115 200 baud 8N1 (drivers/modem) under LTE Cat 1's rates (3GPP TS 36.306); 60 ms round trip assumed",
};

/** What some traffic adds to a transaction's network time. */
export interface LinkTime {
  networkMs: number;
  /** messages started (each one round trip) */
  messages: number;
  sentBytes: number;
  receivedBytes: number;
}

/** The time of one message: a round trip, `sentBytes` up and `receivedBytes` down. */
export function messageMs(link: LinkModel, sentBytes: number, receivedBytes: number): number {
  return link.roundTripMs + (sentBytes * 1000) / link.upBytesPerSecond + (receivedBytes * 1000) / link.downBytesPerSecond;
}

/** Turns the bridge's observations into modelled link time, message by message. */
export class LinkMeter {
  readonly link: LinkModel;
  /** the connections whose last bytes went out: more bytes out are the same message */
  #sending = new Set<number>();

  constructor(link: LinkModel) {
    this.link = link;
  }

  /** What `o` adds; zero for opens and closes. */
  observe(o: BridgeObservation): LinkTime {
    if (o.kind === "open" || o.kind === "close") {
      this.#sending.delete(o.id);
      return { networkMs: 0, messages: 0, sentBytes: 0, receivedBytes: 0 };
    }
    if (o.kind === "received") {
      this.#sending.delete(o.id);
      return { networkMs: (o.bytes.length * 1000) / this.link.downBytesPerSecond, messages: 0, sentBytes: 0, receivedBytes: o.bytes.length };
    }
    const starts = !this.#sending.has(o.id);
    this.#sending.add(o.id);
    return { networkMs: (starts ? this.link.roundTripMs : 0) + (o.bytes.length * 1000) / this.link.upBytesPerSecond, messages: starts ? 1 : 0, sentBytes: o.bytes.length, receivedBytes: 0 };
  }
}
