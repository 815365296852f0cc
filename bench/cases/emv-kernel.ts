import type { BenchCase } from "../case.ts";
import { commandLineTime } from "../emv-line-time.ts";
import { benchEnv } from "../env.ts";
import { fromHex } from "../../modules/core/hex.ts";
import { seededRandom } from "../../modules/core/seeded-random.ts";
import type { Crypto } from "../../modules/crypto/port.ts";
import { SoftwareCrypto } from "../../modules/crypto/software-crypto.ts";
import { arpcMethod2, deriveIccMasterKey, emvSessionKey } from "../../modules/emv/cryptogram.ts";
import { EmvKernel } from "../../modules/emv/kernel/kernel.ts";
import type { HostAnswer } from "../../modules/emv/kernel/online-processing.ts";
import type { CardholderPort } from "../../modules/emv/kernel/ports.ts";
import type { EmvTransaction } from "../../modules/emv/kernel/transaction.ts";
import { parseTlvTree } from "../../modules/emv/tlv.ts";
import { encodeCommand, encodeResponse, parseCommand, parseResponse, type CommandApdu, type ResponseApdu } from "../../modules/iso7816/apdu.ts";
import type { ApduTransport } from "../../modules/iso7816/transport.ts";
import { createEmvCardFromJson, type EmvCard } from "../../hosts/desktop/emv-card/emv-card.ts";
import type { CardApplication } from "../../hosts/desktop/virtual-card.ts";
// the committed test card and test CA key list that readTestCardJson and readTestCaKeys read on Node, bundled so that XS gets them too
import ddaCard from "../../test/emv/cards/dda.json" with { type: "json" };
import testCaKeys from "../../test/emv/cards/ca/test-ca-keys.json" with { type: "json" };
import { aidEntry, kernelConfig } from "../../test/support/emv-config.ts";
import { MAESTRO } from "../../test/modules/emv/vectors.ts";
import { SALE_FIELDS } from "./iso8583.ts";

/*
 * The EMV contact kernel's own cost, card I/O excluded: a DDA online
 * purchase of the `dda` test card, its APDUs answered from a recording,
 * so neither the card's RSA signing nor the line is counted; set beside
 * the line time of those same APDUs at 9600 bit/s. And BER-TLV parsing
 * beside the npm `ber-tlv` package (bench/peers.ts).
 */

/** One command the kernel sent and the card's answer. */
interface Exchange {
  command: CommandApdu;
  /** the command's bytes, as the kernel hands them to the transport */
  bytes: Uint8Array;
  response: ResponseApdu;
}

/** The purchase: 123.45 HKD, over the sample floor limit, on a date inside every test certificate's validity. */
const PURCHASE: EmvTransaction = { type: "purchase", amount: 12_345, date: "261125", time: "101500", sequenceCounter: 7 };
/** Seeds of the kernel's random source (Unpredictable Number, random selection) and of the card's (ICC Dynamic Number). */
const KERNEL_SEED = 7;
const CARD_SEED = 3;
/** The F padding of a PAN (5A, cn). */
const PAN_PADDING = /F+$/;
/** Card Status Update sent with the ARPC (method 2, Book 2 §8.2.2): approved, no update. */
const CSU = fromHex("00800000");

/** The card holds an online PIN CVM: the PIN pad takes it and keeps the block for the request. */
const CARDHOLDER: CardholderPort = { enterPin: () => Promise.resolve({ kind: "online-pin" }) };

function fill(next: () => number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(next() * 256);
  return out;
}

/**
 * The runner's crypto backend with a random source that starts over on
 * `restart()`: each replayed transaction draws the Unpredictable Number
 * the recording drew, so the card's recorded signature verifies.
 */
function restartableRandom(base: Crypto, seed: number): { crypto: Crypto; restart(): void } {
  let next = seededRandom(seed);
  const crypto: Crypto = {
    random: (n) => fill(next, n),
    blockEncrypt: (alg, mode, key, data, iv) => base.blockEncrypt(alg, mode, key, data, iv),
    blockDecrypt: (alg, mode, key, data, iv) => base.blockDecrypt(alg, mode, key, data, iv),
    digest: (alg, data) => base.digest(alg, data),
    rsaPublic: (modulus, exponent, data) => base.rsaPublic(modulus, exponent, data),
  };
  return { crypto, restart: () => void (next = seededRandom(seed)) };
}

/** The terminal's configuration: the sample AID entry (floor limit 100.00) for the card's Visa AID and application version, and the test CA keys. */
function terminalConfig() {
  const caKeys = testCaKeys.caKeys.map((k) => ({ rid: fromHex(k.rid), index: parseInt(k.index, 16), modulus: fromHex(k.modulus), exponent: fromHex(k.exponent), checksum: fromHex(k.checksum), expiry: k.expiry }));
  return kernelConfig([aidEntry("A0000000031010", { applicationVersions: [fromHex(ddaCard.applications[0].data["9F08"])] })], { caKeys });
}

