/**
 * `npm run bench`: every case on Node and on the XS engine (and a peer
 * library on Node where one exists); one JSON document on stdout.
 */
import { cpus } from "node:os";
import { CASES } from "./cases/index.ts";
import { PEERS, type Peer } from "./peers.ts";
import { bundleForXs, startXs } from "../tools/xs-worker.ts";
import { benchEnv } from "./env.ts";
import { emvLineTime } from "./emv-line-time.ts";
import { NodeCrypto } from "../hosts/node/node-crypto.ts";
import { xsHeapOfOne } from "./xs-heap.ts";
import { moddableSection } from "./moddable.ts";


const MIN_MS = 400;

async function timeNode(op: () => unknown): Promise<{ meanUs: number; iterations: number }> {
  const once = async () => {
    const r = op();
    if (r instanceof Promise) await r;
  };
  // let the JIT settle before measuring: 200 ms of the same operation
  for (const warm = performance.now(); performance.now() - warm < 200; ) await once();
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < MIN_MS) {
    await once();
    n++;
    elapsed = performance.now() - start;
  }
  return { meanUs: round((elapsed * 1000) / n), iterations: n };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * Each engine's wall time per operation on this host (xsnap for XS) as a
 * percentage of the case's reference duration, a modelled figure (e.g. the
 * line time of the same APDUs): a share of a model, not a device measurement.
 */
function percentOf(reference: { figure: string; targetPercent?: number; note?: string }, referenceUs: number, xsMeanUs: number, nodeMeanUs: number) {
  const xsnapWallPercentOfFigure = round((xsMeanUs * 100) / referenceUs);
  return {
    figure: reference.figure,
    ...(reference.note ? { note: reference.note } : {}),
    xsnapWallPercentOfFigure,
    nodeWallPercentOfFigure: round((nodeMeanUs * 100) / referenceUs),
    ...(reference.targetPercent !== undefined ? { targetPercent: reference.targetPercent, xsnapMeetsTarget: xsnapWallPercentOfFigure <= reference.targetPercent } : {}),
  };
}

/** The peer on Node, how many times faster than it the case runs on Node, and whether that meets the case's target. */
async function timePeer(peer: Peer, nodeMeanUs: number) {
  const node = await timeNode(peer.setup());
  const nodeSpeedupOverPeer = round(node.meanUs / nodeMeanUs);
  return {
    library: peer.library,
    ...(peer.note ? { note: peer.note } : {}),
    node,
    xs: peer.xs,
    nodeSpeedupOverPeer,
    ...(peer.targetSpeedup !== undefined ? { targetSpeedup: peer.targetSpeedup, nodeMeetsTargetSpeedup: nodeSpeedupOverPeer >= peer.targetSpeedup } : {}),
  };
}

/** The XS heap of one operation of a case, in a worker of its own where the case is set up and has not run yet. */
async function heapOfOne(name: string) {
  const worker = await startXs();
  try {
    await worker.evaluate(bundle);
    await worker.evaluate(`__benchSetup(${JSON.stringify(name)})`);
    return await xsHeapOfOne(worker, `__bench(${JSON.stringify(name)}, 1)`);
  } finally {
    await worker.close();
  }
}

const bundle = await bundleForXs(new URL("./xs-entry.ts", import.meta.url).pathname);
const filter = process.argv[2];
const results = [];
// "moddable" times every case on xsnap too, for the simulator's figures to stand beside
for (const c of CASES.filter((k) => !filter || filter === "moddable" || k.name.includes(filter))) {
  const node = await timeNode(c.setup(benchEnv()));
  const worker = await startXs();
  try {
    const loaded = await worker.evaluate(bundle);
    await worker.evaluate(`__benchSetup(${JSON.stringify(c.name)})`);
    const metered = 10;
    const meter = await worker.evaluate(`__bench(${JSON.stringify(c.name)}, ${metered})`);
    // grow the run until XS's millisecond clock has enough to measure
    let n = 10;
    let ms = 0;
    for (;;) {
      const run = await worker.evaluate(`__bench(${JSON.stringify(c.name)}, ${n})`);
      ms = (run.messages[0] as { ms: number }).ms;
      if (ms >= MIN_MS) break;
      n = Math.ceil(n * Math.min(50, (MIN_MS * 1.2) / Math.max(ms, 1)));
    }
    const xsMeanUs = round((ms * 1000) / n);
    const xsHeap = c.xsHeap ? await heapOfOne(c.name) : undefined;
    const peer = PEERS[c.name];
    const figures = c.figures ? await c.figures() : undefined;
    const referenceUs = c.reference && figures?.[c.reference.figure];
    results.push({
      name: c.name,
      unit: c.unit,
      xs: {
        meanUs: xsMeanUs,
        iterations: n,
        computePerOp: meter.compute === null ? null : Math.round(meter.compute / metered),
        // xsnap's allocate meter is the worker's heap so far (chunks and slots), not a per-call count
        heapBytes: meter.allocate,
        heapGrowthBytes: meter.allocate === null || loaded.allocate === null ? null : meter.allocate - loaded.allocate,
      },
      ...(xsHeap ? { xsHeapOfOneOperation: xsHeap } : {}),
      node,
      ...(c.nodeBackend ? { nodeOpenSsl: await timeNode(c.setup({ crypto: new NodeCrypto() })) } : {}),
      ...(figures ? { figures } : {}),
      ...(c.reference && referenceUs ? { ofReference: percentOf(c.reference, referenceUs, xsMeanUs, node.meanUs) } : {}),
      ...(peer ? { peer: await timePeer(peer, node.meanUs) } : {}),
      ...(c.xsTargetUs !== undefined ? { xsTargetUs: c.xsTargetUs, xsMeetsTarget: xsMeanUs <= c.xsTargetUs } : {}),
    });
  } finally {
    await worker.close();
  }
}

const report = {
  machine: { node: process.version, cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length },
  note: "meanUs: wall time per operation; nodeOpenSsl: the same on Node with the OpenSSL crypto backend instead of the software one; xs.computePerOp: XS meter computation units per operation; xs.heapBytes: the XS worker's heap after setup and 10 operations; xs.heapGrowthBytes: its growth over the heap with the code loaded; xsHeapOfOneOperation: XS slots of one operation in a fresh worker as xsnap counts them (bench/xs-heap.ts), the engine's figures on this host, not a measurement on the device; ofReference: each engine's wall time per operation on this host (xsnapWallPercentOfFigure: xs.meanUs under xsnap; nodeWallPercentOfFigure: node.meanUs) as a percentage of one of the case's figures, a duration in µs that may be modelled rather than measured (ofReference.note says which); peer.nodeSpeedupOverPeer: the peer's mean over the case's, on Node; peer.nodeMeetsTargetSpeedup: whether that reaches peer.targetSpeedup; peer.xs: why the peer has no XS figure",
  cases: results,
  models: filter && !"emv.lineTime".includes(filter) ? {} : { emvLineTime: await emvLineTime() },
  // the Moddable SDK's figures (bench/moddable.ts): with no filter, or the filter "moddable"
  moddable: filter && filter !== "moddable" ? { skipped: "filter" } : await moddableSection(new Map(results.map((r) => [r.name, r.xs.meanUs]))),
};
process.stdout.write(JSON.stringify(report, null, 2) + "\n");
