/**
 * The `moddable` section of `npm run bench`: figures from the Moddable SDK
 * itself, where `$MODDABLE` names a built SDK (Linux: `mcconfig`, `mcsim`,
 * `xsc` in `$MODDABLE/build/bin/lin/release`). Without one the section is
 * `{ present: false }` and costs nothing.
 *
 * - **heap**: the simulator host (hosts/sim) built with instrumentation
 *   (`mcconfig -m -p lin -i -t build hosts/sim/manifest.json demo=1`),
 *   run headless (`xvfb-run`, `mcsim`) from a fresh journal and key store
 *   with the acquirer emulator (hosts/sim/acquirer.ts) on a free port; its
 *   heap meter (hosts/sim/heap-meter.ts) gives the live slots and chunks
 *   before the terminal, idle after start, at the peak of one chip sale
 *   with an online PIN (the demo) and after it, and the share of the
 *   virtual card (which the board does not hold) when it is made and
 *   when it is let go (its byte-level line model only: the card's EMV
 *   application runs in a worker, a machine of its own whose heap is not
 *   counted, hosts/sim/worker-card.ts), each step of the terminal's
 *   composition as the live heap it adds (`share of ...`), and the highest sample at each
 *   place of the sale (`byState`: the terminal's state and the
 *   kernel's last command, or a mark main.ts takes before a command, a
 *   screen update or a draw of random bytes; every sample is a
 *   `heap-sample:` line of heap.log), the peak less the simulator's
 *   own parts (the virtual card as inserted, the Piu screen, the virtual
 *   printer, the demo's scripted cardholder): an estimate of the board's,
 *   whose Poco display and RMT capture it leaves out; and the kinds of object that grew most from
 *   the sale's start to its peak (`censusAtPeak`, from the census of
 *   hosts/sim/heap-census, `heap-census:` lines of heap.log). The
 *   demo runs once: a sale not approved is reported (`saleApproved`),
 *   not run again.
 * - **bytecode**: the device program (build/device, manifest.json) compiled
 *   by the SDK's `xsc` with the flags `mcconfig` uses (`-c -e`): the `.xsb`
 *   bytes of the preloaded firmware module and of main.
 * - **cases**: every benchmark case in the simulator (hosts/sim/bench.ts,
 *   hosts/sim/bench/manifest.json), one row each beside the xsnap mean of
 *   the same case: `simSoftwareMeanUs` with the software crypto backend,
 *   as on xsnap, and, for a case that ciphers or digests,
 *   `simCryptMeanUs` with the board's backend on the SDK's native `crypt`
 *   (hosts/esp32/crypt-crypto.ts), run only once its results matched the
 *   software backend's on every cipher and digest call of the case's setup
 *   and first operation (`cryptComparedCalls`; a difference is the
 *   row's `cryptError`).
 *
 * The builds go to build/moddable (`mcconfig -o`); the first one compiles
 * the SDK's C sources (minutes), later ones only the changed modules. The
 * simulator's output is kept there too, in heap.log and cases.log.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { CASES } from "./cases/index.ts";

/** The targets of the board's requirements: peak XS heap in a sale, preloaded firmware bytecode. */
export const MODDABLE_TARGETS = { peakHeapBytes: 64 * 1024, firmwareBytecodeBytes: 384 * 1024 };
/** A slot's size: 32 bytes where pointers have 64 bits (the simulator on x86-64), 16 on the ESP32. */
const SLOT_BYTES = { simulator64: 32, esp32: 16 };
/** In the SDK's `file` module root on Linux: the simulator's journal, and the directory of its key store and DUKPT registers (hosts/sim/file-preference.ts). */
const SIM_STATE = ["/tmp/xspos-journal.bin", "/tmp/xspos-nvs"];
const OUT = "build/moddable";
/** The benchmark cases run in the simulator: all of them (all portable; the Node-only peers stay in bench/peers.ts). */
export const MODDABLE_CASES = CASES.map((c) => c.name);

