/**
 * The manager PIN: its salted, stretched verifier in the key store, the
 * migration of an unsalted one, and the lock after wrong PINs in a row,
 * which a reboot does not lift.
 */
import test from "ava";
import { MemoryKeyStore } from "../../../modules/core/key-store.ts";
import { checkManagerPin, MANAGER_PIN_SALT_BYTES, provisionManagerPin } from "../../../modules/terminal/manager-pin.ts";
import { MANAGER_PIN_LOCK_MS, MANAGER_PIN_TRIES_KEY } from "../../../modules/terminal/manager-pin-lock.ts";
import { MENU_ITEMS } from "../../../modules/terminal/terminal.ts";
import { crypto, MANAGER_KEY, rig, type Rig, type RigOptions } from "./terminal-harness.ts";

/** The key of a menu entry: 1-9, then 0 for the tenth. */
const item = (op: string) => String((MENU_ITEMS.indexOf(op as never) + 1) % 10);

/** A terminal whose protected functions ask for the manager PIN 1357; `from` boots on an earlier one's key store, flash and DUKPT store (a reboot). */
async function managed(from?: Rig, options: RigOptions = {}): Promise<Rig> {
  const r = await rig(from ? { keys: from.keys, flash: from.flash, store: from.store, host: from.host, ...options } : { managerPin: "1357", ...options });
  r.config.limits.managerPin.required = true;
  return r;
}

/** The settlement (a protected function) asked for, `pin` typed and ENTER. */
async function trySettle(r: Rig, pin: string): Promise<void> {
  r.press("MENU", item("SETTLEMENT") as never);
  if (r.display.last?.id !== "MANAGER_PIN") return;
  r.type(pin);
  r.press("ENTER");
}

const digits = (pin: string) => Uint8Array.from(pin, (c) => c.charCodeAt(0) - 48);

test("wrong manager PINs show the tries left; the third in a row locks the protected functions for 15 minutes", async (t) => {
  const r = await managed();
  await trySettle(r, "2468");
  t.deepEqual(r.display.last, { id: "WRONG_PIN", triesLeft: 2 });
  await r.idle();
  await trySettle(r, "2468");
  t.deepEqual(r.display.last, { id: "WRONG_PIN", triesLeft: 1 });
  await r.idle();
  await trySettle(r, "2468");
  t.deepEqual(r.display.last, { id: "MANAGER_LOCKED", minutes: 15 });
  await r.idle();
  // locked: no PIN prompt, even for the right PIN
  r.press("MENU", item("SETTLEMENT") as never);
  t.is(r.display.last?.id, "MANAGER_LOCKED");
  await r.idle();
  t.is(r.host.state.settled.length, 0);
  t.false(JSON.stringify(r.display.shown).includes("2468"));
});

test("the lock ends after 15 minutes on the monotonic clock: the right PIN then opens the settlement", async (t) => {
  const r = await managed();
  for (let i = 0; i < 3; i++) {
    await trySettle(r, "2468");
    await r.idle();
  }
  r.clock.advance(MANAGER_PIN_LOCK_MS - 60_000);
  r.press("MENU", item("SETTLEMENT") as never);
  t.like(r.display.last, { id: "MANAGER_LOCKED" });
  await r.idle();
  r.clock.advance(60_000);
  await trySettle(r, "1357");
  await r.idle();
  t.is(r.host.state.settled.length, 1);
  t.is(r.keys.get(MANAGER_PIN_TRIES_KEY), undefined, "the right PIN clears the count");
});

test("the right manager PIN resets the count: two wrong, the right one, two wrong again do not lock", async (t) => {
  const r = await managed();
  for (const pin of ["2468", "2468", "1357", "2468"]) {
    await trySettle(r, pin);
    await r.idle();
  }
  await trySettle(r, "2468");
  t.deepEqual(r.display.last, { id: "WRONG_PIN", triesLeft: 1 });
});

test("a reboot keeps the count: two wrong PINs, a reboot, one more wrong PIN locks", async (t) => {
  const first = await managed();
  for (let i = 0; i < 2; i++) {
    await trySettle(first, "2468");
    await first.idle();
  }
  const r = await managed(first);
  await trySettle(r, "2468");
  t.deepEqual(r.display.last, { id: "MANAGER_LOCKED", minutes: 15 });
});

test("a reboot keeps the lock: locked, rebooted 14 minutes later, locked for 15 minutes from the boot", async (t) => {
  const first = await managed();
  for (let i = 0; i < 3; i++) {
    await trySettle(first, "2468");
    await first.idle();
  }
  first.clock.advance(14 * 60_000);
  const r = await managed(first);
  r.press("MENU", item("SETTLEMENT") as never);
  t.deepEqual(r.display.last, { id: "MANAGER_LOCKED", minutes: 15 });
  t.false(r.display.shown.some((m) => m.id === "MANAGER_PIN"));
});

test("the verifier is salted: the same PIN gives two different verifiers of version, rounds, 16 bytes of salt and 32 of key", (t) => {
  const a = new MemoryKeyStore();
  const b = new MemoryKeyStore();
  provisionManagerPin(a, MANAGER_KEY, crypto, "1357");
  provisionManagerPin(b, MANAGER_KEY, crypto, "1357");
  const va = a.get(MANAGER_KEY)!;
  const vb = b.get(MANAGER_KEY)!;
  t.is(va.length, 1 + 4 + MANAGER_PIN_SALT_BYTES + 32);
  t.notDeepEqual(va.subarray(5, 5 + MANAGER_PIN_SALT_BYTES), vb.subarray(5, 5 + MANAGER_PIN_SALT_BYTES));
  t.notDeepEqual(va.subarray(5 + MANAGER_PIN_SALT_BYTES), vb.subarray(5 + MANAGER_PIN_SALT_BYTES));
  t.true(checkManagerPin(a, MANAGER_KEY, crypto, digits("1357"), 4));
  t.true(checkManagerPin(b, MANAGER_KEY, crypto, digits("1357"), 4));
  t.false(checkManagerPin(a, MANAGER_KEY, crypto, digits("1358"), 4));
  t.false(checkManagerPin(a, MANAGER_KEY, crypto, digits("13570"), 5));
});

/** What earlier firmware stored: SHA-256 over "xspos manager PIN:" and the digits in ASCII, no salt. */
function legacyVerifier(pin: string): Uint8Array {
  return crypto.digest("SHA-256", Uint8Array.from("xspos manager PIN:" + pin, (c) => c.charCodeAt(0)));
}

test("an unsalted verifier of earlier firmware: the right PIN is accepted once and the verifier rewritten salted; a wrong one changes nothing", (t) => {
  const keys = new MemoryKeyStore();
  keys.put(MANAGER_KEY, legacyVerifier("1357"));
  t.false(checkManagerPin(keys, MANAGER_KEY, crypto, digits("2468"), 4));
  t.deepEqual(keys.get(MANAGER_KEY), legacyVerifier("1357"));
  t.true(checkManagerPin(keys, MANAGER_KEY, crypto, digits("1357"), 4));
  const salted = keys.get(MANAGER_KEY)!;
  t.is(salted.length, 1 + 4 + MANAGER_PIN_SALT_BYTES + 32);
  t.is(salted[0], 1);
  t.true(checkManagerPin(keys, MANAGER_KEY, crypto, digits("1357"), 4));
  t.false(checkManagerPin(keys, MANAGER_KEY, crypto, digits("2468"), 4));
});
