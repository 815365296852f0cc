/**
 * Mutations of valid inputs: what a noisy line, a faulty card or a
 * hostile host does to bytes. Each takes an input and returns a new one;
 * the input is never changed in place (it may be a seed).
 */
import { concat } from "../../modules/core/bytes.ts";
import type { FuzzRandom } from "./random.ts";

/** What a mutation may draw on besides the input. */
export interface MutationContext {
  /** the target's valid inputs, for splicing */
  seeds: readonly Uint8Array[];
  /** tokens that mean something to the parser (separators, keywords) */
  dictionary: readonly Uint8Array[];
  /** inputs never grow past this */
  maxLength: number;
}

type Mutation = (input: Uint8Array, r: FuzzRandom, context: MutationContext) => Uint8Array;

/** The byte values that sit on boundaries: zero, all ones, the sign bit either side. */
const INTERESTING = [0x00, 0xff, 0x7f, 0x80, 0x01, 0xfe];

/** A span inside the input: start and length (at least 1, at most a quarter of it or 16). */
function span(input: Uint8Array, r: FuzzRandom): [number, number] {
  const length = r.range(1, Math.max(1, Math.min(16, input.length >> 2)));
  const start = r.int(Math.max(1, input.length - length + 1));
  return [start, Math.min(length, input.length - start)];
}

function changed(input: Uint8Array, at: number, value: number): Uint8Array {
  const out = input.slice();
  out[at] = value;
  return out;
}

const flipBit: Mutation = (input, r) => {
  const at = r.int(input.length);
  return changed(input, at, input[at] ^ (1 << r.int(8)));
};

const setByte: Mutation = (input, r) => changed(input, r.int(input.length), r.byte());

const interesting: Mutation = (input, r) => changed(input, r.int(input.length), r.pick(INTERESTING));

const insert: Mutation = (input, r) => {
  const at = r.int(input.length + 1);
  return concat(input.subarray(0, at), r.bytes(r.small(8)), input.subarray(at));
};

const remove: Mutation = (input, r) => {
  const [start, length] = span(input, r);
  return concat(input.subarray(0, start), input.subarray(start + length));
};

const truncate: Mutation = (input, r) => input.slice(0, r.int(input.length));

const duplicate: Mutation = (input, r) => {
  const [start, length] = span(input, r);
  const at = r.chance(0.5) ? start + length : r.int(input.length + 1);
  return concat(input.subarray(0, at), input.subarray(start, start + length), input.subarray(at));
};

const splice: Mutation = (input, r, context) => {
  const other = r.pick(context.seeds);
  return concat(input.subarray(0, r.int(input.length + 1)), other.subarray(r.int(other.length + 1)));
};

/**
 * A length field made wrong: a byte nudged by a little, set to what
 * remains after it (the usual meaning of a length), or an ASCII digit or
 * BCD nibble changed (ISO 8583 prefixes, ASCII length headers).
 */
const lengthTweak: Mutation = (input, r) => {
  const at = r.int(input.length);
  const b = input[at];
  switch (r.int(4)) {
    case 0:
      return changed(input, at, (b + r.pick([-2, -1, 1, 2, 0x10, -0x10])) & 0xff);
    case 1:
      return changed(input, at, (input.length - at - 1 + r.range(-1, 1)) & 0xff);
    case 2:
      return b >= 0x30 && b <= 0x39 ? changed(input, at, 0x30 + r.int(10)) : changed(input, at, (b + 1) & 0xff);
    default:
      return changed(input, at, r.chance(0.5) ? (b & 0x0f) | (r.int(16) << 4) : (b & 0xf0) | r.int(16));
  }
};

const token: Mutation = (input, r, context) => {
  const word = r.pick(context.dictionary);
  const at = r.int(input.length + 1);
  const overwrite = r.chance(0.5);
  return concat(input.subarray(0, at), word, input.subarray(overwrite ? Math.min(input.length, at + word.length) : at));
};

const MUTATIONS: Mutation[] = [flipBit, setByte, interesting, insert, remove, truncate, duplicate, splice, lengthTweak, lengthTweak];
const WITHOUT_SPLICE = MUTATIONS.filter((m) => m !== splice);

/** One mutation chosen at random; an empty input can only grow. */
export function mutateOnce(input: Uint8Array, r: FuzzRandom, context: MutationContext): Uint8Array {
  let out: Uint8Array;
  if (input.length === 0) out = r.chance(0.5) && context.seeds.length > 0 ? splice(input, r, context) : insert(input, r, context);
  else if (context.dictionary.length > 0 && r.chance(0.15)) out = token(input, r, context);
  else if (context.seeds.length === 0) out = r.pick(WITHOUT_SPLICE)(input, r, context);
  else out = r.pick(MUTATIONS)(input, r, context);
  return out.length > context.maxLength ? out.slice(0, context.maxLength) : out;
}

/** One to `max` mutations stacked, fewer more often. */
export function mutate(input: Uint8Array, r: FuzzRandom, context: MutationContext, max = 6): Uint8Array {
  let out = input;
  for (let n = r.small(max); n > 0; n--) out = mutateOnce(out, r, context);
  return out;
}
