import { charWidth, splitAtWidth, textWidth } from "./text-width.ts";

/**
 * Breaks `text` into rows of at most `columns`: between words (at spaces),
 * and between any two wide (CJK) characters, which Chinese allows. A word
 * wider than a row is broken between characters. No character is ever
 * split and nothing is lost: joined back, the rows hold every non-space
 * character of `text` in order.
 */
export function wrapText(text: string, columns: number): string[] {
  const rows: string[] = [];
  let row = "";
  let rowWidth = 0;
  let space = false;
  const flush = () => {
    if (row !== "") rows.push(row);
    row = "";
    rowWidth = 0;
  };
  const place = (unit: string) => {
    let w = textWidth(unit);
    const gap = space && row !== "" ? 1 : 0;
    space = false;
    if (rowWidth + gap + w <= columns) {
      row += (gap ? " " : "") + unit;
      rowWidth += gap + w;
      return;
    }
    flush();
    while (w > columns) {
      let [head, rest] = splitAtWidth(unit, columns);
      // a row narrower than one wide character still takes one, so the loop ends
      if (head === "") [head, rest] = [String.fromCodePoint(unit.codePointAt(0)!), unit.slice(unit.codePointAt(0)! > 0xffff ? 2 : 1)];
      rows.push(head);
      unit = rest;
      w = textWidth(unit);
    }
    row = unit;
    rowWidth = w;
  };
  let word = "";
  for (const ch of text) {
    if (ch === " ") {
      if (word) place(word);
      word = "";
      space = true;
    } else if (charWidth(ch.codePointAt(0)!) === 2) {
      if (word) place(word);
      word = "";
      place(ch);
    } else {
      word += ch;
    }
  }
  if (word) place(word);
  flush();
  return rows.length ? rows : [""];
}
