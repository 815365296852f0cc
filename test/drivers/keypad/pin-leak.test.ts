/**
 * From the key matrix to the PIN session: random PINs typed on the matrix
 * keypad driver, enciphered under TDES and AES DUKPT. Everything the terminal shows or logs is kept and scanned for
 * the PINs entered; the blocks are deciphered on the acquirer's side to
 * prove those PINs were really entered.
 */
import test from "ava";
import fc from "fast-check";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import type { KeyEvent, KeypadKey } from "../../../modules/core/keys.ts";
import { MemoryStore } from "../../../modules/core/memory-store.ts";
import { VirtualClock } from "../../../modules/core/virtual-clock.ts";
import { aesInitialKey, aesTransactionKey, aesWorkingKey } from "../../../modules/pin/dukpt/aes-dukpt.ts";
import { AesDukptTerminal } from "../../../modules/pin/dukpt/aes-terminal.ts";
import { tdesDeriveWorkingKey, tdesIpek } from "../../../modules/pin/dukpt/tdes-dukpt.ts";
import { TdesDukptTerminal } from "../../../modules/pin/dukpt/tdes-terminal.ts";
import { decryptPinBlock } from "../../../modules/pin/pin-block.ts";
import { PinSession, type PinResult } from "../../../modules/pin/pin-session.ts";
import { LAYOUT_4X4 } from "../../../drivers/keypad/layouts.ts";
import { MatrixKeypad } from "../../../drivers/keypad/matrix-keypad.ts";
import { testCrypto } from "../../support/crypto.ts";
import { virtualMatrix } from "../../../hosts/desktop/virtual-matrix.ts";
import { RecordingDisplay, RecordingLog } from "../../support/recorders.ts";

const crypto = testCrypto(11);
// ANSI X9.24-1:2009 and X9.24-3-2017 test BDKs and key serial numbers.
const TDES_BDK = fromHex("0123456789ABCDEFFEDCBA9876543210");
const TDES_KSN = fromHex("FFFF9876543210E00000");
const AES_BDK = fromHex("FEDCBA9876543210F1F1F1F1F1F1F1F1");
const AES_IKID = fromHex("1234567890123456");
const PAN = "4761739001010010";

function terminalRig() {
  const clock = new VirtualClock();
  const matrix = virtualMatrix(4, 4);
  const display = new RecordingDisplay();
  const log = new RecordingLog();
  let listener: (e: KeyEvent) => void = () => {};
  const keypad = new MatrixKeypad({ rows: matrix.rowSpecs, columns: matrix.columnSpecs, clock, onKey: (e) => listener(e) });
  const type = (keys: KeypadKey[]) => {
    for (const key of keys) {
      const r = LAYOUT_4X4.findIndex((row) => row.includes(key));
      const c = LAYOUT_4X4[r].indexOf(key);
      matrix.press(r, c);
      clock.advance(80);
      matrix.release(r, c);
      clock.advance(80);
    }
  };
  return { clock, display, log, keypad, type, listen: (f: (e: KeyEvent) => void) => (listener = f) };
}

test("no PIN entered at the keypad appears in any display line or log line", (t) => {
  const rig = terminalRig();
  const tdes = new TdesDukptTerminal(crypto, new MemoryStore());
  tdes.loadInitialKey(tdesIpek(crypto, TDES_BDK, TDES_KSN), TDES_KSN);
  const aes = new AesDukptTerminal(crypto, new MemoryStore());
  aes.loadInitialKey(aesInitialKey(crypto, AES_BDK, AES_IKID), AES_IKID);
  const entered: string[] = [];
  const ksns: string[] = [];

  fc.assert(
    fc.property(fc.stringMatching(/^[0-9]{4,12}$/), fc.boolean(), (pin, useAes) => {
      let result: PinResult | undefined;
      const session = new PinSession({
        clock: rig.clock,
        display: rig.display,
        log: rig.log,
        crypto,
        target: {
          kind: "online",
          format: useAes ? 4 : 0,
          pan: PAN,
          keySource: () => {
            if (useAes) {
              const tx = aes.nextTransaction(["pin"]);
              return { key: tx.keys.pin!, ksn: tx.ksn };
            }
            const tx = tdes.nextTransaction(["pin"]);
            return { key: tx.keys.pin!, ksn: tx.ksn };
          },
        },
        onDone: (r) => (result = r),
      });
      rig.listen((e) => session.key(e));
      rig.type([...pin].map((d) => d as KeypadKey).concat("ENTER"));
      if (result?.kind !== "pin" || !result.ksn) return false;
      entered.push(pin);
      ksns.push(toHex(result.ksn));

      // the acquirer's side: BDK + KSN to the PIN key, then the PIN
      const key = useAes
        ? aesWorkingKey(crypto, aesTransactionKey(crypto, aesInitialKey(crypto, AES_BDK, AES_IKID), result.ksn), result.ksn, "pin", "AES128")
        : tdesDeriveWorkingKey(crypto, TDES_BDK, result.ksn, "pin");
      return decryptPinBlock(crypto, result.block, { format: useAes ? 4 : 0, key, pan: PAN }).join("") === pin;
    }),
    { numRuns: 40 },
  );

  // KSNs are logged on purpose; take them out so that their digits are not mistaken for a PIN
  const text = [...rig.display.screens.flat(), ...rig.log.lines].map((line) => ksns.reduce((l, k) => l.split(k).join("<ksn>"), line));
  t.true(entered.length >= 40);
  for (const pin of entered) {
    const leak = text.find((line) => line.includes(pin));
    t.is(leak, undefined, `PIN ${"*".repeat(pin.length)} appears in: ${leak}`);
  }
  t.true(rig.display.screens.some((s) => s.includes("****")), "the echo was shown");
  rig.keypad.close();
});
