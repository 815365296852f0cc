import type { GbTable } from "./gb-table.ts";
import { PC437_HIGH } from "./pc437-table.ts";

/** The character set a line is sent in: code page 437 (ESC t 0) or GB18030 in Kanji mode (FS &). */
export type TextMode = "pc437" | "gb18030";

/** A line of text as bytes for the printer. */
export interface EncodedText {
  mode: TextMode;
  bytes: Uint8Array;
  /** width in character cells: 1 a single-byte character, 2 a Chinese one */
  columns: number;
  /** characters the printer cannot print, sent as a question mark */
  replaced: number;
}

/** "?" in code page 437; "？" (full-width, A3 BF) in GB18030, as wide as the character it stands for. */
const QUESTION = 0x3f;
const FULLWIDTH_QUESTION = 0xa3bf;

/**
 * Turns text into printer bytes. A line every character of which code page
 * 437 has is sent in it; otherwise, on a Chinese model with a GB table, in
 * GB18030 (ASCII as one byte, the table's characters as two). A character
 * neither has becomes a question mark; control characters never reach the
 * printer (a tab becomes a space, others a question mark), so text cannot
 * smuggle commands.
 */
export function encodeText(text: string, options: { chinese: boolean; gb?: GbTable }): EncodedText {
  let allPc437 = true;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || cp === 0x7f) continue;
    if (pc437Byte(ch) < 0) {
      allPc437 = false;
      break;
    }
  }
  const gb = options.chinese && !allPc437 ? options.gb : undefined;
  const out: number[] = [];
  let columns = 0;
  let replaced = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0x09) {
      out.push(0x20);
      columns++;
      continue;
    }
    if (cp < 0x20 || cp === 0x7f) {
      out.push(QUESTION);
      columns++;
      replaced++;
      continue;
    }
    if (cp < 0x80) {
      out.push(cp);
      columns++;
      continue;
    }
    if (!gb) {
      const b = pc437Byte(ch);
      out.push(b < 0 ? QUESTION : b);
      if (b < 0) replaced++;
      columns++;
      continue;
    }
    let code = gb.encode(cp);
    if (code < 0) {
      code = FULLWIDTH_QUESTION;
      replaced++;
    }
    out.push(code >> 8, code & 0xff);
    columns += 2;
  }
  return { mode: gb ? "gb18030" : "pc437", bytes: Uint8Array.from(out), columns, replaced };
}

/** Columns `text` takes on paper at normal width (what receipt layout pads with). */
export function displayColumns(text: string, options: { chinese: boolean; gb?: GbTable }): number {
  return encodeText(text, options).columns;
}

/** The code page 437 byte of a character, or -1 (control characters included). */
function pc437Byte(ch: string): number {
  const cp = ch.codePointAt(0)!;
  if (cp >= 0x20 && cp < 0x7f) return cp;
  if (cp < 0xa0) return -1;
  const i = PC437_HIGH.indexOf(ch);
  return i < 0 ? -1 : 0x80 + i;
}
