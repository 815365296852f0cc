import test from "ava";
import { renderGraphic } from "../../../modules/display/index.ts";
import { yuan } from "./samples.ts";

test("graphic layout: an 8×16 / 16×16 font on 128×64 gives 4 rows of 16 narrow glyphs, placed in pixels", (t) => {
  const pages = renderGraphic({ id: "APPROVED", amount: yuan(1250), authCode: "123456" }, "zh", { kind: "graphic", widthPx: 128, heightPx: 64 });
  t.deepEqual(pages, [[
    { text: "交易成功  123456", x: 0, y: 0, width: 128 },
    { text: "12.50元", x: 72, y: 16, width: 56 },
  ]]);
  // a 6×12 / 12×12 font on 240×36: 40 narrow glyphs across, 3 rows
  t.deepEqual(renderGraphic({ id: "APPROVED", amount: yuan(1250), authCode: "123456" }, "en", { kind: "graphic", widthPx: 240, heightPx: 36, font: { narrowPx: 6, heightPx: 12 } }), [[
    { text: "APPROVED                AUTH CODE 123456", x: 0, y: 0, width: 240 },
    { text: "CNY 12.50", x: 186, y: 12, width: 54 },
  ]]);
});
