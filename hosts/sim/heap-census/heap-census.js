/*
 * The heap census (heap-census.c) as a module: `take(which)` counts the
 * live heap by kind of object into table 0 or 1, `print(which, tag)`
 * writes the table to the standard output, a `heap-census:` line a row,
 * `chunkSaving()` the bytes by which the live chunks would be fewer on a
 * 32-bit machine (the ESP32), `slotBytes()` the size of a slot here.
 */
export function take(which) @ "xs_heap_census_take";
export function print(which, tag) @ "xs_heap_census_print";
export function chunkSaving() @ "xs_heap_census_chunk_saving";
export function slotBytes() @ "xs_heap_census_slot_bytes";
