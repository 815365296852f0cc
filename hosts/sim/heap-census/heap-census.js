/*
 * The heap census (heap-census.c) as a module: `take(which)` counts the
 * live heap by kind of object into table 0 or 1, `print(which, tag)`
 * writes the table to the standard output, a `heap-census:` line a row.
 */
export function take(which) @ "xs_heap_census_take";
export function print(which, tag) @ "xs_heap_census_print";
