/**
 * The simulator's non-volatile storage on the XS engine: the journal's
 * flash, the key store and the DUKPT registers live in files the Node
 * front end holds (hosts/node/file-flash.ts and small key-value files),
 * reached synchronously through xsnap's issueCommand. What the firmware
 * writes is on the disk when the call returns, so a killed simulator
 * restarts where the device would after a power cut.
 *
 * Bytes cross the channel as bytes: a write sends them as the binary
 * payload after its JSON header (the request buffer is wiped once
 * answered), a read gets them as the answer's buffer, handed to the
 * caller without a copy for it to wipe. No key or register is ever a
 * string on the XS side.
 */
import type { KeyStore } from "../../modules/core/key-store.ts";
import { checkKeyBytes, checkKeyName } from "../../modules/core/key-store.ts";
import type { Store } from "../../modules/core/ports.ts";
import type { Flash } from "../../modules/journal/flash.ts";
import { send, sendBytes } from "./xs-channel.ts";

/** The first byte of a store-read answer when the key holds a value (the value follows). */
const PRESENT = 1;

/** The journal's flash, a file on the front end's disk. */
export class BridgeFlash implements Flash {
  readonly blockSize: number;
  readonly blocks: number;

  constructor(geometry: { blocks: number; blockSize: number }) {
    this.blocks = geometry.blocks;
    this.blockSize = geometry.blockSize;
  }

  read(offset: number, length: number): Uint8Array {
    return new Uint8Array(send({ type: "flash-read", offset, length }));
  }

  write(offset: number, bytes: Uint8Array): void {
    sendBytes({ type: "flash-write", offset }, bytes);
  }

  eraseBlock(index: number): void {
    send({ type: "flash-erase", index });
  }
}

/** A named key-value file of the front end ("keys", "dukpt"). */
export class BridgeStore implements Store {
  readonly #file: string;

  constructor(file: string) {
    this.#file = file;
  }

  /** The value as a view on the answer's own buffer: the caller's to wipe, no other copy on this side. */
  read(key: string): Uint8Array | undefined {
    const answer = new Uint8Array(send({ type: "store-read", file: this.#file, key }));
    return answer[0] === PRESENT ? answer.subarray(1) : undefined;
  }

  /** Sends a copy of `value`, wiped once the front end has it; `value` stays the caller's. */
  write(key: string, value: Uint8Array): void {
    sendBytes({ type: "store-write", file: this.#file, key }, value);
  }

  delete(key: string): void {
    send({ type: "store-delete", file: this.#file, key });
  }
}

/** The key store on a {@link BridgeStore}: copies in and out, as the device's NVS. */
export class BridgeKeyStore implements KeyStore {
  readonly #store: BridgeStore;

  constructor(store: BridgeStore) {
    this.#store = store;
  }

  get(name: string): Uint8Array | undefined {
    checkKeyName(name);
    return this.#store.read(name);
  }

  put(name: string, key: Uint8Array): void {
    checkKeyName(name);
    checkKeyBytes(key);
    this.#store.write(name, key);
  }

  delete(name: string): void {
    checkKeyName(name);
    this.#store.delete(name);
  }
}
