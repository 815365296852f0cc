/**
 * A board whose wall clock no SNTP or modem set: the terminal against the
 * acquirer emulator over real sockets. The boot sign-on's answer carries
 * the host's time (DE7 in GMT; DE12 and DE13 local, China UnionPay
 * practice), the terminal sets its clock from it, and the sale that
 * follows goes out with today's DE7, not a 1970 one.
 */
import test from "ava";
import { fromHex } from "../../modules/core/hex.ts";
import { SettableWallClock } from "../../modules/core/settable-wall-clock.ts";
import { ISO87A } from "../../modules/iso8583/dialect.ts";
import { unpack } from "../../modules/iso8583/codec.ts";
import { text } from "../../modules/iso8583/message.ts";
import { startAcquirer } from "../../hosts/acquirer/acquirer.ts";
import { TEST_BDK, TEST_TMK } from "../../hosts/acquirer/test-keys.ts";
import { device, swiped } from "./terminal-device.ts";

/** MMDDhhmmss of a UTC instant, from ECMA-262's ISO string (YYYY-MM-DDTHH:mm:ss.sssZ). */
function gmtMmddhhmmss(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19);
}

test.serial("clock unset at boot: the boot sign-on sets it from the emulator's 0810; the sale after it carries the system's DE7 (GMT), not 1970", async (t) => {
  // the emulator in the terminal's zone (one hour east), as a China UnionPay-style host and its terminals share one
  const acquirer = await startAcquirer({ dialect: ISO87A, bdk: fromHex(TEST_BDK), tmk: fromHex(TEST_TMK), offsetMinutes: 60 });
  // a board 3 s after boot, counting from 1970
  const wallClock = new SettableWallClock({ now: () => 3000, offsetMinutes: () => 60, set: false });
  const d = await device({ acquirer, wallClock });
  try {
    await d.until("idle");
    t.true(wallClock.isSet(), "the boot sign-on set the clock");
    t.true(Math.abs(wallClock.utcMs() - Date.now()) < 5000, "to the host's time, within the seconds of a test run");
    t.true(d.log.lines.some((l) => l.startsWith("uplink: clock set from the sign-on answer's DE12/DE13")));
    const setTo = wallClock.utcMs();
    await swiped(d, "1000");
    const sale = d.uplink.map((f) => unpack(ISO87A, f.subarray(2))).find((m) => m.mti === "0200");
    t.truthy(sale, "the sale went out");
    // the board's source stands still in this test, so the clock reads what the host gave: DE7 is that instant in GMT, MMDDhhmmss (ISO 8583:1987)
    t.is(text(sale!, 7), gmtMmddhhmmss(setTo));
    t.not(text(sale!, 7)!.slice(0, 4), "0101");
    t.true(d.shown.some((m) => m.id === "APPROVED"));
  } finally {
    await d.close();
  }
});

test.serial("clock unset at boot with a reversal owed: the sign-on goes before it, and the reversal carries the host's date in DE7, not 1970; with the clock set the reversal goes first", async (t) => {
  const acquirer = await startAcquirer({ dialect: ISO87A, bdk: fromHex(TEST_BDK), tmk: fromHex(TEST_TMK), offsetMinutes: 60 });
  const d = await device({ acquirer });
  acquirer.inject({ on: "0200", kind: "drop" });
  await swiped(d, "1500");
  t.is(d.terminal.journal.pending().length, 1, "a reversal waits");
  await d.close(true);
  const unset = new SettableWallClock({ now: () => 3000, offsetMinutes: () => 60, set: false });
  const again = await device({ flash: d.flash.reboot(), keys: d.keys, store: d.store, acquirer, wallClock: unset });
  try {
    await again.until("idle");
    const frames = again.uplink.map((f) => unpack(ISO87A, f.subarray(2)));
    t.deepEqual(frames.map((m) => m.mti), ["0800", "0400"], "the sign-on first, for the time, then the reversal");
    t.is(text(frames[1], 7), gmtMmddhhmmss(unset.utcMs()), "the reversal's DE7 is the time the sign-on set");
    t.deepEqual(again.terminal.journal.pending(), []);
  } finally {
    await again.close(true);
  }
  // the same owed reversal on a board whose clock is set: recovery's reversal is the first message
  acquirer.inject({ on: "0200", kind: "drop" });
  const third = await device({ flash: again.flash.reboot(), keys: again.keys, store: again.store, acquirer });
  try {
    await swiped(third, "900");
    await third.close(true);
    const fourth = await device({ flash: third.flash.reboot(), keys: third.keys, store: third.store, acquirer });
    try {
      await fourth.until("idle");
      t.deepEqual(fourth.uplink.map((f) => unpack(ISO87A, f.subarray(2)).mti), ["0400", "0800"]);
    } finally {
      await fourth.close();
    }
  } finally {
    await acquirer.close();
  }
});
