/**
 * True when `value` is an integer from `low` to `high`, both included:
 * the range check of arguments, options and fields.
 */
export function isIntegerIn(value: unknown, low: number, high: number): value is number {
  return Number.isInteger(value) && (value as number) >= low && (value as number) <= high;
}
