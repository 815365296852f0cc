/**
 * The acquirer client as a terminal holds it over real sockets to the
 * acquirer emulator on 127.0.0.1, on a journal and key store that outlive
 * it: the suites that cut the power build a new one on the same state.
 */
import type { MemoryKeyStore } from "../../modules/core/key-store.ts";
import type { WallClock } from "../../modules/core/ports.ts";
import { ISO87A } from "../../modules/iso8583/dialect.ts";
import type { MemoryFlash } from "../../modules/journal/memory-flash.ts";
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

/** A client (a terminal's uplink) that recovers from `state` and talks to `acquirer`. */
export function terminal(acquirer: Acquirer, state: Durable): AcquirerClient {
  return new AcquirerClient({
    link: new TcpLink(),
    clock: new SystemClock(),
    wallClock,
    crypto,
    keys: state.keys,
    journal: TransactionJournal.open(state.flash, { crypto, keys: state.keys }),
    log: new RecordingLog(),
    config: { host: "127.0.0.1", port: acquirer.port, dialect: ISO87A, terminalId: TID, merchantId: "MERCHANT0000001", responseTimeoutMs: 1000, connectTimeoutMs: 3000 },
  });
}
