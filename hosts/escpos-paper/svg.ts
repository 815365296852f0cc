/**
 * A drawing of the paper: SVG, to scale (one user unit a dot, 8 a
 * millimetre), the roll's full width with the printable area centred.
 */
import qrcode from "qrcode-generator";
import type { Paper, PaperItem, PaperSpan } from "./paper.ts";

const TOP = 16;
const BOTTOM = 24;
// characters XML 1.0 does not allow, even escaped
const NOT_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const XML_SPECIAL = /[<>&"]/g;
const ENTITIES: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" };

function escape(text: string): string {
  return text.replace(NOT_XML, "\uFFFD").replace(XML_SPECIAL, (c) => ENTITIES[c]);
}

/** The paper as an SVG document (text in a monospace font, images and QR codes as dots, cuts as dashed lines). */
export function paperToSvg(paper: Paper): string {
  const paperDots = paper.widthMm * 8;
  const left = (paperDots - paper.dotsPerLine) / 2;
  const height = paper.height + TOP + BOTTOM;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${paper.widthMm}mm" height="${(height / 8).toFixed(3)}mm" viewBox="0 0 ${paperDots} ${height}">`,
    `<rect width="${paperDots}" height="${height}" fill="#fff"/>`,
    `<g transform="translate(${left} ${TOP})" font-family="monospace">`,
  ];
  for (const item of paper.items) out.push(...draw(item, left, paperDots));
  out.push("</g>", "</svg>");
  return out.join("\n");
}

function draw(item: PaperItem, left: number, paperDots: number): string[] {
  switch (item.type) {
    case "text":
      return item.spans.flatMap((s) => span(s, item.y, item.height));
    case "image":
      return [rasterPath(Buffer.from(item.bits, "base64"), item.rowBytes, item.rows, item.x, item.y, item.width / (item.rowBytes * 8), item.height / item.rows)];
    case "qr":
      return [qrPath(item.hex, item.ecc, item.x, item.y, item.moduleSize)];
    case "cut":
      return [
        `<line x1="${-left}" y1="${item.y}" x2="${paperDots - left}" y2="${item.y}" stroke="#888" stroke-width="2" stroke-dasharray="10 6"/>`,
        `<text x="${paperDots - left - 4}" y="${item.y - 4}" font-size="14" fill="#888" text-anchor="end">${item.partial ? "partial cut" : "full cut"}</text>`,
      ];
    case "drawer":
      return [];
  }
}

function span(s: PaperSpan, lineY: number, lineHeight: number): string[] {
  if (!s.text) return [];
  const out: string[] = [];
  // characters of one line stand on the same baseline, at the bottom of the tallest
  const bottom = lineY + lineHeight;
  if (s.invert) out.push(`<rect x="${s.x}" y="${bottom - s.height}" width="${s.width}" height="${s.height}" fill="#000"/>`);
  out.push(
    `<text x="${s.x}" y="${bottom - s.height * 0.2}" font-size="${s.height * 0.9}" textLength="${s.width}" lengthAdjust="spacingAndGlyphs"${s.bold ? ' font-weight="bold"' : ""} fill="${s.invert ? "#fff" : "#000"}" xml:space="preserve">${escape(s.text)}</text>`,
  );
  if (s.underline) out.push(`<rect x="${s.x}" y="${bottom - s.underline}" width="${s.width}" height="${s.underline}" fill="${s.invert ? "#fff" : "#000"}"/>`);
  return out;
}

/** Black runs of each row, as one path. */
function rasterPath(bits: Uint8Array, rowBytes: number, rows: number, x0: number, y0: number, sx: number, sy: number): string {
  const d: string[] = [];
  const width = rowBytes * 8;
  for (let y = 0; y < rows; y++) {
    let x = 0;
    while (x < width) {
      const dark = (i: number) => (bits[y * rowBytes + (i >> 3)] ?? 0) & (0x80 >> (i & 7));
      if (!dark(x)) {
        x++;
        continue;
      }
      const start = x;
      while (x < width && dark(x)) x++;
      d.push(`M${x0 + start * sx} ${y0 + y * sy}h${(x - start) * sx}v${sy}h${-(x - start) * sx}z`);
    }
  }
  return `<path d="${d.join("")}" fill="#000"/>`;
}

/** The symbol the printer would draw for the stored data. */
function qrPath(hexData: string, ecc: "L" | "M" | "Q" | "H", x0: number, y0: number, module: number): string {
  const symbol = qrcode(0, ecc);
  symbol.addData(String.fromCharCode(...Buffer.from(hexData, "hex")), "Byte");
  symbol.make();
  const n = symbol.getModuleCount();
  const d: string[] = [];
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (symbol.isDark(r, c)) d.push(`M${x0 + c * module} ${y0 + r * module}h${module}v${module}h${-module}z`);
  return `<path d="${d.join("")}" fill="#000"/>`;
}
