import type { Crypto } from "../../crypto/port.ts";
import { PinError } from "../error.ts";
import { oneBits } from "./counter.ts";

/**
 * AES DUKPT, ANSI X9.24-3-2017 section 6: every key is derived by AES-ECB
 * under the key above it from a 16-byte derivation data block naming what
 * the new key is for. The terminal's register machine is in aes-terminal.ts.
 */

/** Key types a derivation can produce (X9.24-3 table 2). */
export type AesDukptKeyType = "TDES2" | "TDES3" | "AES128" | "AES192" | "AES256";

/** What a working key is for (X9.24-3 table 3). */
export type AesKeyUsage =
  | "kek"
  | "pin"
  | "mac-generate"
  | "mac-verify"
  | "mac-both"
  | "data-encrypt"
  | "data-decrypt"
  | "data-both";

const ALGORITHM: Record<AesDukptKeyType, [code: number, bits: number]> = {
  TDES2: [0x0000, 128],
  TDES3: [0x0001, 192],
  AES128: [0x0002, 128],
  AES192: [0x0003, 192],
  AES256: [0x0004, 256],
};

const USAGE: Record<AesKeyUsage | "derivation" | "initial", number> = {
  kek: 0x0002,
  pin: 0x1000,
  "mac-generate": 0x2000,
  "mac-verify": 0x2001,
  "mac-both": 0x2002,
  "data-encrypt": 0x3000,
  "data-decrypt": 0x3001,
  "data-both": 0x3002,
  derivation: 0x8000,
  initial: 0x8001,
};

/**
 * ANSI X9.24-3-2017 6.1.3: a derived key is of the same strength as the
 * key it is derived from, or weaker. The TDEA types (2TDEA at about 80
 * bits, 3TDEA at 112) come from any AES key; an AES key only from an AES
 * key at least as long.
 */
const DERIVABLE_FROM: Record<"AES128" | "AES192" | "AES256", readonly AesDukptKeyType[]> = {
  AES128: ["TDES2", "TDES3", "AES128"],
  AES192: ["TDES2", "TDES3", "AES128", "AES192"],
  AES256: ["TDES2", "TDES3", "AES128", "AES192", "AES256"],
};

/** AES KSNs are 12 bytes: the 8-byte initial key ID, then a 32-bit counter. */
export const AES_KSN_LENGTH = 12;
export const AES_COUNTER_BITS = 32;
export const AES_MAX_ONE_BITS = 16;

/** The AES key type of a key of this length. @throws PinError `PIN_KEY` */
export function aesKeyType(key: Uint8Array): "AES128" | "AES192" | "AES256" {
  if (key.length === 16) return "AES128";
  if (key.length === 24) return "AES192";
  if (key.length === 32) return "AES256";
  throw new PinError("PIN_KEY", `an AES DUKPT key has 16, 24 or 32 bytes, got ${key.length}`);
}

/** Length in bytes of a key of this type. */
export function keyTypeLength(type: AesDukptKeyType): number {
  return ALGORITHM[type][1] / 8;
}

/** @throws PinError `DUKPT_KSN` unless 12 bytes */
export function checkAesKsn(ksn: Uint8Array): void {
  if (ksn.length !== AES_KSN_LENGTH) throw new PinError("DUKPT_KSN", `an AES DUKPT KSN has 12 bytes, got ${ksn.length}`);
}

/** The counter of a 12-byte KSN. */
export function aesCounter(ksn: Uint8Array): number {
  return new DataView(ksn.buffer, ksn.byteOffset + 8, 4).getUint32(0);
}

/** Initial key ID and counter as a 12-byte KSN. */
export function aesKsn(initialKeyId: Uint8Array, counter: number): Uint8Array {
  const out = new Uint8Array(AES_KSN_LENGTH);
  out.set(initialKeyId.subarray(0, 8));
  new DataView(out.buffer).setUint32(8, counter);
  return out;
}

/**
 * Whether X9.24-3-2017 6.1.3 lets a key of `type` be derived from a key of
 * `from` (never a stronger key from a weaker one).
 */
export function aesMayDerive(from: "AES128" | "AES192" | "AES256", type: AesDukptKeyType): boolean {
  return DERIVABLE_FROM[from].includes(type);
}

/**
 * X9.24-3 6.3.2: one key of `type` for `usage`, under `key`, with the
 * derivation data's last 8 bytes given (initial key ID, or derivation ID
 * and counter); as many AES blocks as the key needs, counted from 1.
 * @throws PinError `PIN_KEY` unless `key` is an AES key; `DUKPT_KEY_TYPE`
 *   when `type` is stronger than `key` (X9.24-3-2017 6.1.3)
 */
