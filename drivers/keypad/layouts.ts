import type { KeypadKey } from "../../modules/core/keys.ts";

/** Key maps by row (top first) and column (left first). */
export type KeyMap = readonly (readonly KeypadKey[])[];

/** A 4×4 membrane keypad with the payment function column on the right. */
export const LAYOUT_4X4: KeyMap = [
  ["1", "2", "3", "CANCEL"],
  ["4", "5", "6", "CLEAR"],
  ["7", "8", "9", "ENTER"],
  [".", "0", "00", "MENU"],
];

/** A 4-column, 5-row keypad: four function keys above the 4×4 block. */
export const LAYOUT_4X5: KeyMap = [["F1", "F2", "F3", "F4"], ...LAYOUT_4X4];
