/**
 * The simulator's non-volatile storage on the XS engine: the journal's
 * flash, the key store and the DUKPT registers live in files the Node
 * front end holds (hosts/node/file-flash.ts and small key-value files),
 * reached synchronously through xsnap's issueCommand. What the firmware
 * writes is on the disk when the call returns, so a killed simulator
 * restarts where the device would after a power cut.
 */
import { fromHex, toHex } from "../../modules/core/hex.ts";
import type { KeyStore } from "../../modules/core/key-store.ts";
import { checkKeyName } from "../../modules/core/key-store.ts";
import type { Store } from "../../modules/core/ports.ts";
import type { Flash } from "../../modules/journal/flash.ts";
import { send } from "./xs-channel.ts";

/** The front end's answer as text, a chunk at a time (a whole flash block is too many arguments for one call). */
function text(answer: ArrayBuffer): string {
  const bytes = new Uint8Array(answer);
  let out = "";
  for (let at = 0; at < bytes.length; at += 1024) out += String.fromCharCode(...bytes.subarray(at, at + 1024));
  return out;
}

/** The journal's flash, a file on the front end's disk. */
export class BridgeFlash implements Flash {
  readonly blockSize: number;
  readonly blocks: number;

  constructor(geometry: { blocks: number; blockSize: number }) {
    this.blocks = geometry.blocks;
    this.blockSize = geometry.blockSize;
  }

  read(offset: number, length: number): Uint8Array {
    return fromHex(text(send({ type: "flash-read", offset, length })));
  }

  write(offset: number, bytes: Uint8Array): void {
    send({ type: "flash-write", offset, hex: toHex(bytes) });
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

  read(key: string): Uint8Array | undefined {
    const hex = text(send({ type: "store-read", file: this.#file, key }));
    return hex === "-" ? undefined : fromHex(hex);
  }

  write(key: string, value: Uint8Array): void {
    send({ type: "store-write", file: this.#file, key, hex: toHex(value) });
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
    this.#store.write(name, key);
  }

  delete(name: string): void {
    checkKeyName(name);
    this.#store.delete(name);
  }
}
