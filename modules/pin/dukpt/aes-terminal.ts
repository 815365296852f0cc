import type { Store } from "../../core/ports.ts";
import type { Crypto } from "../../crypto/port.ts";
import { PinError } from "../error.ts";
import { AES_COUNTER_BITS, AES_MAX_ONE_BITS, aesKeyType, aesKsn, aesWorkingKey, checkDerivable, deriveAesDukptKey, derivationTail, type AesDukptKeyType, type AesKeyUsage } from "./aes-dukpt.ts";
import { FutureKeyRegisters } from "./future-keys.ts";

/** The keys of one AES DUKPT transaction. */
export interface AesTransactionKeys {
  /** 12 bytes: initial key ID and counter */
  ksn: Uint8Array;
  keys: Partial<Record<AesKeyUsage, Uint8Array>>;
}

const SCHEME_ID: Record<"AES128" | "AES192" | "AES256", number> = { AES128: 2, AES192: 3, AES256: 4 };

/**
 * A terminal's AES DUKPT key set (ANSI X9.24-3-2017 6.5): 32 intermediate
 * derivation key registers, loaded once from the initial key.
 */
export class AesDukptTerminal {
  #crypto: Crypto;
  #keyType: "AES128" | "AES192" | "AES256";
  #registers: FutureKeyRegisters;

  /**
   * @param keyType - the type of the initial key (and of the BDK)
   * @throws PinError `DUKPT_STATE` when the stored state is damaged
   */
  constructor(crypto: Crypto, store: Store, keyType: "AES128" | "AES192" | "AES256" = "AES128", name = "dukpt.aes") {
    this.#crypto = crypto;
    this.#keyType = keyType;
    this.#registers = new FutureKeyRegisters(
      {
        id: SCHEME_ID[keyType],
        counterBits: AES_COUNTER_BITS,
        maxOneBits: AES_MAX_ONE_BITS,
        keyLength: keyType === "AES128" ? 16 : keyType === "AES192" ? 24 : 32,
        derive: (key, counter, initialKeyId) => deriveAesDukptKey(crypto, key, "derivation", keyType, derivationTail(initialKeyId, counter)),
      },
      store,
      name,
    );
  }

  get loaded(): boolean {
    return this.#registers.loaded;
  }

  /** The KSN the next transaction will carry. */
  get nextKsn(): Uint8Array {
    return aesKsn(this.#registers.identity, this.#registers.counter);
  }

  /**
   * Initial key loading: the initial key and its 8-byte ID; only the
   * derived registers are kept.
   * @throws PinError `PIN_KEY`, `DUKPT_KSN`
   */
  loadInitialKey(initialKey: Uint8Array, initialKeyId: Uint8Array): void {
    aesKeyType(initialKey);
    if (initialKeyId.length !== 8) throw new PinError("DUKPT_KSN", `the initial key ID has 8 bytes, got ${initialKeyId.length}`);
    this.#registers.load(initialKey, initialKeyId);
  }

  /**
   * The next transaction's KSN and working keys (each of `type`).
   * @throws PinError `DUKPT_KEY_TYPE` (before the counter moves) when `type`
   *   is stronger than the terminal's keys (X9.24-3-2017 6.1.3);
   *   `DUKPT_NOT_LOADED`, `DUKPT_EXHAUSTED`
   */
  nextTransaction(usages: AesKeyUsage[], type: AesDukptKeyType = "AES128"): AesTransactionKeys {
    checkDerivable(this.#keyType, type);
    const { counter, key } = this.#registers.next();
    const ksn = aesKsn(this.#registers.identity, counter);
    const keys: AesTransactionKeys["keys"] = {};
    for (let i = 0; i < usages.length; i++) {
      const u = usages[i];
      keys[u] = aesWorkingKey(this.#crypto, key, ksn, u, type);
    }
    key.fill(0);
    return { ksn, keys };
  }
}