/** The virtual card behind a transport that answers at once, every exchange kept. */
class RecordingCard implements ApduTransport {
  readonly present = true;
  readonly exchanges: Exchange[] = [];
  #card: EmvCard;

  constructor(seed: number) {
    const next = seededRandom(seed);
    this.#card = createEmvCardFromJson(ddaCard, { crypto: new SoftwareCrypto((n) => fill(next, n)) });
  }

  transmit(command: CommandApdu | Uint8Array): Promise<ResponseApdu> {
    const bytes = command instanceof Uint8Array ? command.slice() : encodeCommand(command);
    const parsed = parseCommand(bytes);
    const response = parseResponse(encodeResponse(this.#card.process(parsed)));
    this.exchanges.push({ command: parsed, bytes, response });
    return Promise.resolve(response);
  }

  subscribe(): () => void {
    return () => {};
  }
}

/**
 * The recording played back: each command must be the recorded one, byte
 * for byte, and gets a fresh copy of the recorded answer, as a reader
 * hands the kernel new bytes.
 */
class ReplayedCard implements ApduTransport {
  readonly present = true;
  #exchanges: readonly Exchange[];
  #at = 0;

  constructor(exchanges: readonly Exchange[]) {
    this.#exchanges = exchanges;
  }

  rewind(): void {
    this.#at = 0;
  }

  get done(): boolean {
    return this.#at === this.#exchanges.length;
  }

  transmit(command: CommandApdu | Uint8Array): Promise<ResponseApdu> {
    const step = this.#exchanges[this.#at++];
    const bytes = command instanceof Uint8Array ? command : encodeCommand(command);
    if (!step || !sameBytes(bytes, step.bytes)) throw new Error(`the kernel left the recording at command ${this.#at}`);
    const r = step.response;
    return Promise.resolve({ data: r.data.slice(), sw1: r.sw1, sw2: r.sw2, sw: r.sw });
  }

  subscribe(): () => void {
    return () => {};
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The issuer's answer to the ARQC: ARPC method 2 under the session key of the profile's issuer master key (Book 2 §8.2.2, A1.3.1, A1.4.1). */
function hostAnswer(crypto: Crypto, outcome: { cryptogram: Uint8Array; atc: Uint8Array }): HostAnswer {
  const app = ddaCard.applications[0];
  const pan = app.data["5A"].replace(PAN_PADDING, "");
  const mk = deriveIccMasterKey(crypto, fromHex(app.cryptogram.imk), pan, app.data["5F34"], "optionA");
  const arpc = arpcMethod2(crypto, emvSessionKey(crypto, mk, outcome.atc), outcome.cryptogram, CSU);
  const issuerAuthenticationData = new Uint8Array(arpc.length + CSU.length);
  issuerAuthenticationData.set(arpc);
  issuerAuthenticationData.set(CSU, arpc.length);
  return { kind: "host", approved: true, responseCode: "00", issuerAuthenticationData };
}

/** One DDA online purchase, from application selection to the second GENERATE AC; throws unless it is approved online after a valid DDA. */
async function purchase(kernel: EmvKernel, answer: (first: { cryptogram: Uint8Array; atc: Uint8Array }) => HostAnswer) {
  const first = await kernel.start(PURCHASE);
  if (first.kind !== "online") throw new Error(`first GENERATE AC: ${first.kind}`);
  if (first.odaMethod !== "DDA" || first.tvr[0] !== 0) throw new Error("DDA did not pass");
  const final = await kernel.complete(answer(first));
  if (final.kind !== "approved" || final.path !== "online") throw new Error(`completion: ${final.kind}`);
  return final;
}

/** The transaction against the virtual card, every APDU recorded, and the host's answer it got. */
async function record(base: Crypto) {
  const card = new RecordingCard(CARD_SEED);
  const random = restartableRandom(base, KERNEL_SEED);
  const kernel = new EmvKernel({ transport: card, crypto: random.crypto, config: terminalConfig(), cardholder: CARDHOLDER });
  let host: HostAnswer | undefined;
  await purchase(kernel, (first) => (host = hostAnswer(base, first)));
  return { exchanges: card.exchanges, host: host! };
}

/**
 * A virtual card application answering the recording in order. Under T=0
 * a case 2 command sent with P3 = 00 gets 6Cxx and comes again with the
 * length (ISO/IEC 7816-3 §10.3.4): the repeat is answered from the same
 * exchange, as the EMV virtual card's slot does.
 */
function replayApplication(exchanges: readonly Exchange[]): CardApplication {
  let at = 0;
  let repeat: { ins: number; p1: number; p2: number; le: number; answer: { data: Uint8Array; sw: number } } | undefined;
  return (c) => {
    const expected = repeat;
    repeat = undefined;
    if (expected && !c.data && c.ins === expected.ins && c.p1 === expected.p1 && c.p2 === expected.p2 && c.le === expected.le) return expected.answer;
    const step = exchanges[at++];
    if (!step || step.command.ins !== c.ins) throw new Error(`the line model left the recording at command ${at}`);
    const answer = { data: step.response.data, sw: step.response.sw };
    if (!c.data && c.le === undefined && answer.data.length > 0 && answer.data.length < 256) repeat = { ins: c.ins, p1: c.p1, p2: c.p2, le: answer.data.length, answer };
    return answer;
  };
}

export const kernelDdaOnline: BenchCase = {
  name: "emv.kernel.ddaOnline",
  unit: "the kernel's work in a DDA online purchase of the dda test card (SELECT PSE and 2 READ RECORD of its directory, SELECT AID, GPO, 5 READ RECORD, DDA: INTERNAL AUTHENTICATE and 3 RSA recoveries, online PIN, restrictions, risk management, GENERATE AC; then EXTERNAL AUTHENTICATE, second GENERATE AC), its 14 APDUs answered at once from a recording",
  nodeBackend: true,
  xsHeap: true,
  setup(env) {
    // the recording (the card's RSA signing among it) starts here and is over before the first timed run: xsnap runs the jobs before the setup's evaluation returns, and Node warms up first
    const ready = (async () => {
      const { exchanges, host } = await record(env.crypto);
      const card = new ReplayedCard(exchanges);
      const random = restartableRandom(env.crypto, KERNEL_SEED);
      const kernel = new EmvKernel({ transport: card, crypto: random.crypto, config: terminalConfig(), cardholder: CARDHOLDER });
      return async () => {
        card.rewind();
        random.restart();
        const final = await purchase(kernel, () => host);
        if (!card.done) throw new Error("the kernel did not send every recorded command");
        return final;
      };
    })();
    return async () => (await ready)();
  },
  async figures() {
    const { exchanges } = await record(benchEnv().crypto);
    const atr = fromHex(ddaCard.atr);
    const line = await commandLineTime(atr, ddaCard.protocol as 0 | 1, exchanges.map((e) => e.command), replayApplication(exchanges));
    if (line.baud !== 9600) throw new Error(`the dda card's line runs at ${line.baud} bit/s`);
    return {
      apdus: exchanges.length,
      lineBytesToCard: line.bytesToCard,
      lineBytesFromCard: line.bytesFromCard,
      lineTimeAt9600Us: Math.round(line.lineTimeMs * 1000),
    };
  },
  reference: {
    figure: "lineTimeAt9600Us",
    targetPercent: 5,
    note: "the kernel's wall time per purchase on this host (xsnap for XS, card answered from memory) divided by the modelled line time of the same 14 APDUs at 9600 bit/s (bench/emv-line-time.ts: character frames at the card's ETU, no card processing time); neither is measured on the device",
  },
};

/**
 * A chip transaction's BER-TLV: the Maestro card's answers (lumag/emv-tools
 * data/maestro.emu: PSE FCI, directory record, application FCI, GET
 * PROCESSING OPTIONS response, four records) and the DE55 of a chip sale
 * request (bench/cases/iso8583.ts).
 */
export const TLV_STRINGS: readonly Uint8Array[] = [
  MAESTRO.pseFci,
  MAESTRO.pseRecord,
  MAESTRO.adfFci,
  MAESTRO.gpo,
  MAESTRO.sfi1Record1,
  MAESTRO.sfi1Record3,
  MAESTRO.sfi2Record1,
  MAESTRO.sfi2Record2,
  SALE_FIELDS[55],
].map((hex) => fromHex(hex));

const TLV_BYTES = TLV_STRINGS.reduce((n, s) => n + s.length, 0);

/** Objects in a parsed tree, constructed ones and their children. */
function countObjects(nodes: readonly { children?: readonly unknown[] }[]): number {
  let n = 0;
  for (const node of nodes) n += 1 + (node.children ? countObjects(node.children as { children?: readonly unknown[] }[]) : 0);
  return n;
}

export const tlvParseTree: BenchCase = {
  name: "emv.tlv.parseTree",
  unit: `BER-TLV to a tree, constructed objects opened (parseTlvTree): a chip transaction's card answers and a DE55, ${TLV_STRINGS.length} strings, ${TLV_BYTES} bytes`,
  setup() {
    return () => {
      let n = 0;
      for (const s of TLV_STRINGS) n += parseTlvTree(s).length;
      return n;
    };
  },
  figures() {
    return { strings: TLV_STRINGS.length, bytes: TLV_BYTES, objects: TLV_STRINGS.reduce((n, s) => n + countObjects(parseTlvTree(s)), 0) };
  },
};

export const EMV_KERNEL_CASES: BenchCase[] = [kernelDdaOnline, tlvParseTree];
