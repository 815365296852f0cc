import { loadCodePage, type CodePage } from "./code-page.ts";
import type { GbTable } from "./gb-table.ts";

/** The character set a line is sent in: the profile's code page (ESC t n) or GB18030 in Kanji mode (FS &). */
export type TextMode = "code-page" | "gb18030";

/** Options of {@link encodeText}. */
export interface TextOptions {
  chinese: boolean;
  gb?: GbTable;
  /** the code page selected by ESC t (default code page 437) */
  codePage?: CodePage;
}

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
 * Turns text into printer bytes. A line every character of which the
 * code page has is sent in it; otherwise, on a Chinese model with a GB table, in
 * GB18030 (ASCII as one byte, the table's characters as two or, with the
 * four-byte ranges, four bytes; each two columns wide). A character
 * neither has becomes a question mark; control characters never reach the
 * printer (a tab becomes a space, others a question mark), so text cannot
 * smuggle commands.
 */
export function encodeText(text: string, options: TextOptions): EncodedText {
  const page = options.codePage ?? loadCodePage("cp437");
  const gb = options.chinese && !fitsCodePage(text, page) ? options.gb : undefined;
  const out: number[] = [];
  let columns = 0;
  let replaced = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (!gb || cp < 0x80) {
      // the code page has no control characters: -1, a question mark, but for the tab
      const b = cp === 0x09 ? 0x20 : page.byteOf(cp);
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
    // a four-byte code (above FFFFh) exceeds 2^31: no bitwise operators
    if (code > 0xffff) out.push(Math.floor(code / 0x1000000), Math.floor(code / 0x10000) % 256, Math.floor(code / 0x100) % 256, code % 256);
    else out.push(code >> 8, code & 0xff);
    columns += 2;
  }
  return { mode: gb ? "gb18030" : "code-page", bytes: Uint8Array.from(out), columns, replaced };
}

/** True when `page` holds every character of `text` but the control characters, which go out as `?` whatever the line's mode. */
export function fitsCodePage(text: string, page: CodePage): boolean {
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x20 && cp !== 0x7f && page.byteOf(cp) < 0) return false;
  }
  return true;
}

/** Columns `text` takes on paper at normal width (what receipt layout pads with). */
export function displayColumns(text: string, options: TextOptions): number {
  return encodeText(text, options).columns;
}