export interface HeapFigure {
  moment: string;
  slotBytes: number;
  chunkBytes: number;
  /** the chunks as a 32-bit machine would hold them (the heap meter's census, hosts/sim/heap-census), where the build has the census */
  esp32ChunkBytes?: number;
  /** what the heap held at that moment that the board's does not (hosts/sim/heap-meter.ts) */
  holding?: string;
}

/** The ESP32's estimate of a figure: its slots at 16 bytes, its chunks as the census converts them (as measured without it). */
export function esp32Bytes(h: HeapFigure): number {
  return Math.round(h.slotBytes / SLOT_BYTES.simulator64) * SLOT_BYTES.esp32 + (h.esp32ChunkBytes ?? h.chunkBytes);
}

/** `a` less the sum of `parts`, named `moment`: slots, chunks and the chunks on 32 bits (when all have them) apart. */
export function lessParts(moment: string, a: HeapFigure, parts: HeapFigure[]): HeapFigure {
  const sum = (f: (h: HeapFigure) => number) => parts.reduce((n, p) => n + f(p), 0);
  const converted = a.esp32ChunkBytes !== undefined && parts.every((p) => p.esp32ChunkBytes !== undefined);
  return {
    moment,
    slotBytes: a.slotBytes - sum((p) => p.slotBytes),
    chunkBytes: a.chunkBytes - sum((p) => p.chunkBytes),
    ...(converted ? { esp32ChunkBytes: a.esp32ChunkBytes! - sum((p) => p.esp32ChunkBytes!) } : {}),
  };
}