export function deriveAesDukptKey(crypto: Crypto, key: Uint8Array, usage: keyof typeof USAGE, type: AesDukptKeyType, tail: Uint8Array): Uint8Array {
  checkDerivable(aesKeyType(key), type);
  const [algorithm, bits] = ALGORITHM[type];
  const blocks = Math.ceil(bits / 128);
  const data = new Uint8Array(16 * blocks);
  for (let i = 0; i < blocks; i++) {
    const d = data.subarray(16 * i, 16 * i + 16);
    d[0] = 0x01;
    d[1] = i + 1;
    d[2] = USAGE[usage] >> 8;
    d[3] = USAGE[usage] & 0xff;
    d[4] = algorithm >> 8;
    d[5] = algorithm & 0xff;
    d[6] = bits >> 8;
    d[7] = bits & 0xff;
    d.set(tail, 8);
  }
  const out = crypto.blockEncrypt("AES", "ECB", key, data);
  return out.slice(0, bits / 8);
}

/**
 * The initial key of the terminal with `initialKeyId` (8 bytes: BDK ID and
 * derivation ID), from the BDK; the same type as the BDK.
 * @throws PinError `PIN_KEY`, `DUKPT_KSN`
 */
export function aesInitialKey(crypto: Crypto, bdk: Uint8Array, initialKeyId: Uint8Array): Uint8Array {
  if (initialKeyId.length !== 8) throw new PinError("DUKPT_KSN", `the initial key ID has 8 bytes, got ${initialKeyId.length}`);
  return deriveAesDukptKey(crypto, bdk, "initial", aesKeyType(bdk), initialKeyId);
}

/** Derivation data tail: the derivation ID (KSN bytes 4-7) and a counter. */
export function derivationTail(ksn: Uint8Array, counter: number): Uint8Array {
  const tail = new Uint8Array(8);
  tail.set(ksn.subarray(4, 8));
  new DataView(tail.buffer).setUint32(4, counter);
  return tail;
}

/**
 * The intermediate derivation key for the KSN's counter, from the initial
 * key: one derivation per one bit, from the highest (the host's path).
 * @throws PinError `DUKPT_COUNTER` for zero or more than 16 one bits
 */
export function aesTransactionKey(crypto: Crypto, initialKey: Uint8Array, ksn: Uint8Array): Uint8Array {
  checkAesKsn(ksn);
  const type = aesKeyType(initialKey);
  const counter = aesCounter(ksn);
  if (counter === 0 || oneBits(counter) > AES_MAX_ONE_BITS) {
    throw new PinError("DUKPT_COUNTER", `counter ${counter.toString(16)} is not one a terminal uses (it must be non-zero with at most sixteen one bits)`);
  }
  let key = initialKey;
  let built = 0;
  for (let k = AES_COUNTER_BITS - 1; k >= 0; k--) {
    const bit = 2 ** k;
    if (Math.floor(counter / bit) % 2 === 0) continue;
    built += bit;
    const next = deriveAesDukptKey(crypto, key, "derivation", type, derivationTail(ksn, built));
    if (key !== initialKey) key.fill(0);
    key = next;
  }
  return key;
}

/**
 * @throws PinError `DUKPT_KEY_TYPE` when X9.24-3-2017 6.1.3 forbids
 *   deriving a key of `type` from a key of type `from`
 */
export function checkDerivable(from: "AES128" | "AES192" | "AES256", type: AesDukptKeyType): void {
  if (aesMayDerive(from, type)) return;
  throw new PinError(
    "DUKPT_KEY_TYPE",
    `an ${from} DUKPT key cannot give an ${type} key: ANSI X9.24-3-2017 6.1.3 derives no key stronger than its source (from ${from}: ${DERIVABLE_FROM[from].join(", ")})`,
  );
}

/**
 * A working key of `type` for `usage` under a transaction's derivation key.
 * @throws PinError `DUKPT_KEY_TYPE` when `type` is stronger than the derivation key (X9.24-3-2017 6.1.3)
 */
export function aesWorkingKey(crypto: Crypto, transactionKey: Uint8Array, ksn: Uint8Array, usage: AesKeyUsage, type: AesDukptKeyType): Uint8Array {
  return deriveAesDukptKey(crypto, transactionKey, usage, type, derivationTail(ksn, aesCounter(ksn)));
}
