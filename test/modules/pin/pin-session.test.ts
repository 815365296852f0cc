import test from "ava";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import type { KeypadKey } from "../../../modules/core/keys.ts";
import { VirtualClock } from "../../../modules/core/virtual-clock.ts";
import { decryptPinBlock } from "../../../modules/pin/pin-block.ts";
import { PinSession, type PinResult, type PinSessionOptions } from "../../../modules/pin/pin-session.ts";
import { testCrypto } from "../../support/crypto.ts";
import { RecordingDisplay, RecordingLog } from "../../support/recorders.ts";

const crypto = testCrypto(5);
const KEY = fromHex("0123456789ABCDEFFEDCBA9876543210");
const PAN = "4012345678909";

function session(options: Partial<PinSessionOptions> = {}) {
  const clock = new VirtualClock();
  const display = new RecordingDisplay();
  const log = new RecordingLog();
  const results: PinResult[] = [];
  const keyCopies: Uint8Array[] = [];
  const s = new PinSession({
    clock,
    display,
    log,
    crypto,
    target: {
      kind: "online",
      format: 0,
      pan: PAN,
      keySource: () => {
        const key = KEY.slice();
        keyCopies.push(key);
        return { key, ksn: fromHex("FFFF9876543210E00001") };
      },
    },
    onDone: (r) => results.push(r),
    ...options,
  });
  const press = (...keys: KeypadKey[]) => {
    for (const key of keys) {
      s.key({ key, repeat: false, at: clock.now() });
      clock.advance(300);
    }
  };
  return { s, clock, display, log, results, press, keyCopies };
}

test("a PIN becomes an enciphered format 0 block with its KSN; the key is wiped", (t) => {
  const { press, results, display, keyCopies } = session();
  press("4", "7", "1", "1", "ENTER");
  const r = results[0];
  if (r?.kind !== "pin") return t.fail();
  t.is(r.format, 0);
  t.is(toHex(r.ksn!), "FFFF9876543210E00001");
  t.is(decryptPinBlock(crypto, r.block, { format: 0, key: KEY, pan: PAN }).join(""), "4711");
  t.deepEqual(display.screens.map((s) => s[1]), ["_", "*", "**", "***", "****"]);
  t.true(keyCopies[0].every((b) => b === 0));
});

test("CLEAR starts over, short PINs are refused with a hint, extra digits are ignored", (t) => {
  const { press, results, display } = session({ maxLength: 6 });
  press("1", "2", "CLEAR", "9", "8", "7", "ENTER");
  t.is(results.length, 0);
  t.regex(display.last.join("|"), /PIN: 4-6 DIGITS/);
  press("6", "5", "4", "3", "ENTER");
  const r = results[0];
  if (r?.kind !== "pin") return t.fail();
  t.is(decryptPinBlock(crypto, r.block, { format: 0, key: KEY, pan: PAN }).join(""), "987654");
});

test("CANCEL, first-key and inter-key time-outs end the session", (t) => {
  const a = session();
  a.press("1", "CANCEL", "2", "ENTER");
  t.deepEqual(a.results, [{ kind: "cancelled" }]);

  const b = session({ firstKeyTimeoutMs: 20_000 });
  b.clock.advance(19_999);
  t.is(b.results.length, 0);
  b.clock.advance(1);
  t.deepEqual(b.results, [{ kind: "timeout" }]);

  const c = session({ interKeyTimeoutMs: 5_000 });
  c.press("1", "2");
  c.clock.advance(5_000);
  t.deepEqual(c.results, [{ kind: "timeout" }]);
  t.is(c.clock.pending, 0);
});

test("bypass only where allowed", (t) => {
  const a = session();
  a.press("ENTER");
  t.is(a.results.length, 0);
  const b = session({ bypassAllowed: true });
  b.press("ENTER");
  t.deepEqual(b.results, [{ kind: "bypass" }]);
});

test("offline PIN for the card is a format 2 block", (t) => {
  const { press, results } = session({ target: { kind: "offline" } });
  press("1", "2", "3", "4", "5", "ENTER");
  const r = results[0];
  if (r?.kind !== "pin") return t.fail();
  t.is(toHex(r.block), "2512345FFFFFFFFF");
});

test("a key source failure ends the session with its code and wipes the digits", (t) => {
  const { press, results } = session({
    target: { kind: "online", format: 0, pan: PAN, keySource: () => ({ key: KEY.slice(0, 8) }) },
  });
  press("1", "2", "3", "4", "ENTER");
  t.deepEqual(results, [{ kind: "failed", code: "PIN_KEY" }], "a single-DES key for a TDES block");
});

test("the log says what happened, never the digits", (t) => {
  const { press, log } = session();
  press("5", "8", "2", "9", "ENTER");
  t.deepEqual(log.lines, ["pin: entry started (online)", "pin: block ready (format 0, KSN FFFF9876543210E00001)"]);
});
