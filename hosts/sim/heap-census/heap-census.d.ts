declare module "heap-census" {
  /** Counts the live heap by kind of object into table `which` (0 or 1), after a collection. */
  export function take(which: number): void;
  /** Writes table `which` to the standard output: a `heap-census:` line a row, named by `tag`. */
  export function print(which: number, tag: string): void;
}
