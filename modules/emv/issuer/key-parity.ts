/**
 * Sets every byte of a DES key to odd parity (FIPS 46-3: bit 8 of each
 * byte makes the count of ones odd), in place. DES ignores these bits, so
 * cryptograms do not change; derived keys get them so that their hex is
 * the one hardware security modules and the published derivations print.
 * @returns `key`
 */
export function withOddParity(key: Uint8Array): Uint8Array {
  for (let i = 0; i < key.length; i++) {
    const high = key[i] & 0xfe;
    let ones = 0;
    for (let v = high; v !== 0; v >>= 1) ones += v & 1;
    key[i] = ones % 2 === 0 ? high | 1 : high;
  }
  return key;
}
