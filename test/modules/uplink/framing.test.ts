import test from "ava";
import fc from "fast-check";
import { toHex } from "../../../modules/core/hex.ts";
import { FrameDecoder, frame } from "../../../modules/uplink/framing.ts";

test("binary, ASCII and BCD length headers", (t) => {
  const m = Uint8Array.of(1, 2, 3);
  t.is(toHex(frame(m)), "0003010203");
  t.is(toHex(frame(m, "ascii4")), "30303033010203");
  t.is(toHex(frame(new Uint8Array(1234), "bcd2")).slice(0, 4), "1234");
});

test("messages come out whole however the stream is cut", (t) => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ minLength: 1, maxLength: 60 }), { minLength: 1, maxLength: 6 }), fc.constantFrom("binary2", "ascii4", "bcd2" as const), fc.integer({ min: 1, max: 17 }), (messages, header, cut) => {
      const stream = messages.map((m) => frame(m, header));
      const all = new Uint8Array(stream.reduce((n, s) => n + s.length, 0));
      let at = 0;
      for (const s of stream) all.set(s, (at += s.length) - s.length);
      const decoder = new FrameDecoder(header);
      const out: Uint8Array[] = [];
      for (let i = 0; i < all.length; i += cut) out.push(...decoder.push(all.subarray(i, i + cut)));
      return out.length === messages.length && out.every((m, i) => toHex(m) === toHex(messages[i]));
    }),
  );
  t.pass();
});

test("a length that cannot start a message is a framing error", (t) => {
  t.throws(() => new FrameDecoder().push(Uint8Array.of(0, 0)), { code: "HOST_FRAME" });
  t.throws(() => new FrameDecoder("binary2", 100).push(Uint8Array.of(0x10, 0)), { code: "HOST_FRAME" });
  t.throws(() => new FrameDecoder("ascii4").push(Uint8Array.from("00X1", (c) => c.charCodeAt(0))), { code: "HOST_FRAME" });
});
