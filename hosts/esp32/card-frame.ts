/**
 * ISO/IEC 7816-3 §7.1 character frames as the RMT sends them: a start bit
 * (A, low), the 8 bits as they go on the line (first bit first), a parity
 * bit, and 2 ETU of guard time (Z, high) before the next start bit, so 12
 * ETU a character. Bits are levels on the line: under the inverse
 * convention the caller has already turned the byte over (the slot driver's
 * `inverseByte`), and the parity bit, even over the character's logical
 * bits, is then odd over the line's levels (`"odd"`).
 */

/**
 * The durations, in RMT ticks, of the alternating low and high runs that
 * send `bytes`, starting low (the first start bit) and ending high (the
 * last character's guard time). Edges are placed at the nearest tick to
 * their exact time from the first start edge, so the error never adds up
 * past half a tick however long the write.
 *
 * @param bytes - the characters as they go on the line
 * @param ticksPerEtu - RMT ticks in one ETU (the RMT clock over the baud rate)
 * @param parity - over the line's levels: "even" (direct convention) or "odd" (inverse)
 */
export function cardFrameDurations(bytes: Uint8Array, ticksPerEtu: number, parity: "even" | "odd" = "even"): number[] {
  const odd = parity === "odd" ? 1 : 0;
  // the ETU at which the line changes level, from the first start edge
  const edges: number[] = [];
  let level = 1;
  let etu = 0;
  const bit = (value: number) => {
    if (value !== level) {
      edges.push(etu);
      level = value;
    }
    etu++;
  };
  for (let j = 0; j < bytes.length; j++) {
    const b = bytes[j];
    let ones = 0;
    bit(0);
    for (let i = 0; i < 8; i++) {
      const v = (b >> i) & 1;
      ones += v;
      bit(v);
    }
    bit((ones & 1) ^ odd);
    bit(1);
    bit(1);
  }
  edges.push(etu);
  const durations: number[] = [];
  for (let i = 1; i < edges.length; i++) durations.push(Math.round(edges[i] * ticksPerEtu) - Math.round(edges[i - 1] * ticksPerEtu));
  return durations;
}
