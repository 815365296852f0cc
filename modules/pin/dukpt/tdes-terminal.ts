import type { Store } from "../../core/ports.ts";
import type { Crypto } from "../../crypto/port.ts";
import { FutureKeyRegisters } from "./future-keys.ts";
import { nonReversibleKey, tdesWorkingKey, type TdesKeyUsage } from "./tdes-dukpt.ts";
import { TDES_COUNTER_BITS, TDES_MAX_ONE_BITS, tdesKsn, withTdesCounter } from "./tdes-ksn.ts";

/** The keys of one transaction: its KSN and the working keys asked for. */
export interface TdesTransactionKeys {
  /** 10 bytes, sent with the PIN block (DE53 or the link's KSN field) */
  ksn: Uint8Array;
  keys: Partial<Record<TdesKeyUsage, Uint8Array>>;
}

/**
 * A terminal's TDES DUKPT key set (ANSI X9.24-1:2009): the IPEK is loaded
 * once through the store, each transaction takes the next key and moves
 * the future key registers on.
 */
export class TdesDukptTerminal {
  #crypto: Crypto;
  #registers: FutureKeyRegisters;

  /**
   * @param store - where the registers live (a flash partition on the device)
   * @param name - the store key; one per key set
   * @throws PinError `DUKPT_STATE` when the stored state is damaged
   */
  constructor(crypto: Crypto, store: Store, name = "dukpt.tdes") {
    this.#crypto = crypto;
    const scheme = {
      id: 1,
      counterBits: TDES_COUNTER_BITS,
      maxOneBits: TDES_MAX_ONE_BITS,
      keyLength: 16,
      derive: (key: Uint8Array, counter: number, ksn: Uint8Array) => nonReversibleKey(crypto, key, withTdesCounter(ksn, counter).subarray(2)),
    };
    this.#registers = new FutureKeyRegisters(scheme, store, name);
  }

  get loaded(): boolean {
    return this.#registers.loaded;
  }

  /** The KSN the next transaction will carry. */
  get nextKsn(): Uint8Array {
    return withTdesCounter(this.#registers.identity, this.#registers.counter);
  }

  /**
   * Initial key loading: the IPEK and its KSN (counter ignored) as the key
   * injection facility sends them. The IPEK is not stored, only the keys
   * derived from it.
   */
  loadInitialKey(ipek: Uint8Array, ksn: Uint8Array): void {
    this.#registers.load(ipek, withTdesCounter(tdesKsn(ksn), 0));
  }

  /**
   * The next transaction: its KSN and the working keys for `usages`; the
   * transaction key itself is wiped before this returns.
   * @throws PinError `DUKPT_NOT_LOADED`, `DUKPT_EXHAUSTED`
   */
  nextTransaction(usages: TdesKeyUsage[]): TdesTransactionKeys {
    const { counter, key } = this.#registers.next();
    const keys: TdesTransactionKeys["keys"] = {};
    for (let i = 0; i < usages.length; i++) {
      const u = usages[i];
      keys[u] = tdesWorkingKey(this.#crypto, key, u);
    }
    key.fill(0);
    return { ksn: withTdesCounter(this.#registers.identity, counter), keys };
  }
}
