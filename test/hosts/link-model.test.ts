import test from "ava";
import { LinkMeter, LTE_MODEM_LINK, messageMs, WIFI_LINK } from "../../hosts/desktop/link-model.ts";

const bytes = (n: number) => new Uint8Array(n);

test("Wi-Fi: a 200-byte request and its 100-byte answer cost 20 ms + 0.16 ms + 0.08 ms", (t) => {
  // hand-computed: 200 B / 1 250 000 B/s = 0.16 ms; 100 B / 1 250 000 B/s = 0.08 ms
  t.is(Math.round(messageMs(WIFI_LINK, 200, 100) * 1000) / 1000, 20.24);
});

test("4G modem: the same message costs 60 ms + 17.361 ms + 8.681 ms over the 115 200-baud UART", (t) => {
  // hand-computed: 115 200 baud / 10 bits a byte = 11 520 B/s; 200 / 11 520 s = 17.3611 ms; 100 / 11 520 s = 8.6806 ms
  t.is(Math.round(messageMs(LTE_MODEM_LINK, 200, 100) * 1000) / 1000, 86.042);
});

test("the meter counts one round trip per request, however many writes carry it, and each byte once", (t) => {
  const meter = new LinkMeter(LTE_MODEM_LINK);
  const seen = [
    meter.observe({ id: 1, kind: "open", host: "127.0.0.1", port: 8583 }),
    // a request in two writes (length header, then body): one message
    meter.observe({ id: 1, kind: "sent", bytes: bytes(2) }),
    meter.observe({ id: 1, kind: "sent", bytes: bytes(142) }),
    meter.observe({ id: 1, kind: "received", bytes: bytes(60) }),
    meter.observe({ id: 1, kind: "received", bytes: bytes(40) }),
    // the next request after an answer: a second message
    meter.observe({ id: 1, kind: "sent", bytes: bytes(56) }),
    meter.observe({ id: 1, kind: "close", by: "terminal" }),
  ];
  const total = seen.reduce((a, s) => ({ ms: a.ms + s.networkMs, messages: a.messages + s.messages, sent: a.sent + s.sentBytes, received: a.received + s.receivedBytes }), { ms: 0, messages: 0, sent: 0, received: 0 });
  t.deepEqual({ messages: total.messages, sent: total.sent, received: total.received }, { messages: 2, sent: 200, received: 100 });
  // two round trips (120 ms) and the same 200 B up, 100 B down as above: 120 + 17.3611 + 8.6806
  t.is(Math.round(total.ms * 1000) / 1000, 146.042);
  t.is(seen[0]?.networkMs, 0, "opening a connection adds nothing");
});

test("the meter keeps each connection's messages apart", (t) => {
  const meter = new LinkMeter(WIFI_LINK);
  const a = meter.observe({ id: 1, kind: "sent", bytes: bytes(10) });
  const b = meter.observe({ id: 2, kind: "sent", bytes: bytes(10) });
  t.deepEqual([a.messages, b.messages], [1, 1]);
  // 20 ms + 10 B / 1 250 000 B/s = 20.008 ms
  t.is(Math.round(b.networkMs * 1000) / 1000, 20.008);
});
