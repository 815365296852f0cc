import test from "ava";
import { VirtualClock } from "../../../modules/core/virtual-clock.ts";
import type { KeyEvent } from "../../../modules/core/keys.ts";
import { MatrixKeypad } from "../../../drivers/keypad/matrix-keypad.ts";
import { LAYOUT_4X5 } from "../../../drivers/keypad/layouts.ts";
import { virtualMatrix } from "../../../hosts/desktop/virtual-matrix.ts";

function setup(rows = 4, columns = 4, extra: Partial<ConstructorParameters<typeof MatrixKeypad>[0]> = {}) {
  const clock = new VirtualClock();
  const matrix = virtualMatrix(rows, columns);
  const events: KeyEvent[] = [];
  let ghosts = 0;
  const keypad = new MatrixKeypad({
    rows: matrix.rowSpecs,
    columns: matrix.columnSpecs,
    clock,
    onKey: (e) => events.push(e),
    onGhost: () => ghosts++,
    ...extra,
  });
  return { clock, matrix, events, keypad, ghosts: () => ghosts };
}

/** Contact bounce: the key makes and breaks every `stepMs` for `forMs`, then stays as `final`. */
function bounce(clock: VirtualClock, set: (down: boolean) => void, forMs: number, stepMs: number, final: boolean) {
  for (let t = 0; t < forMs; t += stepMs) {
    set(Math.floor(t / stepMs) % 2 === 0);
    clock.advance(stepMs);
  }
  set(final);
}

test("a press that bounces for 15 ms gives one key; so does its bouncing release", (t) => {
  const { clock, matrix, events } = setup();
  bounce(clock, (d) => (d ? matrix.press(1, 1) : matrix.release(1, 1)), 15, 3, true);
  clock.advance(200);
  bounce(clock, (d) => (d ? matrix.release(1, 1) : matrix.press(1, 1)), 15, 3, false);
  clock.advance(200);
  t.deepEqual(events.map((e) => e.key), ["5"]);
});

test("a contact shorter than the debounce time is no key", (t) => {
  const { clock, matrix, events } = setup();
  matrix.press(0, 0);
  clock.advance(20);
  matrix.release(0, 0);
  clock.advance(200);
  t.is(events.length, 0);
});

test("three keys at the corners of a rectangle are ghosting: the ambiguous key is held back", (t) => {
  const { clock, matrix, events, ghosts } = setup();
  matrix.press(0, 0);
  clock.advance(60);
  matrix.press(0, 1);
  clock.advance(60);
  matrix.press(1, 0); // with (0,0) and (0,1) held, (1,1) reads as pressed too
  clock.advance(100);
  t.deepEqual(events.map((e) => e.key), ["1", "2"]);
  t.is(ghosts(), 1);
  matrix.release(0, 1);
  clock.advance(100);
  t.deepEqual(events.map((e) => e.key), ["1", "2", "4"], "once unambiguous, the real key counts");
});

test("two keys in different rows and columns are both reported (no ghost)", (t) => {
  const { clock, matrix, events, ghosts } = setup();
  matrix.press(0, 0);
  matrix.press(2, 2);
  clock.advance(100);
  t.deepEqual(events.map((e) => e.key).sort(), ["1", "9"]);
  t.is(ghosts(), 0);
});

test("CLEAR repeats while held, digits do not", (t) => {
  const { clock, matrix, events } = setup();
  matrix.press(1, 3);
  matrix.press(0, 0);
  clock.advance(1000);
  const clears = events.filter((e) => e.key === "CLEAR");
  t.is(clears[0].repeat, false);
  t.true(clears.length >= 4, `${clears.length} CLEAR events`);
  t.true(clears.slice(1).every((e) => e.repeat));
  t.is(events.filter((e) => e.key === "1").length, 1);
  const gaps = clears.slice(2).map((e, i) => e.at - clears[i + 1].at);
  t.true(gaps.every((g) => g >= 120 && g < 130));
});

test("the 4x5 layout maps its function row", (t) => {
  const { clock, matrix, events } = setup(5, 4, { keymap: LAYOUT_4X5 });
  matrix.press(0, 0);
  matrix.press(4, 2);
  clock.advance(100);
  t.deepEqual(events.map((e) => e.key).sort(), ["00", "F1"]);
});

test("close releases every pin and stops scanning; a failed constructor releases what it opened", (t) => {
  const { clock, matrix, events, keypad } = setup();
  keypad.close();
  t.true(matrix.pins.every((p) => p.closed));
  matrix.press(0, 0);
  clock.advance(200);
  t.is(events.length, 0);
  t.is(clock.pending, 0);

  const bad = virtualMatrix(4, 4, { failOnPin: 102 });
  t.throws(() => new MatrixKeypad({ rows: bad.rowSpecs, columns: bad.columnSpecs, clock, onKey: () => {} }));
  t.true(bad.pins.every((p) => p.closed));
  t.is(bad.pins.length, 6);
});

test("rows are open-drain outputs and columns pulled-up inputs", (t) => {
  const { matrix } = setup();
  t.true(matrix.pins.filter((p) => p.pin < 100).every((p) => p.mode === "output-open-drain"));
  t.true(matrix.pins.filter((p) => p.pin >= 100).every((p) => p.mode === "input-pull-up"));
});
