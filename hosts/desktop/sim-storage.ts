/**
 * The simulator's files, in one directory (`$XSPOS_SIM_DIR`, default
 * `.xspos-sim/` in the project): the journal's flash, the key store and
 * the DUKPT registers of the firmware, and the acquirer emulator's
 * ledger, balances, RRN counter and each terminal's session MAC key (a
 * test emulator's test key, kept in plain JSON: a real host holds it in
 * an HSM), so that a restarted simulator finds its terminal and its
 * host as they were. Node only.
 *
 * The firmware's bytes come in as the binary payload of its messages
 * and go back as the answer's bytes. On the disk the key store and the
 * DUKPT registers stay JSON files of hex strings (`keys.json`,
 * `dukpt.json`): the simulator's disk stands for a debug board's NVS,
 * in the clear by design, and keeping the format lets a simulator
 * directory written before open as it was.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { FileFlash } from "../node/file-flash.ts";
import { replaceFile, writeAll } from "../node/replace-file.ts";
import type { Acquirer, AcquirerSessionState } from "../acquirer/acquirer.ts";
import type { LedgerEntry } from "../acquirer/ledger.ts";
import type { SimMessage } from "./xs-channel.ts";

const encoder = new TextEncoder();
const ABSENT = Uint8Array.of(0);

/**
 * Writes `text` to `path` so that a crash leaves the old file or the new
 * one (hosts/node/replace-file.ts): the DUKPT registers must never go back
 * to an earlier counter.
 */
export function writeAtomic(path: string, text: string): void {
  replaceFile(path, (fd) => writeAll(fd, encoder.encode(text), 0));
}

/** The simulator's directory: `$XSPOS_SIM_DIR`, or `.xspos-sim/` in the project. */
export function simDirectory(projectRoot: string): string {
  return process.env.XSPOS_SIM_DIR ?? join(projectRoot, ".xspos-sim");
}

export class SimStorage {
  readonly dir: string;
  readonly flash: FileFlash;
  readonly #stores = new Map<string, Map<string, string>>();

  constructor(dir: string, fresh: boolean) {
    if (fresh) rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    this.dir = dir;
    this.flash = FileFlash.open(join(dir, "journal.flash"), { blocks: 16, blockSize: 4096 });
  }

  #store(file: string): Map<string, string> {
    let s = this.#stores.get(file);
    if (!s) {
      const path = join(this.dir, `${file}.json`);
      s = new Map(existsSync(path) ? Object.entries(JSON.parse(readFileSync(path, "utf8")) as Record<string, string>) : []);
      this.#stores.set(file, s);
    }
    return s;
  }

  #save(file: string): void {
    writeAtomic(join(this.dir, `${file}.json`), JSON.stringify(Object.fromEntries(this.#store(file))));
  }

  /** Answers a storage command from the firmware; undefined for other messages. */
  handle(m: SimMessage): Uint8Array | undefined {
    switch (m.type) {
      case "flash-read":
        return this.flash.read(m.offset, m.length);
      case "flash-write":
        this.flash.write(m.offset, m.bytes);
        return encoder.encode("ok");
      case "flash-erase":
        this.flash.eraseBlock(m.index);
        return encoder.encode("ok");
      case "store-read": {
        // a value answers 1 and its bytes; no value, 0
        const hex = this.#store(m.file).get(m.key);
        if (hex === undefined) return ABSENT;
        const value = Buffer.from(hex, "hex");
        const answer = new Uint8Array(1 + value.length);
        answer[0] = 1;
        answer.set(value, 1);
        value.fill(0);
        return answer;
      }
      case "store-write":
        this.#store(m.file).set(m.key, Buffer.from(m.bytes).toString("hex"));
        m.bytes.fill(0);
        this.#save(m.file);
        return encoder.encode("ok");
      case "store-delete":
        this.#store(m.file).delete(m.key);
        this.#save(m.file);
        return encoder.encode("ok");
      default:
        return undefined;
    }
  }

  /**
   * Puts the emulator's ledger, counters and session keys back as a
   * previous run left them, and its balances unless `balances` is false
   * (the demo starts its accounts anew: a tour that drains them would
   * end in declines).
   */
  restoreAcquirer(acquirer: Acquirer, { balances = true }: { balances?: boolean } = {}): void {
    const path = join(this.dir, "acquirer.json");
    if (!existsSync(path)) return;
    const saved = JSON.parse(readFileSync(path, "utf8")) as {
      entries: (Omit<LedgerEntry, "response"> & { response: string })[];
      reversals: number;
      reversedUnseen: string[];
      balances: Record<string, number>;
      session?: AcquirerSessionState;
    };
    for (const e of saved.entries) acquirer.ledger.entries.set(e.key, { ...e, response: Buffer.from(e.response, "hex") });
    acquirer.ledger.reversals = saved.reversals;
    for (const k of saved.reversedUnseen) acquirer.ledger.reversedUnseen.add(k);
    if (saved.session) acquirer.restoreSessionState(saved.session);
    if (!balances) return;
    for (const [pan, balance] of Object.entries(saved.balances)) {
      const a = acquirer.accounts.get(pan);
      if (a) a.balanceMinor = balance;
    }
  }

  /** Writes the emulator's ledger, balances, counters and session keys (after each request it handles, and at close). */
  saveAcquirer(acquirer: Acquirer): void {
    const entries = [...acquirer.ledger.entries.values()].map((e) => ({ ...e, response: Buffer.from(e.response).toString("hex") }));
    const balances = Object.fromEntries([...acquirer.accounts.values()].map((a) => [a.pan, a.balanceMinor]));
    writeAtomic(join(this.dir, "acquirer.json"), JSON.stringify({ entries, reversals: acquirer.ledger.reversals, reversedUnseen: [...acquirer.ledger.reversedUnseen], balances, session: acquirer.sessionState() }));
  }

  close(): void {
    this.flash.close?.();
  }
}
