/**
 * The acquirer client as a terminal holds it over real sockets to the
 * acquirer emulator on 127.0.0.1, on a journal and key store that outlive
 * it: the suites that cut the power build a new one on the same state.
 */
import { fromHex } from "../../modules/core/hex.ts";
import { MemoryKeyStore } from "../../modules/core/key-store.ts";
import type { Log, WallClock } from "../../modules/core/ports.ts";
import { ISO87A, type Dialect } from "../../modules/iso8583/dialect.ts";
import { MemoryFlash } from "../../modules/journal/memory-flash.ts";
import { TransactionJournal } from "../../modules/journal/transaction-journal.ts";
import { AcquirerClient } from "../../modules/uplink/acquirer-client.ts";
import type { Acquirer } from "../../hosts/acquirer/acquirer.ts";
import { NodeCrypto } from "../../hosts/node/node-crypto.ts";
import { SystemClock } from "../../hosts/node/system-clock.ts";
import { TcpLink } from "../../hosts/node/tcp-link.ts";
import { RecordingLog } from "./recorders.ts";

export const crypto = new NodeCrypto();
export const TID = "TERM0001";
const wallClock: WallClock = { utcMs: () => Date.now(), offsetMinutes: () => 60 };

/** What survives a power cut: the journal's flash and the key store. */
export interface Durable {
  flash: MemoryFlash;
  keys: MemoryKeyStore;
}

/** A new journal flash (16 blocks of 4 KiB) and an empty key store. */
export const durable = (): Durable => ({ flash: new MemoryFlash({ blocks: 16, blockSize: 4096 }), keys: new MemoryKeyStore() });

/** What a suite may set of the client's configuration. */
export interface ClientOptions {
  /** ISO87A by default; ISO87B frames with the CUP-style TPDU and header */
  dialect?: Dialect;
  /** a new `RecordingLog` by default */
  log?: Log;
  /** 1000 ms by default */
  responseTimeoutMs?: number;
  /** 3000 ms by default */
  connectTimeoutMs?: number;
}

/** A client (a terminal's uplink) that recovers from `state` and talks to `acquirer`; not yet signed on. */
export function terminal(acquirer: Acquirer, state: Durable, options: ClientOptions = {}): AcquirerClient {
  const dialect = options.dialect ?? ISO87A;
  return new AcquirerClient({
    link: new TcpLink(),
    clock: new SystemClock(),
    wallClock,
    crypto,
    keys: state.keys,
    journal: TransactionJournal.open(state.flash, { crypto, keys: state.keys }),
    log: options.log ?? new RecordingLog(),
    config: {
      host: "127.0.0.1",
      port: acquirer.port,
      dialect,
      terminalId: TID,
      merchantId: "MERCHANT0000001",
      responseTimeoutMs: options.responseTimeoutMs ?? 1000,
      connectTimeoutMs: options.connectTimeoutMs ?? 3000,
      ...(dialect.bcd ? { tpdu: fromHex("6000030000"), header: fromHex("602200000000") } : {}),
    },
  });
}
