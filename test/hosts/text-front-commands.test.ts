/**
 * Each command the text front end's help lists, run through its command
 * parser from a pipe (`--interactive`), one simulator each, and checked
 * by its own effect: the card it swiped or inserted reaching the
 * terminal (the terminal's log line with that card's masked PAN, the
 * screen it leads to, the receipt), the fault, the paper, the wait, the
 * settlement, the quit. The commands are read from the help itself, so a
 * command added to the help without a case here fails. `--verbose` is
 * checked against the same input without it.
 */
import test from "ava";
import { CHIP_CARDS, SIM_CARDS } from "../../hosts/desktop/cards.ts";
import { TEXT_HELP } from "../../hosts/desktop/text-front.ts";
import { sim, simDir } from "../support/simulator-run.ts";

/** Every full PAN of the wallet: the stripe cards and the chip cards' profiles (test/emv/cards). */
const PANS = ["4111111111111111", "4000056655665556", "5555555555554444", "378282246310005", "4000000000000002", "4000000000009995", "4761739001010028", "4761739001010069", "4761739001010036", "4761739001010044", "4761739001010143", "4761739001010101", "4761739001010093", "5413330089020011"];

/**
 * The commands of the help: a name at the start of a line or after a wide gap, followed by a wide gap
 * and its description (`  s1     swipe: …`, `  w      wait 3 s …   p  paper out …`).
 */
function helpCommands(help: string): string[] {
  return [...help.matchAll(/(?:^ {2}| {3,})([a-z][0-9]*)(?= {2,}[^ ])/gm)].map((m) => m[1]);
}

/**
 * A command's case: the lines piped in, which of them is the command, what its own output
 * (from its prompt to the next) must hold, and what the whole session must.
 */
