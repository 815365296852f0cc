/**
 * `make sim`'s web mode, over HTTP without a browser: the page and its
 * contract's ids, a swipe sale through POST /api/input to its receipt
 * events, inputs the terminal cannot take now, PIN secrecy on the event
 * stream and the server's output, a power cut in the middle of a sale
 * and the reversal after power-on. The terminal runs on XS in real time.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { get } from "node:http";
import { simDir, webSim, type WebEvent, type WebRun } from "../support/simulator-run.ts";
import { parseSimOptions } from "../../hosts/desktop/sim-options.ts";
import { SIM_CARDS, CHIP_CARDS } from "../../hosts/desktop/cards.ts";

/** Every full PAN of the wallet's stripe cards and of the chip cards' profiles (test/emv/cards). */
const PANS = ["4111111111111111", "4000056655665556", "5555555555554444", "378282246310005", "4000000000000002", "4000000000009995", "4761739001010028", "4761739001010069", "4761739001010036"];

/** How many times `digits` stand as a number of their own (not inside a longer word or number) in `text`. */
function standalone(text: string, digits: string): number {
  return (text.match(new RegExp(`(?<![0-9A-Za-z])${digits}(?![0-9A-Za-z])`, "g")) ?? []).length;
}

const isState = (state: string) => (e: WebEvent) => e.type === "state" && e.state === state;

async function keys(t: { is(a: unknown, b: unknown, m?: string): void }, sim: WebRun, ...list: string[]): Promise<void> {
  for (const key of list) t.is((await sim.input({ key })).status, 200, `key ${key.replace(/[0-9]/g, "#")} taken`);
}

/** Waits until the terminal is idle after boot (its sign-on done). */
async function idle(sim: WebRun): Promise<void> {
  await sim.until((e) => (e.type === "snapshot" && e.state === "idle") || isState("idle")(e), 0, 90_000);
}

test("the command line: no mode flag is the web mode on port 8583, --port 0 a free port, --demo and --interactive imply --text, --port with the text front end or out of range is refused", (t) => {
  const web = parseSimOptions([]);
  t.deepEqual(web.kind === "run" && [web.options.text, web.options.port], [false, 8583]);
  const free = parseSimOptions(["--port", "0"]);
  t.deepEqual(free.kind === "run" && [free.options.text, free.options.port], [false, 0]);
  const demo = parseSimOptions(["--demo"]);
  t.true(demo.kind === "run" && demo.options.text);
  const interactive = parseSimOptions(["--interactive"]);
  t.true(interactive.kind === "run" && interactive.options.text);
  t.is(parseSimOptions(["--text", "--port", "9000"]).kind, "error");
  t.is(parseSimOptions(["--port", "70000"]).kind, "error");
  t.is(parseSimOptions(["--port"]).kind, "error");
  t.is(parseSimOptions(["--port", "-1"]).kind, "error");
});

