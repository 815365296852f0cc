import type { AidParameters, TerminalConfig } from "../../config/types.ts";
import { aidTags, terminalTags } from "../../config/tags.ts";
import type { Crypto } from "../../crypto/port.ts";
import type { RsaPublicKey } from "../oda/public-key.ts";
import type { Candidate } from "./candidate.ts";
import type { Fci } from "./fci.ts";
import type { KernelStep, OdaMethodUsed } from "./outcome.ts";
import { TagStore } from "./tag-store.ts";
import { transactionTags, type EmvTransaction } from "./transaction.ts";

/** POS Entry Mode (9F39) of a chip read: 05 (ISO 8583:1987 field 22, first two digits). */
const POS_ENTRY_CHIP = 0x05;

/**
 * Everything one transaction accumulates: the terminal's data elements,
 * the card's, the TVR, TSI and CVM Results, and what the steps hand each
 * other. One per transaction, dropped when it ends; the values are in
 * two tag stores (tag-store.ts), so the whole stays within a few
 * kilobytes and a few dozen slots.
 */
export class TransactionContext {
  step: KernelStep = "selection";
  /** Terminal Verification Results (95), shared with `terminal` so a DOL always sees its current value */
  readonly tvr = new Uint8Array(5);
  /** Transaction Status Information (9B) */
  readonly tsi = new Uint8Array(2);
  /** CVM Results (9F34): "no CVM performed" until cardholder verification says otherwise */
  readonly cvmResults = Uint8Array.of(0x3f, 0x00, 0x00);
  /** data elements whose source is the terminal (or the issuer, through the host), by tag */
  readonly terminal = new TagStore();
  /** data elements the card returned, by tag */
  readonly card = new TagStore();
  declare readonly transaction: EmvTransaction;
  declare readonly config: TerminalConfig;
  /** the application chosen, once final selection is done */
  declare candidate: Candidate;
  /** its entry in the terminal's AID table */
  declare aid: AidParameters;
  /** Application Interchange Profile (82) */
  aip: Uint8Array = new Uint8Array(2);
  /** Application File Locator (94) */
  afl: Uint8Array = new Uint8Array(0);
  /** the records the AFL marks for offline data authentication, as Book 3 §10.3 takes them */
  odaRecords: Uint8Array[] = [];
  /** a record for offline data authentication was not a template 70 (SFI 11-30): ODA fails (§10.3) */
  odaRecordsInvalid = false;
  odaMethod: OdaMethodUsed = "none";
  /** keys recovered by offline data authentication, for CDA and offline enciphered PIN; the kernel lets them go once cardholder verification is done, but for the card's key under CDA */
  declare issuerKey?: RsaPublicKey;
  declare iccKey?: RsaPublicKey;
  /** the data sent with GET PROCESSING OPTIONS and GENERATE AC, which CDA hashes */
  pdolData: Uint8Array = new Uint8Array(0);
  cdol1Data: Uint8Array = new Uint8Array(0);
  /** the cardholder bypassed a PIN entry: later PIN CVMs count as bypassed too (Book 3 §10.5) */
  pinBypassed = false;
  signatureRequired = false;
  onlinePin = false;

  constructor(config: TerminalConfig, transaction: EmvTransaction, crypto: Crypto) {
    this.config = config;
    this.transaction = transaction;
    terminalTags(config.terminal).forEach((value, tag) => this.terminal.set(tag, value));
    const tags = transactionTags(transaction);
    for (let i = 0; i < tags.length; i++) this.terminal.set(tags[i][0], tags[i][1]);
    // set in place as the transaction goes: a DOL built later must see their current bits
    this.terminal.share("95", this.tvr);
    this.terminal.share("9B", this.tsi);
    this.terminal.share("9F34", this.cvmResults);
    this.terminal.set("9F39", Uint8Array.of(POS_ENTRY_CHIP));
    // Book 4 §6.5.6: one Unpredictable Number per transaction, from the terminal's random source
    this.terminal.set("9F37", crypto.random(4));
  }

  /** A value, the terminal's first, then the card's: where DOLs find values (a `DolSource`). */
  get(tag: string): Uint8Array | undefined {
    return this.terminal.get(tag) ?? this.card.get(tag);
  }

  /**
   * Takes the application final selection chose: the card's data starts
   * over with its FCI (Book 1 §12.4), the terminal's AID-dependent data
   * with its entry (9F06, 9F09, 9F1B).
   */
  selected(candidate: Candidate, fci: Fci): void {
    this.candidate = candidate;
    this.aid = candidate.aid;
    this.card.clear();
    this.card.set("84", fci.dfName);
    const nodes = fci.proprietary.children ?? [];
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      if (!node.children) this.card.set(node.tag, node.value);
    }
    aidTags(candidate.aid).forEach((value, tag) => this.terminal.set(tag, value));
  }

  /** The Terminal Type (9F35) as a number, e.g. 0x22. */
  get terminalType(): number {
    return this.terminal.get("9F35")![0];
  }

  /** Terminal Capabilities (9F33). */
  get capabilities(): Uint8Array {
    return this.terminal.get("9F33")!;
  }
}
