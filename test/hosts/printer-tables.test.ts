import test from "ava";
import { readFileSync } from "node:fs";
import { toHex } from "../../modules/core/hex.ts";
import { GB18030_RANGES_BASE64, GB18030_RANGES_COUNT } from "../../modules/escpos/gb18030-ranges.ts";
import { GB2312_TABLE_BASE64, GB2312_TABLE_SIZE } from "../../modules/escpos/gb2312-table.ts";
import { PC437_HIGH } from "../../modules/escpos/pc437-table.ts";
import { gb18030RangesBytes, gb2312TableBytes, pc437High } from "../../tools/gen-printer-tables.ts";

// The committed tables are what tools/gen-printer-tables.ts makes from iconv-lite today:
// a table edited by hand, or an iconv-lite whose mapping changed, fails here.

test("gb2312-table.bin and gb2312-table.ts hold what iconv-lite gives for the GB2312 region", (t) => {
  const fresh = gb2312TableBytes();
  const bin = readFileSync(new URL("../../modules/escpos/gb2312-table.bin", import.meta.url));
  t.is(toHex(bin), toHex(fresh));
  t.is(Buffer.from(GB2312_TABLE_BASE64, "base64").toString("hex"), Buffer.from(fresh).toString("hex"));
  t.is(GB2312_TABLE_SIZE, fresh.length / 4);
});

test("pc437-table.ts holds what iconv-lite gives for code page 437, 80-FF", (t) => {
  t.is(PC437_HIGH, pc437High());
  t.is(PC437_HIGH.length, 128);
});

test("gb18030-ranges.bin and gb18030-ranges.ts hold what iconv-lite gives for GB18030's four-byte BMP characters", (t) => {
  const fresh = gb18030RangesBytes();
  const bin = readFileSync(new URL("../../modules/escpos/gb18030-ranges.bin", import.meta.url));
  t.is(toHex(bin), toHex(fresh));
  t.is(Buffer.from(GB18030_RANGES_BASE64, "base64").toString("hex"), Buffer.from(fresh).toString("hex"));
  t.is(GB18030_RANGES_COUNT, fresh.length / 6);
});