test.serial("GET / serves the page with the contract's ids, page.js and page.css are served, /api/cards lists the wallet, a malformed input or one not sent as JSON gets 400, an unknown path 404, another Host 403; the server prints its address alone, and on SIGINT a line saying it closed and saved its state", async (t) => {
  t.timeout(180_000);
  const sim = await webSim(t, simDir(t));
  const page = await fetch(sim.url);
  t.is(page.status, 200);
  t.regex(page.headers.get("content-type") ?? "", /^text\/html/);
  const html = await page.text();
  for (const id of ["display", "state", "receipts", "trace", "notice", "device-time", "power-cut", "power-on", "paper-toggle", "remove-card"]) t.true(html.includes(`id="${id}"`), `#${id}`);
  for (const key of ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "00", ".", "ENTER", "CANCEL", "CLEAR", "MENU", "F1"]) t.true(html.includes(`data-key="${key}"`), `key ${key}`);
  for (const fault of ["drop", "delay", "garbage", "wrong-mac"]) t.true(html.includes(`data-fault="${fault}"`), `fault ${fault}`);
  t.regex(html, /data-power="/);
  t.regex(html, /data-card-io-ms="[^"]*" data-card-io-bound-ms="[^"]*" data-print-ms="[^"]*" data-network-ms="/);
  t.regex(html, /id="dt-link">Wi-Fi<\/span> model/, "the network line names the link model, not loopback");
  t.notRegex(html, /<script[^>]+src="https?:/, "no script from elsewhere");
  const js = await fetch(new URL("page.js", sim.url));
  t.regex(js.headers.get("content-type") ?? "", /javascript/);
  const script = await js.text();
  t.true(script.includes("data-swipe") && script.includes("data-insert") && script.includes('"events"'), "the script builds the wallet and listens to /events");
  t.regex((await fetch(new URL("page.css", sim.url))).headers.get("content-type") ?? "", /^text\/css/);
  const cards = (await (await fetch(new URL("api/cards", sim.url))).json()) as { swipe: { index: number; label: string }[]; chip: { index: number; label: string }[] };
  t.deepEqual(cards.swipe, SIM_CARDS.map((c, index) => ({ index, label: c.label })));
  t.deepEqual(cards.chip, CHIP_CARDS.map((c, index) => ({ index, label: c.label })));
  t.true(cards.swipe.some((c) => /host declines/.test(c.label)), "a card the host declines");
  const bad = await sim.input({ swipe: 99 });
  t.is(bad.status, 400);
  t.is((bad.body.error as { code: string }).code, "BAD_INPUT");
  t.is((await sim.input({ key: "7", swipe: 0 })).status, 400, "one input a body");
  const notJson = await fetch(new URL("api/input", sim.url), { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
  t.is(notJson.status, 400);
  const plain = await fetch(new URL("api/input", sim.url), { method: "POST", headers: { "content-type": "text/plain" }, body: '{"key":"1"}' });
  t.is(plain.status, 400, "an input that is not sent as JSON (a cross-site form) is refused");
  t.is((await fetch(new URL("nothing", sim.url))).status, 404);
  const foreign = await new Promise<number | undefined>((resolve, reject) => get(sim.url, { headers: { host: "rebound.example:80" } }, (r) => (r.resume(), resolve(r.statusCode))).on("error", reject));
  t.is(foreign, 403, "a request for another host name (DNS rebinding) is refused");
  const first = sim.events[0] ?? (await sim.until(() => true));
  t.is(first.type, "snapshot");
  for (const field of ["state", "display", "cardIn", "paperIn", "power", "receipts", "trace", "deviceTime"]) t.true(field in first, `the snapshot has ${field}`);
  t.is(await sim.stop(), 0, "SIGINT ends it with 0");
  t.regex(sim.stdout(), /^xspos simulator: open http:\/\/127\.0\.0\.1:\d+\/\nxspos simulator: closed; the terminal's and the emulator's state are saved\n$/, "its address on one line of stdout, then, on SIGINT, that it closed and saved its state");
});

test.serial("a swipe sale through /api/input: the keys, the swipe, receipt events whose text has HKD 12.50 and the masked PAN and whose SVG is the paper's drawing, a device time with printing and a network time that is the Wi-Fi model's for the bytes of the sale; a swipe while no card is asked gets 409 NOT_NOW and a notice", async (t) => {
  t.timeout(180_000);
  const sim = await webSim(t, simDir(t));
  await idle(sim);
  const early = await sim.input({ swipe: 0 });
  t.is(early.status, 409);
  t.is((early.body.error as { code: string }).code, "NOT_NOW");
  const notice = await sim.until((e) => e.type === "notice");
  t.regex(String(notice.text), /not asking for a card/);
  await keys(t, sim, "1", "2", "5", "0", "ENTER");
  await sim.until(isState("present-card"));
  const digit = await sim.input({ key: "5" });
  t.is(digit.status, 409, "a digit while the terminal asks for a card changes nothing");
  t.regex(String((digit.body.error as { message: string }).message), /does not take 5 now \(present-card\)/);
  const from = sim.events.length;
  t.is((await sim.input({ swipe: 0 })).status, 200);
  const merchant = await sim.until((e) => e.type === "receipt", from);
  const customer = await sim.until((e) => e.type === "receipt" && e.id !== merchant.id, from);
  for (const r of [merchant, customer]) {
    const text = (r.lines as string[]).join("\n");
    t.regex(text, /AMOUNT +HKD 12\.50/);
    t.regex(text, /CARD NO\. +411111\*{6}1111/);
    t.regex(String(r.svg), /^<svg [^>]*viewBox="0 0 640 /, "an 80 mm paper drawn by the interpreter");
    t.true(String(r.svg).includes("HKD 12.50"));
  }
  t.deepEqual([merchant.copy, customer.copy], ["merchant", "customer"]);
  await sim.until(isState("idle"), from);
  const times = sim.events.slice(from).filter((e) => e.type === "deviceTime");
  const last = times[times.length - 1] as unknown as { printMs: number; networkMs: number; networkLink: string; networkMessages: number; networkSentBytes: number; networkReceivedBytes: number; cardIoMs: number; totalMs: number };
  t.true(last.printMs > 0, "the two receipts' printing time");
  t.is(last.networkLink, "Wi-Fi");
  t.true(last.networkMessages >= 1 && last.networkSentBytes > 0 && last.networkReceivedBytes > 0, "the sale's request and answer on the bridge");
  // the Wi-Fi model (hosts/desktop/link-model.ts): 20 ms a message, 1 250 000 bytes/s each way
  const modelled = last.networkMessages * 20 + ((last.networkSentBytes + last.networkReceivedBytes) * 1000) / 1_250_000;
  // each addition to the clock is rounded to 0.1 ms
  t.true(Math.abs(last.networkMs - modelled) < 0.5, `network time ${last.networkMs} ms is the model's ${modelled} ms`);
  t.is(last.cardIoMs, 0, "no chip");
  t.is(last.totalMs, Math.round((last.printMs + last.networkMs + last.cardIoMs) * 10) / 10);
  const iso = sim.events.slice(from).filter((e) => e.type === "trace" && e.kind === "iso8583").map((e) => String(e.text));
  t.true(iso.some((l) => /^0200 2=411111\*{6}1111 /.test(l)), "the 0200 in the trace, its PAN masked");
  t.true(iso.some((l) => /^0210 .* 39=00 /.test(l)), "the 0210 in the trace");
  for (const pan of PANS) t.false(sim.stream().includes(pan), `no full PAN ${pan.slice(0, 6)}… on the event stream`);
});

test.serial("PIN secrecy: a debit swipe's PIN 1234 and the manager PIN 9876 typed in the pin and manager-pin states appear nowhere on the event stream or the server's output", async (t) => {
  t.timeout(240_000);
  const sim = await webSim(t, simDir(t));
  await idle(sim);
  await keys(t, sim, "4", "0", "0", "0", "ENTER");
  await sim.until(isState("present-card"));
  t.is((await sim.input({ swipe: 3 })).status, 200);
  await sim.until(isState("pin"));
  await keys(t, sim, "1", "2", "3", "4", "ENTER");
  const from = sim.events.length;
  await sim.until((e) => e.type === "receipt", from);
  await sim.until(isState("idle"), from);
  await keys(t, sim, "MENU");
  await sim.until(isState("menu"));
  await keys(t, sim, "5");
  await sim.until(isState("manager-pin"));
  await keys(t, sim, "9", "8", "7", "6", "ENTER");
  await sim.until((e) => e.type === "log" && /settled/.test(String(e.text)), from, 60_000);
  for (const [name, text] of [["the event stream", sim.stream()], ["the server's output", sim.stdout()]]) {
    t.is(standalone(text, "1234"), 0, `no 1234 on ${name}`);
    t.is(standalone(text, "9876"), 0, `no 9876 on ${name}`);
  }
  const screens = sim.events.filter((e) => e.type === "display").map((e) => (e.lines as string[]).join("|"));
  t.true(screens.some((s) => /ENTER PIN +\*{4}/.test(s)), "the PIN shown as stars on the display");
});

test.serial("a power cut while a sale's 0200 awaits its late answer: the worker is gone (power off, state off), power on starts the terminal on the same journal and the reversal (0400) reaches the acquirer before anything else", async (t) => {
  t.timeout(240_000);
  const dir = simDir(t);
  const sim = await webSim(t, dir);
  await idle(sim);
  await keys(t, sim, "2", "0", "0", "0", "ENTER");
  await sim.until(isState("present-card"));
  t.is((await sim.input({ fault: "delay" })).status, 200);
  const from = sim.events.length;
  t.is((await sim.input({ swipe: 0 })).status, 200);
  await sim.until((e) => e.type === "trace" && e.kind === "iso8583" && /^0200 /.test(String(e.text)), from);
  t.is((await sim.input({ power: "cut" })).status, 200);
  const cut = sim.events.length;
  await sim.until((e) => e.type === "power" && e.on === false, from);
  await sim.until(isState("off"), from);
  t.false(sim.events.slice(from).some((e) => e.type === "trace" && /^0210 /.test(String(e.text))), "the answer never reached the terminal");
  const off = await sim.input({ key: "1" });
  t.is(off.status, 409, "no key while the power is off");
  t.is((await sim.input({ power: "cut" })).status, 409);
  t.is((await sim.input({ power: "on" })).status, 200);
  await sim.until((e) => e.type === "power" && e.on === true, cut);
  const reversal = await sim.until((e) => e.type === "trace" && e.kind === "iso8583" && e.dir === "to-host" && /^0400 /.test(String(e.text)), cut, 90_000);
  const out = sim.events.slice(cut).filter((e) => e.type === "trace" && e.kind === "iso8583" && e.dir === "to-host");
  t.false(out.slice(0, out.indexOf(reversal)).some((e) => /^0[12]00 /.test(String(e.text))), "no sale before the reversal");
  await sim.until((e) => e.type === "trace" && e.kind === "log" && /acquirer: reversal of XSPOS001:/.test(String(e.text)), cut);
  await sim.until(isState("idle"), cut, 90_000);
  t.true(sim.events.slice(cut).every((e) => !(e.type === "display" && (e.lines as string[]).some((l) => l.startsWith("APPROVED")))), "the cut sale never shown approved");
  t.is(await sim.stop(), 0);
  const saved = JSON.parse(readFileSync(`${dir}/acquirer.json`, "utf8")) as { entries: { reversed: boolean; amountMinor: number }[] };
  t.true(saved.entries.some((e) => e.amountMinor === 2000 && e.reversed), "the ledger holds the cut sale reversed");
});

test.serial("a chip sale with offline plaintext PIN: the APDU trace shows the VERIFY's data hidden and the PAN masked in the records, the device time counts the card line's characters, and the PIN 1234 is nowhere on the event stream", async (t) => {
  t.timeout(240_000);
  const sim = await webSim(t, simDir(t));
  await idle(sim);
  await keys(t, sim, "8", "0", "0", "ENTER");
  await sim.until(isState("present-card"));
  const from = sim.events.length;
  t.is((await sim.input({ insert: 3 })).status, 200);
  t.is((await sim.input({ insert: 2 })).status, 409, "a second card does not go in");
  await sim.until(isState("pin"), from);
  await keys(t, sim, "1", "2", "3", "4", "ENTER");
  await sim.until((e) => e.type === "receipt", from, 60_000);
  const apdus = sim.events.slice(from).filter((e) => e.type === "trace" && e.kind === "apdu");
  const verify = apdus.find((e) => e.dir === "to-card" && /^00200080 /.test(String(e.text)));
  t.is(verify?.text, "00200080 08 (8 bytes of PIN data hidden)");
  t.true(apdus.some((e) => e.dir === "from-card" && /5A08476173\*{6}\d{4}/.test(String(e.text))), "the PAN of a record, masked");
  const time = sim.events.slice(from).filter((e) => e.type === "deviceTime").pop() as unknown as { cardIoMs: number; cardIoBoundMs: number };
  t.true(time.cardIoMs > 0, "the card line's time");
  t.true(time.cardIoBoundMs >= time.cardIoMs, "the bound at the speed before PPS is no less");
  t.is(standalone(sim.stream(), "1234"), 0, "no 1234 on the event stream");
  for (const pan of PANS) t.false(sim.stream().includes(pan), `no full PAN ${pan.slice(0, 6)}…`);
  t.is((await sim.input({ remove: true })).status, 200);
  t.is((await sim.input({ remove: true })).status, 409, "no card left to remove");
});

test.serial("the wallet's declined cards: the host declines the blocked account's card (05) and the HKD 20.00 card for HKD 50.00 (51), on the display, and prints nothing for them", async (t) => {
  t.timeout(240_000);
  const sim = await webSim(t, simDir(t));
  await idle(sim);
  const cases: [number, string, RegExp][] = [
    [7, "1000", /^DECLINED +05$/],
    [8, "5000", /^DECLINED +51$/],
  ];
  for (const [card, amount, shown] of cases) {
    const from = sim.events.length;
    await keys(t, sim, ...amount.split(""), "ENTER");
    await sim.until(isState("present-card"), from);
    t.is((await sim.input({ swipe: card })).status, 200);
    await sim.until((e) => e.type === "display" && (e.lines as string[]).some((l) => shown.test(l)), from);
    await sim.until(isState("idle"), from);
    t.false(sim.events.slice(from).some((e) => e.type === "receipt"), `no receipt for card ${card}`);
  }
});
