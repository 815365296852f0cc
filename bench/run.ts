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

/** Each engine's mean as a percentage of the case's reference duration. */
function percentOf(reference: { figure: string; targetPercent?: number }, referenceUs: number, xsMeanUs: number, nodeMeanUs: number) {
  const xsPercent = round((xsMeanUs * 100) / referenceUs);
  return {
    figure: reference.figure,
    xsPercent,
    nodePercent: round((nodeMeanUs * 100) / referenceUs),
    ...(reference.targetPercent !== undefined ? { targetPercent: reference.targetPercent, xsMeetsTarget: xsPercent <= reference.targetPercent } : {}),
  };
}

/** The peer on Node, and how many times faster than it the case runs on Node. */
async function timePeer(peer: Peer, nodeMeanUs: number) {
  const node = await timeNode(peer.setup());
  return { library: peer.library, ...(peer.note ? { note: peer.note } : {}), node, nodeSpeedupOverPeer: round(node.meanUs / nodeMeanUs) };
}

const bundle = await bundleForXs(new URL("./xs-entry.ts", import.meta.url).pathname);
const filter = process.argv[2];
const results = [];
for (const c of CASES.filter((k) => !filter || k.name.includes(filter))) {
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
  note: "meanUs: wall time per operation; nodeOpenSsl: the same on Node with the OpenSSL crypto backend instead of the software one; xs.computePerOp: XS meter computation units per operation; xs.heapBytes: the XS worker's heap after setup and 10 operations; xs.heapGrowthBytes: its growth over the heap with the code loaded; ofReference: each engine's mean as a percentage of one of the case's figures (a duration in µs); peer.nodeSpeedupOverPeer: the peer's mean over the case's, on Node",
  cases: results,
  models: filter && !"emv.lineTime".includes(filter) ? {} : { emvLineTime: await emvLineTime() },
};
process.stdout.write(JSON.stringify(report, null, 2) + "\n");
