/** One entry of an Application File Locator (94), EMV 4.4 Book 3 §10.2. */
export interface AflEntry {
  /** Short File Identifier, 1-30 */
  sfi: number;
  /** first record to read, from 1 */
  first: number;
  /** last record to read, at least `first` */
  last: number;
  /** how many records from `first` take part in offline data authentication */
  odaRecords: number;
}

/**
 * The entries of an AFL, or `undefined` when it is not one (§10.2: four
 * bytes an entry, an SFI of 1 to 30 in bits 8-4 with bits 3-1 zero, a
 * first record from 1, a last one not before it, and no more records for
 * offline data authentication than are read).
 */
export function parseAfl(afl: Uint8Array): AflEntry[] | undefined {
  if (afl.length === 0 || afl.length % 4 !== 0) return undefined;
  const out: AflEntry[] = [];
  for (let i = 0; i < afl.length; i += 4) {
    const sfi = afl[i] >> 3;
    const first = afl[i + 1];
    const last = afl[i + 2];
    const odaRecords = afl[i + 3];
    if ((afl[i] & 7) !== 0 || sfi < 1 || sfi > 30 || first < 1 || last < first || odaRecords > last - first + 1) return undefined;
    out.push({ sfi, first, last, odaRecords });
  }
  return out;
}
