/**
 * Test keys on a fresh terminal: what the desktop simulator, the Moddable
 * simulator and a development board each load before the first
 * transaction, so that they all meet the acquirer emulator with the same
 * keys. A production terminal gets its keys by key injection instead.
 */
import { fromHex, toHex } from "../core/hex.ts";
import type { KeyStore } from "../core/key-store.ts";
import type { Log } from "../core/ports.ts";
import type { Crypto } from "../crypto/port.ts";
import { tdesIpek } from "../pin/dukpt/tdes-dukpt.ts";
import type { TdesDukptTerminal } from "../pin/dukpt/tdes-terminal.ts";
import { provisionManagerPin } from "./manager-pin.ts";

/** The test keys, in hex as the standards and the emulator publish them. */
export interface TestKeys {
  /** the terminal master key */
  tmk: string;
  /** the base derivation key and the initial KSN of ANSI X9.24-1 */
  bdk: string;
  ksn: string;
  /** the manager PIN, kept only as its digest */
  managerPin: string;
  /** the key store's name for the manager PIN digest (the configuration's `limits.managerPin.keyName`) */
  managerPinKey: string;
}

/**
 * Loads the terminal master key and the manager PIN digest on a key store
 * that has no master key, and the initial DUKPT key on empty registers;
 * what is already there is kept (a restart never goes back to the first KSN).
 */
export function provisionTestKeys(ports: { keys: KeyStore; dukpt: TdesDukptTerminal; crypto: Crypto; log: Log }, test: TestKeys): void {
  const { keys, dukpt, crypto, log } = ports;
  const existing = keys.get("tmk");
  existing?.fill(0);
  if (!existing) {
    const tmk = fromHex(test.tmk);
    keys.put("tmk", tmk);
    tmk.fill(0);
    provisionManagerPin(keys, test.managerPinKey, crypto, test.managerPin);
    log.write("keys: test terminal master key and manager PIN digest provisioned");
  }
  if (!dukpt.loaded) {
    const ksn = fromHex(test.ksn);
    const bdk = fromHex(test.bdk);
    dukpt.loadInitialKey(tdesIpek(crypto, bdk, ksn), ksn);
    bdk.fill(0);
  }
  log.write(`dukpt: ANSI X9.24-1 test key set, next KSN ${toHex(dukpt.nextKsn)}`);
}
