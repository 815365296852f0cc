/**
 * The xspos command as a payment engineer runs it: the built bin, JSON on
 * stdout, exit status 2 with a typed error on bad input. Node only.
 */
import test from "ava";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;

test.before(() => {
  if (!existsSync(join(root, "dist/xspos.js"))) execFileSync("node", ["tools/build.mjs"], { cwd: root });
});

function xspos(...args: string[]): { status: number | null; json: any } {
  const r = spawnSync("node", [join(root, "bin/xspos.js"), ...args], { cwd: root, encoding: "utf8" });
  return { status: r.status, json: JSON.parse(r.stdout) };
}

// Magnetic Track Parser (sualeh/magnetictrackparser) README example.
test("track prints the parsed fields, luhnValid, scheme and chipCard", (t) => {
  const { status, json } = xspos("track", "%B5350290149345177^FATEHI/SUALEH^16042010000000000000000000000000000567001000?");
  t.is(status, 0);
  t.like(json, { track: 1, pan: "535029******5177", name: "FATEHI/SUALEH", expiry: "2016-04", luhnValid: true, scheme: "mastercard", chipCard: true });
  t.is(json.serviceCode.code, "201");
});

test("track accepts a track 2 without sentinels", (t) => {
  const { status, json } = xspos("track", "4111111111111111=30121010000000000000");
  t.is(status, 0);
  t.like(json, { track: 2, scheme: "visa", chipCard: false, luhnValid: true });
});

test("f2f decodes the sample swipes, both directions, masked", (t) => {
  const reverse = xspos("f2f", "--track", "2", "samples/track2-reverse.flux");
  t.is(reverse.status, 0);
  t.like(reverse.json, { track: 2, direction: "reverse", parityValid: true, lrcValid: true, characters: ";535029******5177=1604201*************?" });
  const forward = xspos("f2f", "--track", "1", "samples/track1-forward.flux");
  t.like(forward.json, { track: 1, direction: "forward", parityValid: true, lrcValid: true });
  t.false(JSON.stringify(forward.json).includes("5350290149345177"));
  const revealed = xspos("f2f", "--track", "2", "--reveal", "samples/track2-reverse.flux");
  t.is(revealed.json.characters, ";5350290149345177=16042010000056700100?");
});

test("bad input exits 2 with a typed error", (t) => {
  const cases: [string[], string][] = [
    [["track", "%B5350290149345178^FATEHI/SUALEH^1604201?"], ""],
    [["track", ";5350290149345177=1604201?extra"], "TRACK_TRAILING_DATA"],
    [["track"], "USAGE"],
    [["nonsense"], "USAGE"],
    [["f2f", "--track", "4", "samples/track2-reverse.flux"], "USAGE"],
    [["f2f", "--track", "2", "/no/such/file"], "FILE_UNREADABLE"],
  ];
  for (const [args, code] of cases) {
    const { status, json } = xspos(...args);
    if (code === "") {
      t.is(status, 0, "a bad check digit is reported, not refused");
      t.false(json.luhnValid);
      continue;
    }
    t.is(status, 2, args.join(" "));
    t.is(json.error.code, code);
    t.is(typeof json.error.message, "string");
  }
});

test("f2f refuses garbage and too-short captures with typed errors", (t) => {
  const dir = tmpdir();
  const words = join(dir, `xspos-words-${process.pid}.txt`);
  writeFileSync(words, "300 300 abc 150");
  t.is(xspos("f2f", "--track", "2", words).json.error.code, "INPUT_FORMAT");
  const short = join(dir, `xspos-short-${process.pid}.txt`);
  writeFileSync(short, "300 300 150 150");
  const r = xspos("f2f", "--track", "2", short);
  t.is(r.status, 2);
  t.regex(r.json.error.code, /^(SWIPE|TRACK)_/);
});