/** The SDK's tools, or why they are not usable here. */
function sdk(): { bin: string; env: NodeJS.ProcessEnv } | { absent: string } {
  const root = process.env.MODDABLE;
  if (!root) return { absent: "$MODDABLE is not set" };
  if (process.platform !== "linux") return { absent: "the section runs the Linux simulator only" };
  const bin = join(root, "build/bin/lin/release");
  for (const tool of ["mcconfig", "mcsim", "xsc"]) if (!existsSync(join(bin, tool))) return { absent: `${join(bin, tool)} is missing (build the SDK's tools)` };
  return { bin, env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}` } };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): void {
  const r = spawnSync(command, args, { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${r.status}): ${(r.stderr || r.stdout).split("\n").slice(-8).join("\n")}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * Runs `command` in a process group of its own and collects its output
 * lines until `done` matches one or `timeoutMs` passes, then ends the group
 * (mcsim does not exit by itself).
 */
function runUntil(command: string, args: string[], env: NodeJS.ProcessEnv, done: RegExp, timeoutMs: number): Promise<string[]> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const lines: string[] = [];
    let rest = "";
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
      } catch {
        // the group has ended already
      }
      resolve(lines);
    };
    const take = (chunk: Buffer) => {
      rest += chunk.toString("utf8");
      const parts = rest.split("\n");
      rest = parts.pop() ?? "";
      for (const line of parts) {
        lines.push(line);
        if (done.test(line)) finish();
      }
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("exit", finish);
    const timer = setTimeout(finish, timeoutMs);
  });
}

/** The simulator headless: under xvfb-run unless a display is there. */
function simulator(bin: string, library: string): { command: string; args: string[] } {
  const mcsim = join(bin, "mcsim");
  // stdbuf: mcsim's standard output is a pipe here, line-buffered so that the lines arrive as they are traced
  const args = ["-oL", "-eL", mcsim, library];
  return process.env.DISPLAY ? { command: "stdbuf", args } : { command: "xvfb-run", args: ["-a", "stdbuf", ...args] };
}

/** The simulator's journal and preferences moved aside for a fresh run, and back afterwards. */
async function withFreshSimState<T>(work: () => Promise<T>): Promise<T> {
  const moved = SIM_STATE.filter((f) => existsSync(f)).map((f) => {
    const aside = `${f}.bench-${process.pid}`;
    renameSync(f, aside);
    return { f, aside };
  });
  try {
    return await work();
  } finally {
    for (const f of SIM_STATE) rmSync(f, { force: true, recursive: true });
    for (const { f, aside } of moved) renameSync(aside, f);
  }
}

function kib(bytes: number): number {
  return Math.round((bytes / 1024) * 10) / 10;
}

/**
 * A heap figure as slots and chunks, in bytes on the simulator and as the
 * ESP32 would hold them: the same slots at 16 bytes, and the chunks as the
 * census converts them to a 32-bit machine's (8-byte headers, 4-byte
 * alignment, arrays of slots and tables of pointers at half their size;
 * chunks the census cannot see keep the simulator's size). Without the
 * census's figure (`esp32ChunkBytes`), the simulator's chunk bytes: an
 * upper bound (`chunksConverted: false`).
 */
export function heapFigure(h: HeapFigure | undefined) {
  if (!h) return null;
  const slots = Math.round(h.slotBytes / SLOT_BYTES.simulator64);
  const esp32 = esp32Bytes(h);
  return {
    slots,
    chunkBytes: h.chunkBytes,
    simulator64: { slotBytes: h.slotBytes, totalBytes: h.slotBytes + h.chunkBytes, totalKiB: kib(h.slotBytes + h.chunkBytes) },
    esp32Estimate: { slotBytes: slots * SLOT_BYTES.esp32, chunkBytes: h.esp32ChunkBytes ?? h.chunkBytes, chunksConverted: h.esp32ChunkBytes !== undefined, totalBytes: esp32, totalKiB: kib(esp32) },
  };
}

async function heap(bin: string, env: NodeJS.ProcessEnv) {
  const port = await freePort();
  const acquirer = spawn(process.execPath, ["--import", "tsx", "hosts/sim/acquirer.ts", "--port", String(port)], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    await new Promise<void>((resolve, reject) => {
      acquirer.once("exit", (code) => reject(new Error(`the acquirer emulator ended (${code})`)));
      acquirer.stdout.on("data", (d: Buffer) => {
        if (d.toString().includes("acquirer emulator")) resolve();
      });
    });
    run("mcconfig", ["-m", "-p", "lin", "-i", "-t", "build", "-o", OUT, "hosts/sim/manifest.json", "demo=1", `acquirer=127.0.0.1:${port}`], env);
    const sim = simulator(bin, join(OUT, "bin/lin/mc/instrument/sim/mc.so"));
    const lines = await withFreshSimState(() => runUntil(sim.command, sim.args, env, /^demo: (done|gave up)/, 180_000));
    writeFileSync(join(OUT, "heap.log"), lines.join("\n"));
    const figures = lines.filter((l) => l.startsWith("heap-bytes: ")).map((l) => JSON.parse(l.slice("heap-bytes: ".length)) as HeapFigure);
    const keys = lines.find((l) => l.startsWith("instruments key: "))?.slice("instruments key: ".length).split(",") ?? [];
    const stackColumn = keys.indexOf("Stack used");
    const stackUsed = Math.max(0, ...lines.filter((l) => l.startsWith("instruments: ")).map((l) => Number(l.slice("instruments: ".length).split(",")[stackColumn]) || 0));
    const peak = figures.find((f) => f.moment.startsWith("peak during"));
    const sale = lines.some((l) => /^uplink: sale .*approved/.test(l));
    const esp32Peak = heapFigure(peak)?.esp32Estimate.totalBytes ?? null;
    const cardInserted = figures.find((f) => f.moment === "share of the virtual card, inserted");
    // only where the card was held at the peak's sample: the share it had when made, which it still holds
    const peakLessCard = peak && cardInserted && peak.holding === "the virtual card" ? lessParts("peak less the virtual card as inserted", peak, [cardInserted]) : undefined;
    const esp32PeakLessCard = heapFigure(peakLessCard)?.esp32Estimate.totalBytes ?? null;
    // the parts of the simulator the board has not: the virtual card (as inserted), the Piu screen, the virtual printer and the demo's scripted cardholder
    const simulatorParts = [cardInserted, ...["the Piu screen", "the virtual printer", "the demo's cardholder"].map((part) => figures.find((f) => f.moment === `share of ${part}`))];
    const peakLessSimulatorParts =
      peakLessCard && simulatorParts.every((p) => p !== undefined)
        ? lessParts("peak less the simulator's own parts", peak!, simulatorParts as HeapFigure[])
        : undefined;
    const esp32PeakLessSimulatorParts = heapFigure(peakLessSimulatorParts)?.esp32Estimate.totalBytes ?? null;
    return {
      command: `mcconfig -m -p lin -i -t build -o ${OUT} hosts/sim/manifest.json demo=1 acquirer=127.0.0.1:<port>; xvfb-run -a mcsim ${OUT}/bin/lin/mc/instrument/sim/mc.so`,
      saleApproved: sale,
      beforeTerminal: heapFigure(figures.find((f) => f.moment.startsWith("at start"))),
      idle: heapFigure(figures.find((f) => f.moment === "idle after start")),
      peakDuringChipSaleWithPin: heapFigure(peak),
      afterSale: heapFigure(figures.find((f) => f.moment.startsWith("after the transaction"))),
      // the simulator's Piu screen, in place of the board's Poco display (whose own share is not measured)
      piuScreen: heapFigure(figures.find((f) => f.moment === "share of the Piu screen")),
      // the simulator's virtual card, which the board does not hold: its share when made (before the slot powers it) and when let go after the sale; the line model only, its application is in a worker
      virtualCard: {
        inserted: heapFigure(cardInserted),
        takenOut: heapFigure(figures.find((f) => f.moment === "share of the virtual card, taken out")),
      },
      // the peak less what the card held when inserted, which it still holds at the peak: an upper bound of the terminal's own (the Piu screen still in)
      peakLessVirtualCard: heapFigure(peakLessCard),
      // the peak less the virtual card as inserted, the Piu screen, the virtual printer and the demo's cardholder, none of which the board holds; the board's Poco display and RMT capture are not in it: an estimate of the board's, not a measurement
      peakLessSimulatorParts: heapFigure(peakLessSimulatorParts),
      // where the idle heap goes: each step of the composition in hosts/sim/main.ts, as the live heap it added, largest first
      composition: figures
        .filter((f) => f.moment.startsWith("share of ") && !f.moment.includes("virtual card"))
        .map((f) => ({ step: f.moment.slice("share of ".length), ...heapFigure(f) }))
        .sort((a, b) => (b.simulator64?.totalBytes ?? 0) - (a.simulator64?.totalBytes ?? 0)),
      // where the peak goes: the highest sample at each of the terminal's states during the sale
      // where the peak goes by kind of object: what grew most from the sale's start to its peak (hosts/sim/heap-census)
      censusAtPeak: censusAtPeak(lines),
      byState: highestByPlace(figures).map((f) => ({ at: f.moment.slice(SAMPLE_AT.length), ...heapFigure(f) })),
      stackHighWater: { bytes: stackUsed, slots: Math.round(stackUsed / SLOT_BYTES.simulator64) },
      targetPeakBytes: MODDABLE_TARGETS.peakHeapBytes,
      esp32PeakMeetsTarget: esp32Peak === null ? null : esp32Peak <= MODDABLE_TARGETS.peakHeapBytes,
      esp32PeakLessVirtualCardMeetsTarget: esp32PeakLessCard === null ? null : esp32PeakLessCard <= MODDABLE_TARGETS.peakHeapBytes,
      esp32PeakLessSimulatorPartsMeetsTarget: esp32PeakLessSimulatorParts === null ? null : esp32PeakLessSimulatorParts <= MODDABLE_TARGETS.peakHeapBytes,
    };
  } finally {
    acquirer.kill("SIGINT");
  }
}

/** One row of the heap census (hosts/sim/heap-census): a kind of object, how many, their slots and chunk bytes. */
interface CensusRow {
  what: string;
  count: number;
  slots: number;
  chunkBytes: number;
}

/** How many rows of the census at the peak the report keeps. */
const CENSUS_ROWS = 30;

/**
 * The heap census at the sale's peak beside the census as the sale
 * started (`heap-census:` lines, tab-separated: tag, what, count, slots,
 * chunk bytes): the kinds of object that grew most, on the ESP32
 * estimate (slots × 16 plus chunk bytes), largest first.
 */
export function censusAtPeak(lines: string[]) {
  const tables = new Map<string, Map<string, CensusRow>>();
  for (const line of lines) {
    if (!line.startsWith("heap-census:\t")) continue;
    const f = line.split("\t");
    if (f.length < 6) continue;
    const [count, slots, chunkBytes] = f.slice(-3).map(Number);
    const tag = f[1];
    const what = f.slice(2, -3).join("\t");
    if (!tables.has(tag)) tables.set(tag, new Map());
    tables.get(tag)!.set(what, { what, count, slots, chunkBytes });
  }
  const peakTag = [...tables.keys()].find((t) => t.startsWith("peak during "));
  const startTag = [...tables.keys()].find((t) => t.startsWith("start of "));
  if (!peakTag || !startTag) return null;
  const peak = tables.get(peakTag)!;
  const start = tables.get(startTag)!;
  const esp32 = (slots: number, chunkBytes: number) => slots * SLOT_BYTES.esp32 + chunkBytes;
  const total = (t: Map<string, CensusRow>) => [...t.values()].reduce((n, r) => n + esp32(r.slots, r.chunkBytes), 0);
  const rows = [...new Set([...peak.keys(), ...start.keys()])].map((what) => {
    const p = peak.get(what) ?? { what, count: 0, slots: 0, chunkBytes: 0 };
    const b = start.get(what) ?? { what, count: 0, slots: 0, chunkBytes: 0 };
    return { what, atPeak: { count: p.count, slots: p.slots, chunkBytes: p.chunkBytes }, grewBy: { count: p.count - b.count, slots: p.slots - b.slots, chunkBytes: p.chunkBytes - b.chunkBytes, esp32EstimateBytes: esp32(p.slots - b.slots, p.chunkBytes - b.chunkBytes) } };
  });
  rows.sort((x, y) => y.grewBy.esp32EstimateBytes - x.grewBy.esp32EstimateBytes);
  return {
    note: "hosts/sim/heap-census: the live heap by kind of object (a function with its closure's variables, a suspended async function with its saved frame, a class's instances, a collection with its entries, a plain object by its first properties), at the sale's peak sample and as the sale started; chunk bytes are the simulator's (64-bit); names are the bundle's, shortened unless it was built with XSPOS_KEEP_NAMES=1",
    esp32EstimateAtStartBytes: total(start),
    esp32EstimateAtPeakBytes: total(peak),
    grewMost: rows.slice(0, CENSUS_ROWS),
  };
}

/** How the heap meter names a sample's figure: `sample at <place>`. */
const SAMPLE_AT = "sample at ";

/** The highest sample of each place, in the order the places first came (the meter logs every sample and keeps none). */
export function highestByPlace(figures: HeapFigure[]): HeapFigure[] {
  const highest = new Map<string, HeapFigure>();
  for (const f of figures) {
    if (!f.moment.startsWith(SAMPLE_AT)) continue;
    const was = highest.get(f.moment);
    if (was === undefined || esp32Bytes(f) > esp32Bytes(was)) highest.set(f.moment, f);
  }
  return [...highest.values()];
}

/** The sizes of the atoms of an `.xsb` file (XS_B > VERS, SYMB, CODE). */
function xsbAtoms(file: string): Record<string, number> {
  const b = readFileSync(file);
  const atoms: Record<string, number> = { file: b.length };
  for (let at = 8; at + 8 <= b.length; ) {
    const size = b.readUInt32BE(at);
    atoms[b.toString("latin1", at + 4, at + 8)] = size;
    if (size < 8) break;
    at += size;
  }
  return atoms;
}

function bytecode(env: NodeJS.ProcessEnv) {
  const out = join(OUT, "xsc");
  mkdirSync(out, { recursive: true });
  for (const name of ["xspos-firmware", "main"]) run("xsc", [`build/device/${name}.js`, "-c", "-e", "-o", out, "-r", name], env);
  const firmware = xsbAtoms(join(out, "xspos-firmware.xsb"));
  const main = xsbAtoms(join(out, "main.xsb"));
  return {
    command: `xsc build/device/xspos-firmware.js -c -e -o ${out} -r xspos-firmware (and main)`,
    preloadedFirmware: { xsbBytes: firmware.file, codeBytes: firmware.CODE ?? null, symbolBytes: firmware.SYMB ?? null },
    main: { xsbBytes: main.file, codeBytes: main.CODE ?? null, symbolBytes: main.SYMB ?? null },
    targetBytes: MODDABLE_TARGETS.firmwareBytecodeBytes,
    firmwareMeetsTarget: firmware.file <= MODDABLE_TARGETS.firmwareBytecodeBytes,
  };
}

interface SimCaseLine {
  name: string;
  backend?: "software" | "crypt";
  meanUs?: number;
  iterations?: number;
  comparedCalls?: number;
  error?: string;
}

async function cases(bin: string, env: NodeJS.ProcessEnv, xsnap: ReadonlyMap<string, number>) {
  run("mcconfig", ["-m", "-p", "lin", "-i", "-t", "build", "-o", OUT, "hosts/sim/bench/manifest.json", `bench=${MODDABLE_CASES.join(",")}`], env);
  // the app is named after its manifest's folder: bench, apart from the terminal's sim
  const sim = simulator(bin, join(OUT, "bin/lin/mc/instrument/bench/mc.so"));
  const lines = await runUntil(sim.command, sim.args, env, /^bench: done/, 300_000);
  writeFileSync(join(OUT, "cases.log"), lines.join("\n"));
  const runs = lines.filter((l) => l.startsWith("bench: {")).map((l) => JSON.parse(l.slice("bench: ".length)) as SimCaseLine);
  return MODDABLE_CASES.map((name) => {
    const soft = runs.find((r) => r.name === name && r.backend !== "crypt");
    const crypt = runs.find((r) => r.name === name && r.backend === "crypt");
    return {
      name,
      xsnapMeanUs: xsnap.get(name) ?? null,
      simSoftwareMeanUs: soft?.meanUs ?? null,
      ...(soft?.error || !soft ? { simSoftwareError: soft?.error ?? "no line in cases.log" } : {}),
      ...(crypt ? { simCryptMeanUs: crypt.meanUs ?? null, cryptComparedCalls: crypt.comparedCalls ?? null } : {}),
      ...(crypt?.error ? { cryptError: crypt.error } : {}),
    };
  });
}

/**
 * The section, or `{ present: false }` without the SDK. `xsnap` holds the
 * xsnap means of the report's cases, by name, to set beside the
 * simulator's.
 */
export async function moddableSection(xsnap: ReadonlyMap<string, number>): Promise<Record<string, unknown>> {
  const tools = sdk();
  if ("absent" in tools) return { present: false, reason: tools.absent };
  const { bin, env } = tools;
  const started = Date.now();
  const section: Record<string, unknown> = { present: true, sdk: process.env.MODDABLE, targets: MODDABLE_TARGETS, slotBytes: SLOT_BYTES };
  try {
    // the bundles the builds take (build/device, build/sim, build/sim-bench)
    run(process.execPath, ["tools/build.mjs"], env);
  } catch (e) {
    return { ...section, error: String(e) };
  }
  try {
    section.bytecode = bytecode(env);
  } catch (e) {
    section.bytecode = { error: String(e) };
  }
  try {
    section.heap = await heap(bin, env);
  } catch (e) {
    section.heap = { error: String(e) };
  }
  try {
    section.cases = await cases(bin, env, xsnap);
  } catch (e) {
    section.cases = { error: String(e) };
  }
  section.seconds = Math.round((Date.now() - started) / 1000);
  return section;
}
