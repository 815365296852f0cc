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
      const split = splitAtWidth(unit, columns);
      let head = split[0];
      let rest = split[1];
      if (head === "") {
        // a row narrower than one wide character still takes one, so the loop ends
        const first = unit.codePointAt(0)!;
        head = String.fromCodePoint(first);
        rest = unit.slice(first > 0xffff ? 2 : 1);
      }
      rows.push(head);
      unit = rest;
      w = textWidth(unit);
    }
    row = unit;
    rowWidth = w;
  };
  let word = "";
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    i += ch.length;
    if (ch === " ") {
      if (word) place(word);
      word = "";
      space = true;
    } else if (charWidth(cp) === 2) {
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
