/**
 * The text front end's command lines (hosts/desktop/text-input.ts) on a
 * stand-in terminal: what is echoed of a line depends on the state the
 * terminal is in when the line is drawn, a line typed while the front
 * end is busy is drawn only at the prompt, and line editing (Backspace,
 * Ctrl-U, CR LF, Ctrl-D) works in raw mode.
 */
import test from "ava";
import { PassThrough } from "node:stream";
import { openCommandLines, typedEcho, type LineInput } from "../../hosts/desktop/text-input.ts";

test("typedEcho: digits as typed at idle and in amount entry; as • at a PIN prompt, in the menu, while a sale is on its way, and after an ENTER or MENU on the same line", (t) => {
  t.is(typedEcho("1250e", "idle"), "1250e");
  t.is(typedEcho("s4", "present-card"), "s4");
  t.is(typedEcho("i10", "idle"), "i10");
  t.is(typedEcho("1234e", "pin"), "••••e");
  t.is(typedEcho("9876e", "manager-pin"), "••••e");
  t.is(typedEcho("59876e", "menu"), "•••••e");
  t.is(typedEcho("1234e", "processing"), "••••e");
  t.is(typedEcho("15000e1234e", "idle"), "15000e••••e");
  t.is(typedEcho("m59876e", "idle"), "m•••••e");
});

/** A stand-in terminal: the keys typed go in, what is drawn comes out. */
function terminal() {
  const input = new PassThrough() as PassThrough & LineInput;
  const modes: boolean[] = [];
  input.isTTY = true;
  input.setRawMode = (raw: boolean) => modes.push(raw);
  let drawn = "";
  const output = { isTTY: true, write: (s: string) => void (drawn += s) };
  return { input, output, modes, drawn: () => drawn, clear: () => void (drawn = "") };
}

const tick = () => new Promise((r) => setImmediate(r));

test("on a terminal: raw mode while open; a line typed at a PIN prompt is drawn as •; a line typed ahead while busy is not drawn until the prompt, then under the state then; Backspace, Ctrl-U and CR LF edit; Ctrl-D on an empty line ends the input and the terminal is given back", async (t) => {
  const term = terminal();
  let state = "idle";
  const lines = openCommandLines("xspos> ", (line) => typedEcho(line, state), term.input, term.output);
  t.deepEqual(term.modes, [true]);

  let next = lines.next();
  term.input.write("12\x7f5");
  await tick();
  t.true(term.drawn().endsWith("\r\x1b[Kxspos> 15"), JSON.stringify(term.drawn()));
  term.input.write("\x15s4\r\n");
  t.is(await next, "s4", "Ctrl-U emptied the line; CR LF ends it once");

  // busy: the swipe is being read; the user types ahead
  term.clear();
  term.input.write("12");
  await tick();
  t.is(term.drawn(), "", "nothing drawn while the front end is busy");
  state = "pin";
  next = lines.next();
  await tick();
  t.is(term.drawn(), "\r\x1b[Kxspos> ••", "drawn at the prompt, under the PIN prompt's state");
  term.input.write("34e\r");
  t.is(await next, "1234e");
  t.notRegex(term.drawn(), /[0-9]/, "no digit drawn");

  // a whole line typed ahead
  state = "processing";
  term.clear();
  term.input.write("1234e\r");
  await tick();
  state = "pin";
  t.is(await lines.next(), "1234e");
  t.is(term.drawn(), "\r\x1b[Kxspos> ••••e\n");

  next = lines.next();
  term.input.write("\x04");
  t.is(await next, undefined, "Ctrl-D on an empty line: the end of the input");
  lines.close();
  t.deepEqual(term.modes, [true, false], "cooked mode again");
});

test("from a pipe: lines as they come, the prompt alone written, nothing echoed", async (t) => {
  const input = new PassThrough();
  let written = "";
  const lines = openCommandLines("xspos> ", () => "never", input, { isTTY: true, write: (s: string) => void (written += s) });
  input.end("1234e\nq\n");
  t.is(await lines.next(), "1234e");
  t.is(await lines.next(), "q");
  t.is(await lines.next(), undefined);
  lines.close();
  t.is(written, "xspos> xspos> xspos> ");
});