interface Case {
  input: string[];
  at: number;
  own: RegExp[];
  session?: RegExp[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** the front end's line for a swipe or an insert of the wallet's card */
const swiped = (n: number) => new RegExp(`^\\n> swipe: ${escape(SIM_CARDS[n].label)} \\(forwards, 30→30 cm/s, jitter 3 %\\)\\n`);
const inserted = (n: number) => new RegExp(`^\\n> insert: ${escape(CHIP_CARDS[n].label)}\\n`);
const approved = (masked: string) => new RegExp(`sale ${masked} STAN \\d{6}: 00 approved`);

const CASES: Record<string, Case> = {
  s1: { input: ["2500e", "s1", "w", "q"], at: 1, own: [swiped(0), /· terminal: card 411111\*{6}1111 visa\n/, approved("411111\\*{6}1111")] },
  s2: { input: ["2500e", "s2", "k", "q"], at: 1, own: [swiped(1), /· terminal: chip card 555555\*{6}4444 swiped, chip required\n/, /│USE CHIP READER +│/] },
  s3: { input: ["2500e", "s3", "w", "q"], at: 1, own: [swiped(2), /· terminal: card 378282\*{5}0005 amex\n/, approved("378282\\*{5}0005")] },
  s4: { input: ["2500e", "s4", "1234e", "w", "q"], at: 1, own: [swiped(3), /· terminal: card 400005\*{6}5556 visa\n {2}· pin: entry started \(online\)/, /│ENTER PIN +│/], session: [approved("400005\\*{6}5556")] },
  s5: { input: ["2500e", "s5", "k", "q"], at: 1, own: [swiped(4), /· terminal: swipe refused \(CARD_EXPIRED\)\n/, /│CARD EXPIRED +│/] },
  s6: { input: ["2500e", "s6", "k", "q"], at: 1, own: [swiped(5), /· terminal: swipe refused \(CARD_LUHN\)\n/, /│INVALID CARD +│/] },
  s7: { input: ["2500e", "s7", "w", "q"], at: 1, own: [swiped(6), /· terminal: card 411111\*{6}1111 visa\n/, approved("411111\\*{6}1111")] },
  s8: { input: ["2500e", "s8", "w", "q"], at: 1, own: [swiped(7), /· terminal: card 400000\*{6}0002 visa\n/, /sale 400000\*{6}0002 STAN \d{6}: 05 do not honour/], session: [/│DECLINED +05│/] },
  // HKD 25.00 on the card with HKD 20.00 left
  s9: { input: ["2500e", "s9", "w", "q"], at: 1, own: [swiped(8), /· terminal: card 400000\*{6}9995 visa\n/, /sale 400000\*{6}9995 STAN \d{6}: 51 insufficient funds/], session: [/│DECLINED +51│/] },
  i1: { input: ["2500e", "i1", "s2", "w", "r", "q"], at: 1, own: [inserted(0), /· chip: ATR_TIMEOUT\n {2}· terminal: chip failed \(ATR_TIMEOUT\), the stripe may be used/, /│USE MAG STRIPE +│/], session: [/terminal: card 555555\*{6}4444 mastercard \(fallback\)/, approved("555555\\*{6}4444")] },
  i2: { input: ["2500e", "i2", "1234e", "w", "r", "q"], at: 1, own: [inserted(1), /· chip: ATR 3B7D13000080318065B0893501F183009000, T=0, 38400 bit\/s\n {2}· pin: entry started \(online\)/], session: [approved("476173\\*{6}0028"), /▌ CARD NO\. +476173\*{6}0028/, /terminal: chip completion approved/] },
  i3: { input: ["2500e", "i3", "w", "r", "q"], at: 1, own: [inserted(2), /· terminal: chip approved\n/], session: [/▌ CARD NO\. +476173\*{6}0069/, /▌ CARDHOLDER SIGNATURE:/] },
  i4: { input: ["2500e", "i4", "1234e", "w", "r", "q"], at: 1, own: [inserted(3), /· pin: entry started \(offline\)/], session: [/· pin: block ready \(format 2\)/, /· terminal: chip approved\n/, /▌ CARD NO\. +476173\*{6}0036/, /▌ PIN VERIFIED/] },
  i5: { input: ["2500e", "i5", "w", "r", "q"], at: 1, own: [inserted(4), /· terminal: chip declined\n/, /│DECLINED OFFLINE/] },
  i6: { input: ["2500e", "i6", "r", "q"], at: 1, own: [inserted(5), /· terminal: chip end-application\n/, /│CARD NOT SUPPORTED +│/] },
  // the second application chosen: its own PAN, its online PIN (the help's 1234) accepted
  i7: { input: ["2500e", "i7", "2", "1234e", "w", "r", "q"], at: 1, own: [inserted(6), /│ SELECT APPLICATION │\n {2}│1\.VISA CREDIT +│\n {2}│2\.MASTERCARD +│/], session: [approved("541333\\*{6}0011"), /▌ CARD NO\. +541333\*{6}0011/] },
  i8: { input: ["2500e", "i8", "1234e", "w", "r", "q"], at: 1, own: [inserted(7), /· chip: ATR 3BF01300008131204536, T=1, 38400 bit\/s\n {2}· pin: entry started \(offline\)/], session: [/· pin: block ready \(format 2\)/, approved("476173\\*{6}0044")] },
  i9: { input: ["2500e", "i9", "w", "r", "q"], at: 1, own: [inserted(8), /· terminal: chip approved\n/], session: [/▌ CARD NO\. +476173\*{6}0143/, /▌ NO CARDHOLDER VERIFICATION/] },
  i10: { input: ["2500e", "i10", "r", "q"], at: 1, own: [inserted(9), /· terminal: chip end-application\n/, /│CARD BLOCKED +│/] },
  // the refused card taken out: the idle screen comes back, and a second r finds the reader empty
  r: { input: ["2500e", "i6", "r", "w", "r", "q"], at: 2, own: [/^\n> remove the card\n/], session: [/> remove the card\n[\s\S]*│ +WELCOME +│[\s\S]*> remove the card\n {2}\(no card in the reader\)/] },
  d: { input: ["d", "2000e", "s1", "w", "w", "300e", "s3", "w", "q"], at: 0, own: [/^\n> the acquirer will not answer the next 0200 \(a sale, refund, void or completion\)\n/], session: [/fault drop on 0200[\s\S]*REVERSAL QUEUED[\s\S]*0400 for STAN \d{6} delivered[\s\S]*sale 378282\*{5}0005 STAN \d{6}: 00 approved/] },
  t: { input: ["2500e", "s1", "w", "t", "q"], at: 3, own: [/^\n> end of day: settlement through the manager menu\n/, /> keys: MENU 5\n[\s\S]*│MANAGER (?:PASSWORD|PIN) *│[\s\S]*> keys: • • • • ENTER\n {2}· terminal: manager PIN accepted\n/, /batch \d+ settled \(balanced\)/] },
  // the printing (merchant copy, then the customer's) takes the terminal's time: it happens while w waits
  w: { input: ["2500e", "s1", "w", "q"], at: 2, own: [/✂ receipt[\s\S]*✂ receipt/, /│APPROVED AUTH \d{6}│/] },
  p: { input: ["p", "2500e", "i3", "w", "p", "w", "r", "q"], at: 0, own: [/^\n> paper out\n/], session: [/│PAPER OUT +│[\s\S]*> paper loaded[\s\S]*✂ receipt\n {2}▌ POS SALES SLIP/] },
  // quitting waits for the sale's receipts before it closes
  q: { input: ["2500e", "s1", "q"], at: 2, own: [/✂ receipt[\s\S]*✂ receipt[\s\S]*XS computation for the session: \d+ units/] },
};

/** The output that followed each input line: what came after its prompt, up to the next prompt. */
function perLine(out: string): string[] {
  return out.split("\nxspos> ").slice(1);
}

test("the help lists the commands this file has cases for, and no more or fewer: s1–s9, i1–i10, r, d, t, w, p, q", (t) => {
  const listed = helpCommands(TEXT_HELP);
  t.deepEqual(listed.filter((c) => !(c in CASES)), [], "a listed command without a case");
  t.deepEqual(Object.keys(CASES).filter((c) => !listed.includes(c)), [], "a case for a command the help does not list");
  t.deepEqual(listed.filter((c) => c.startsWith("s")), SIM_CARDS.map((_, i) => `s${i + 1}`), "a swipe command per stripe card");
  t.deepEqual(listed.filter((c) => c.startsWith("i")), CHIP_CARDS.map((_, i) => `i${i + 1}`), "an insert command per chip card");
});

for (const command of helpCommands(TEXT_HELP)) {
  const c = CASES[command];
  test.serial(`${command} from a pipe: its own output and the session show its effect (${c ? c.input.join(" ") : "no case"}); no full PAN, no PIN`, async (t) => {
    t.timeout(240_000);
    if (!c) return void t.fail(`no case for the help's command ${command}`);
    t.is(c.input[c.at], command);
    const out = await sim(simDir(t), ["--interactive", "--fresh"], c.input.join("\n") + "\n");
    t.true(out.includes(TEXT_HELP), "the help printed is the one read here");
    const own = perLine(out)[c.at] ?? "";
    for (const pattern of c.own) t.regex(own, pattern, `${command}'s output`);
    for (const pattern of c.session ?? []) t.regex(out, pattern, "the session");
    t.notRegex(out, /not a command, or no such card/);
    const rest = out.replaceAll("the manager PIN is 9876; card PINs are 1234", "");
    for (const pan of PANS) t.false(rest.includes(pan), `no full PAN ${pan.slice(0, 6)}…`);
    t.false(/(?<![0-9])1234(?![0-9])/.test(rest), "the card PIN appears nowhere");
    t.false(/(?<![0-9A-F])9876(?![0-9A-F])/.test(rest), "the manager PIN appears nowhere");
  });
}

test.serial("--verbose shows every screen of a step (the amount as each digit is keyed, the signature prompt); without it only the last screen of each step", async (t) => {
  t.timeout(240_000);
  const input = ["2500e", "s1", "w", "q"].join("\n") + "\n";
  const quiet = perLine(await sim(simDir(t), ["--interactive", "--fresh"], input));
  const verbose = perLine(await sim(simDir(t), ["--interactive", "--fresh", "--verbose"], input));
  const boxes = (s: string) => (s.match(/┌─+┐/g) ?? []).length;
  t.is(boxes(quiet[0]), 1, "the amount's last screen alone");
  t.regex(quiet[0], /│ +HKD 25\.00│\n {2}│INSERT OR SWIPE CARD│/);
  t.is(boxes(verbose[0]), 5, "a screen for the sale's start and for each of the four keys");
  t.regex(verbose[0], /│ENTER AMOUNT +│\n {2}│ +HKD 0\.02│[\s\S]*│ +HKD 0\.25│[\s\S]*│ +HKD 25\.00│\n {2}│INSERT OR SWIPE CARD│/);
  t.notRegex(quiet.join(""), /│SIGNATURE REQUIRED/);
  t.regex(verbose.join(""), /│SIGNATURE REQUIRED +│\n {2}│SIGN THE RECEIPT +│/);
});
