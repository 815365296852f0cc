/**
 * The text front end on a terminal: `--text` run on a pseudo-terminal
 * (util-linux `script` gives the simulator one), typed at key by key as
 * a user would. It takes commands (no tour), and while the terminal is
 * in PIN entry nothing typed is echoed: the captured bytes of the
 * terminal hold no PIN digit, whether the PIN was typed at the PIN
 * prompt, typed ahead while the front end was still reading the card,
 * or typed on the line whose ENTER brings up the PIN prompt.
 */
import test from "ava";
import { spawn } from "node:child_process";
import { root, simDir } from "../support/simulator-run.ts";

/** The simulator's `--text` front end on a pty; what it writes to the terminal, as the terminal gets it. */
function onTerminal(dir: string) {
  // -q: no banner, -f: flush at once, -e: its exit status is the simulator's, -c: the command on the pty
  const child = spawn("script", ["-qfec", `'${process.execPath}' --import tsx hosts/desktop/run.ts --text --fresh`, "/dev/null"], { cwd: root, env: { ...process.env, XSPOS_SIM_DIR: dir } });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => out,
    /** Waits until the output from `from` on matches `pattern`. */
    async until(pattern: RegExp, from = 0): Promise<void> {
      for (let i = 0; i < 1200; i++) {
        if (pattern.test(out.slice(from))) return;
        if (child.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`not seen: ${pattern}; the terminal's last bytes: ${JSON.stringify(out.slice(-1500))}`);
    },
    /** Types `w` (wait 3 s) until the idle screen comes back, a few times at most. */
    async idle(): Promise<void> {
      for (let i = 0; i < 8; i++) {
        const from = out.length;
        await this.type("w\r");
        await this.until(PROMPT, from + 1);
        if (/WELCOME/.test(out.slice(from))) return;
      }
      throw new Error(`the terminal did not come back to idle: ${JSON.stringify(out.slice(-1500))}`);
    },
    /** Types `text` a key at a time, as a user does (Enter is `\r`). */
    async type(text: string): Promise<void> {
      for (const c of text) {
        child.stdin.write(c);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

/** What the front end printed as its own lines (screens, logs, receipts, `> …` headers) removed: what is left is the prompt and the echo of what was typed. */
function echoed(bytes: string): string {
  return bytes
    .split(/\r?\n/)
    .filter((l) => !l.startsWith("  ") && !l.startsWith("> "))
    .join("\n");
}

/** The prompt waiting for input: drawn last, nothing after it yet. */
const PROMPT = /xspos> $/;

test.serial("--text on a pty takes commands, not the tour; PIN digits are never echoed: typed at the PIN prompt, typed ahead while the card was read, typed at the manager PIN prompt, or on the line whose ENTER brings up the PIN prompt (shown as •)", async (t) => {
  t.timeout(300_000);
  const term = onTerminal(simDir(t));
  t.teardown(() => void term.child.kill("SIGKILL"));
  await term.until(/the manager PIN is 9876; card PINs are 1234[\s\S]*xspos> $/);

  // a debit swipe; "12" typed ahead while the front end reads the card, "34" at the PIN prompt
  await term.type("4000e\r");
  await term.until(/INSERT OR SWIPE CARD[\s\S]*xspos> $/);
  const swipe = term.output().length;
  term.child.stdin.write("s4\r12");
  await term.until(/ENTER PIN[\s\S]*xspos> (?:••)?$/, swipe);
  await term.type("34e\r");
  await term.until(/> keys: • • • • ENTER[\s\S]*xspos> $/, swipe);
  const pinEntry = term.output().slice(swipe, term.output().indexOf("> keys: • • • • ENTER", swipe));
  t.notRegex(echoed(pinEntry).replaceAll("xspos> s4", ""), /[0-9]/, `no digit echoed from the swipe to the PIN's ENTER: ${JSON.stringify(echoed(pinEntry))}`);
  t.regex(pinEntry, /xspos> ••••e\r\n/, "the PIN line drawn as • when it ends");
  t.regex(pinEntry, /xspos> s4\r\n/, "the swipe command itself is echoed");

  // the manager PIN at its own prompt
  await term.idle();
  t.regex(term.output().slice(swipe), /sale 400005\*{6}5556 STAN \d{6}: 00 approved/);
  const menu = term.output().length;
  await term.type("m5\r");
  await term.until(/MANAGER (?:PIN|PASSWORD)[\s\S]*xspos> $/, menu);
  const managerPrompt = term.output().length;
  await term.type("9876e\r");
  await term.until(/settled[\s\S]*xspos> $/, managerPrompt);
  const managerEntry = term.output().slice(managerPrompt, term.output().indexOf("> keys:", managerPrompt));
  t.notRegex(echoed(managerEntry), /[0-9]/, `no digit of the manager PIN echoed: ${JSON.stringify(echoed(managerEntry))}`);

  // the DDA card first: the amount's ENTER brings up the PIN prompt on the same line
  await term.idle();
  await term.type("i2\r");
  await term.until(/insert: Visa DDA, online PIN[\s\S]*xspos> $/, managerPrompt);
  const sameLine = term.output().length;
  await term.type("15000e1234e\r");
  await term.until(/sale 476173\*{6}0028 STAN \d{6}: 00 approved[\s\S]*xspos> $/, sameLine);
  t.regex(term.output().slice(sameLine), /\r\x1b\[Kxspos> 15000e••••e\r\n/, "the amount as typed, the digits after its ENTER as •");
  await term.type("w\rr\rq\r");
  t.is(await term.exited, 0);

  const all = term.output().replace("the manager PIN is 9876; card PINs are 1234", "");
  t.false(/(?<![0-9])1234(?![0-9])/.test(all), "the card PIN appears nowhere");
  t.false(/(?<![0-9A-F])9876(?![0-9A-F])/.test(all), "the manager PIN appears nowhere (a KSN holds 9876 inside a longer word)");
  t.notRegex(all, /a swipe sale without PIN/, "no tour: on a terminal --text takes commands");
});
