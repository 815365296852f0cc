import { xor } from "../../core/bytes.ts";
import type { Crypto } from "../../crypto/port.ts";
import { PinError } from "../error.ts";
import { oneBits } from "./counter.ts";
import { TDES_COUNTER_BITS, TDES_MAX_ONE_BITS, tdesCounter, tdesKsn, withTdesCounter } from "./tdes-ksn.ts";

/**
 * TDES DUKPT, ANSI X9.24-1:2009 annex A: the derivations both sides share.
 * The terminal's register machine is in tdes-terminal.ts.
 */

const KEY_MASK = Uint8Array.of(0xc0, 0xc0, 0xc0, 0xc0, 0, 0, 0, 0, 0xc0, 0xc0, 0xc0, 0xc0, 0, 0, 0, 0);

/** The key variants of X9.24-1:2009 A.6 by use of the transaction key. */
export type TdesKeyUsage = "pin" | "mac-request" | "mac-response" | "data-request" | "data-response";

const VARIANT_BYTE: Record<TdesKeyUsage, number> = {
  pin: 7,
  "mac-request": 6,
  "mac-response": 4,
  "data-request": 5,
  "data-response": 3,
};

function checkKey(key: Uint8Array, what: string): void {
  if (key.length !== 16) throw new PinError("PIN_KEY", `${what} must be a 16-byte (double-length) TDES key, got ${key.length} bytes`);
}

/**
 * The initial PIN encryption key (IPEK) of the terminal whose KSN is given
 * (its counter is ignored): the KSN's left 8 bytes enciphered under the
 * BDK and under the BDK's C0C0C0C0 variant.
 * @throws PinError `PIN_KEY`, `DUKPT_KSN`
 */
export function tdesIpek(crypto: Crypto, bdk: Uint8Array, ksn: Uint8Array): Uint8Array {
  checkKey(bdk, "the BDK");
  const initial = withTdesCounter(tdesKsn(ksn), 0).subarray(0, 8);
  const out = new Uint8Array(16);
  out.set(crypto.blockEncrypt("TDES", "ECB", bdk, initial), 0);
  const variant = xor(bdk, KEY_MASK);
  out.set(crypto.blockEncrypt("TDES", "ECB", variant, initial), 8);
  variant.fill(0);
  return out;
}

/**
 * The non-reversible key generation process (A.2): a new key from the
 * current one and the right 8 bytes of the KSN register.
 */
export function nonReversibleKey(crypto: Crypto, key: Uint8Array, ksnRight: Uint8Array): Uint8Array {
  const half = (k: Uint8Array): Uint8Array => {
    const left = k.subarray(0, 8);
    const right = k.subarray(8, 16);
    return xor(crypto.blockEncrypt("DES", "ECB", left, xor(ksnRight, right)), right);
  };
  const variant = xor(key, KEY_MASK);
  const out = new Uint8Array(16);
  out.set(half(variant), 0);
  out.set(half(key), 8);
  variant.fill(0);
  return out;
}

/**
 * The transaction key for a KSN, from the IPEK: one non-reversible step per
 * one bit of the counter, from the highest (what the host computes).
 * @throws PinError `DUKPT_COUNTER` for a counter no terminal uses (zero, or over ten one bits)
 */
export function tdesTransactionKey(crypto: Crypto, ipek: Uint8Array, ksn: Uint8Array): Uint8Array {
  checkKey(ipek, "the IPEK");
  const full = tdesKsn(ksn);
  const counter = tdesCounter(full);
  if (counter === 0 || oneBits(counter) > TDES_MAX_ONE_BITS) {
    throw new PinError("DUKPT_COUNTER", `counter ${counter.toString(16)} is not one a terminal uses (it must be non-zero with at most ten one bits)`);
  }
  let register = withTdesCounter(full, 0);
  let key = ipek;
  let built = 0;
  for (let bit = 1 << (TDES_COUNTER_BITS - 1); bit > 0; bit >>>= 1) {
    if (!(counter & bit)) continue;
    built |= bit;
    register = withTdesCounter(register, built);
    const next = nonReversibleKey(crypto, key, register.subarray(2));
    if (key !== ipek) key.fill(0);
    key = next;
  }
  return key;
}

/**
 * The working key for one use of a transaction key (X9.24-1:2009 A.6): the
 * key XORed with its variant constant; data keys are then enciphered
 * under themselves, as the 2009 edition adds.
 */
export function tdesWorkingKey(crypto: Crypto, transactionKey: Uint8Array, usage: TdesKeyUsage): Uint8Array {
  checkKey(transactionKey, "a transaction key");
  const out = transactionKey.slice();
  const at = VARIANT_BYTE[usage];
  out[at] ^= 0xff;
  out[at + 8] ^= 0xff;
  if (usage === "data-request" || usage === "data-response") {
    const variant = out;
    const oneWay = crypto.blockEncrypt("TDES", "ECB", variant, variant);
    variant.fill(0);
    return oneWay;
  }
  return out;
}

/** BDK + KSN straight to a working key: the acquirer's side of one transaction. */
export function tdesDeriveWorkingKey(crypto: Crypto, bdk: Uint8Array, ksn: Uint8Array, usage: TdesKeyUsage): Uint8Array {
  const ipek = tdesIpek(crypto, bdk, ksn);
  const key = tdesTransactionKey(crypto, ipek, ksn);
  const working = tdesWorkingKey(crypto, key, usage);
  ipek.fill(0);
  key.fill(0);
  return working;
}
