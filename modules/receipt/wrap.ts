import type { LineMode, TextMeasure } from "./measure.ts";

/**
 * Breaks text into lines of at most `width` columns, measured in `mode`
 * (the widest the lines can print in: each line, once on its own, prints
 * no wider). Breaks at the last space of a line when there is one, else
 * between any two characters (Chinese has no spaces); spaces at a break
 * are dropped. Empty text is one empty line.
 */
export function wrapText(text: string, width: number, measure: TextMeasure, mode: LineMode = measure.target): string[] {
  const lines: string[] = [];
  let line = "";
  let columns = 0;
  /** index in `line` of its last space, and the columns before it */
  let space = -1;
  let spaceColumns = 0;
  for (const ch of text) {
    const w = measure.charColumns(ch.codePointAt(0)!, mode);
    if (columns + w > width && line !== "") {
      if (ch === " ") {
        lines.push(line);
        line = "";
        columns = 0;
        space = -1;
        continue;
      }
      if (space > 0) {
        lines.push(line.slice(0, space));
        line = line.slice(space + 1);
        columns -= spaceColumns + 1;
      } else {
        lines.push(line);
        line = "";
        columns = 0;
      }
      space = -1;
    }
    if (ch === " " && line === "" && lines.length > 0) continue;
    if (ch === " ") {
      space = line.length;
      spaceColumns = columns;
    }
    line += ch;
    columns += w;
  }
  lines.push(line);
  return lines;
}
