/**
 * Every command the text front end's help lists, tried from a pipe
 * (`--interactive`): CLEAR, `.`, `00`, F1, the swipe flags r, s, f and
 * x, MENU with the manager PIN on the same line, and a card PIN typed on
 * the same line as the amount's ENTER. A key is echoed by the state it
 * reached the terminal in, so a PIN digit shows as • even when the PIN
 * prompt came up halfway through the line.
 */
import test from "ava";
import { sim, simDir } from "../support/simulator-run.ts";

test.serial("the help's keys and swipe flags do what it says; PIN digits typed on the line that brings up the PIN prompt are echoed as •", async (t) => {
  t.timeout(300_000);
  const input = [
    "125b", "k", "w",
    "1.500e", "s1r", "w", "w", "k", "w",
    "f", "k", "w",
    "200e", "s1s", "w", "w", "k", "w",
    "300e", "s1f", "w", "w", "k", "w",
    "400e", "s1x", "k", "w",
    "m59876e", "w", "k", "w",
    "i2", "w", "15000e1234e", "w", "w", "r", "w",
    "q",
  ].join("\n") + "\n";
  const out = await sim(simDir(t), ["--interactive", "--fresh"], input);
  // b is CLEAR: 125 then CLEAR leaves 12 cents
  t.regex(out, /> keys: 1 2 5 CLEAR\n[\s\S]*?│ +HKD 0\.12│/);
  // `.` reaches the terminal, which keys amounts in minor units and takes no decimal point; 00 multiplies by 100
  t.regex(out, /> keys: 1 \. 5 00 ENTER\n[\s\S]*?│ +HKD 15\.00│\n {2}│INSERT OR SWIPE CARD│/);
  // r swipes backwards at the normal speed; the sale goes through
  t.regex(out, /> swipe: Visa, stripe only \(service code 101\) \(backwards, 30→30 cm\/s, jitter 3 %\)\n {2}· terminal: card 411111\*\*\*\*\*\*1111 visa[\s\S]*?sale 411111\*\*\*\*\*\*1111 STAN \d{6}: 00 approved/);
  // f is F1: the basket sale asks for its first item
  t.regex(out, /> keys: F1\n {2}┌─+┐\n {2}│ITEM 1 QUANTITY +│/);
  // s: slow, 10 cm/s; f: fast, 150 slowing to 105 cm/s; both read
  t.regex(out, /\(forwards, 10→10 cm\/s, jitter 3 %\)\n {2}· terminal: card 411111\*\*\*\*\*\*1111 visa[\s\S]*?STAN \d{6}: 00 approved[\s\S]*?│ +HKD 2\.00│/);
  t.regex(out, /\(forwards, 150→105 cm\/s, jitter 3 %\)\n {2}· terminal: card 411111\*\*\*\*\*\*1111 visa[\s\S]*?STAN \d{6}: 00 approved[\s\S]*?│ +HKD 3\.00│/);
  // x scratches the stripe: a parity error, and the terminal asks for the card again
  t.regex(out, /\(forwards, 30→30 cm\/s, jitter 3 %, scratched\)\n {2}· terminal: swipe refused \(TRACK_PARITY\)\n[\s\S]*?│CARD READ ERROR +│/);
  // m is MENU: the menu item 5 shows, the manager PIN typed on the same line does not
  t.regex(out, /> keys: MENU 5 • • • • ENTER\n {2}· terminal: manager PIN accepted[\s\S]*?batch \d+ settled/);
  // the DDA card inserted first: the amount's ENTER brings up the PIN prompt, and the PIN on the same line is hidden
  t.regex(out, /> keys: 1 5 00 0 ENTER • • • • ENTER\n[\s\S]*?sale 476173\*\*\*\*\*\*0028 STAN \d{6}: 00 approved/);
  // the help names both PINs; nothing else may
  const rest = out.replaceAll("the manager PIN is 9876; card PINs are 1234", "");
  t.false(/\b1234\b/.test(rest), "the card PIN appears nowhere");
  t.false(/\b9876\b/.test(rest), "the manager PIN appears nowhere");
  t.is((out.match(/│APPROVED/g) ?? []).length, 4, "the three swipes that read and the chip sale");
});
