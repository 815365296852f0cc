import type { BenchCase } from "../case.ts";
import { fromHex } from "../../modules/core/hex.ts";
import { MemoryStore } from "../../modules/core/memory-store.ts";
import { aesInitialKey } from "../../modules/pin/dukpt/aes-dukpt.ts";
import { AesDukptTerminal } from "../../modules/pin/dukpt/aes-terminal.ts";
import { tdesDeriveWorkingKey, tdesIpek } from "../../modules/pin/dukpt/tdes-dukpt.ts";
import { TdesDukptTerminal } from "../../modules/pin/dukpt/tdes-terminal.ts";
import { clearPinBlock, encryptPinBlock } from "../../modules/pin/pin-block.ts";
import { MemoryKeyStore } from "../../modules/core/key-store.ts";
import { checkManagerPin, MANAGER_PIN_ITERATIONS, provisionManagerPin } from "../../modules/terminal/manager-pin.ts";

// ANSI X9.24-1:2009 annex A test BDK and KSN (counter 0x15: three one bits), PIN 1234, PAN 4012345678909.
const BDK = fromHex("0123456789ABCDEFFEDCBA9876543210");
const KSN = fromHex("FFFF9876543210E00015");
const PIN = Uint8Array.of(1, 2, 3, 4);
const PAN = "4012345678909";

/** What the acquirer (and the npm dukpt package) does per PIN: BDK + KSN to the PIN key, then the block. */
export const tdesHostPin: BenchCase = {
  name: "dukpt.tdes.hostPinBlock",
  unit: "TDES DUKPT: IPEK from BDK and KSN, transaction key (counter with 3 one bits), PIN variant, format 0 block enciphered",
  setup({ crypto }) {
    return () => {
      const key = tdesDeriveWorkingKey(crypto, BDK, KSN, "pin");
      const clear = clearPinBlock(crypto, 0, PIN, PAN);
      return crypto.blockEncrypt("TDES", "ECB", key, clear);
    };
  },
};

/** What the terminal does per PIN: next key from the future key registers (persisted), block enciphered. */
export const tdesTerminalPin: BenchCase = {
  name: "dukpt.tdes.terminalPinEncryption",
  unit: "TDES DUKPT terminal: next transaction key, registers moved on and stored, format 0 PIN block enciphered",
  xsTargetUs: 5000,
  setup({ crypto }) {
    const terminal = new TdesDukptTerminal(crypto, new MemoryStore());
    terminal.loadInitialKey(tdesIpek(crypto, BDK, KSN), KSN);
    return () => {
      const tx = terminal.nextTransaction(["pin"]);
      return encryptPinBlock(crypto, PIN, { format: 0, key: tx.keys.pin!, pan: PAN });
    };
  },
};

// ANSI X9.24-3-2017 annex B: AES-128 BDK, initial key ID.
const AES_BDK = fromHex("FEDCBA9876543210F1F1F1F1F1F1F1F1");
const IKID = fromHex("1234567890123456");

export const aesTerminalPin: BenchCase = {
  name: "dukpt.aes.terminalPinEncryption",
  unit: "AES DUKPT terminal: next transaction, PIN working key derived, registers stored, format 4 PIN block enciphered",
  xsTargetUs: 5000,
  setup({ crypto }) {
    const terminal = new AesDukptTerminal(crypto, new MemoryStore());
    terminal.loadInitialKey(aesInitialKey(crypto, AES_BDK, IKID), IKID);
    return () => {
      const tx = terminal.nextTransaction(["pin"]);
      return encryptPinBlock(crypto, PIN, { format: 4, key: tx.keys.pin!, pan: PAN });
    };
  },
};

/** The manager PIN's check as the merchant menu runs it: its PBKDF2 rounds are a guess's cost, and the menu waits for them. */
export const managerPinCheck: BenchCase = {
  name: "terminal.managerPinCheck",
  unit: "the manager PIN typed checked against its salted verifier in the key store: PBKDF2-HMAC-SHA-256 of `figures.iterations` rounds (two SHA-256 digests each), the comparison",
  xsTargetUs: 100_000,
  setup({ crypto }) {
    const keys = new MemoryKeyStore();
    provisionManagerPin(keys, "manager.pin", crypto, "135790");
    const typed = Uint8Array.of(1, 3, 5, 7, 9, 0);
    return () => {
      if (!checkManagerPin(keys, "manager.pin", crypto, typed, typed.length)) throw new Error("the manager PIN was refused");
    };
  },
  figures: () => ({ iterations: MANAGER_PIN_ITERATIONS }),
};

export const PIN_CASES = [tdesHostPin, tdesTerminalPin, aesTerminalPin, managerPinCheck];
