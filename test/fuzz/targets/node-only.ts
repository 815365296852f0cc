/**
 * Targets that run on Node only, each saying why (`nodeOnly`): the XS
 * bundle (xs-entry.ts, through index.ts) never imports this file. On
 * `--engine xs` the runner lists them as skipped.
 */
import type { FuzzTarget } from "../harness.ts";
import { TARGETS } from "./index.ts";
import { escposPaper } from "./escpos-paper.ts";

export const NODE_ONLY_TARGETS: readonly FuzzTarget[] = [escposPaper];

/** Every target, the portable ones first: what `npm run fuzz` runs. */
export const ALL_TARGETS: readonly FuzzTarget[] = [...TARGETS, ...NODE_ONLY_TARGETS];
