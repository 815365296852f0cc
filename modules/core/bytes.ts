/** Byte helpers for keys and blocks. */

/** `a XOR b`, as long as the shorter of the two. */
export function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  const n = Math.min(a.length, b.length);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = a[i] ^ b[i];
  return out;
}

/** The arrays one after the other, in a new array. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  return concatAll(parts);
}

/** The arrays of a list one after the other, in a new array; takes the list whole, so its length never meets an engine's argument limit. */
export function concatAll(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    n += p.length;
  }
  const out = new Uint8Array(n);
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Equality in time independent of where the arrays differ (for MACs and check values). */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/** Overwrites secret bytes once they are no longer needed. */
export function wipe(...secrets: (Uint8Array | undefined)[]): void {
  for (let i = 0; i < secrets.length; i++) {
    const s = secrets[i];
    s?.fill(0);
  }
}
