/**
 * The simulator's trace lines: APDUs on the card line (a VERIFY's data
 * hidden, cardholder data of an answer masked, an answer that is no TLV
 * hidden whole), ISO 8583 messages on the uplink (PAN and track masked,
 * the PIN block hidden), and the card line's time model.
 */
import test from "ava";
import { fromHex } from "../../modules/core/hex.ts";
import { pack } from "../../modules/iso8583/codec.ts";
import { ISO87A } from "../../modules/iso8583/dialect.ts";
import { isoMessage } from "../../modules/iso8583/message.ts";
import { commandText, responseText } from "../../hosts/desktop/apdu-trace.ts";
import { isoMessageText, UplinkTrace } from "../../hosts/desktop/uplink-trace.ts";
import { cardLineTimeMs, DEFAULT_ETU_CYCLES } from "../../hosts/desktop/card-line-time.ts";
import { frame } from "../../modules/uplink/framing.ts";

const response = (hex: string) => {
  const bytes = fromHex(hex);
  return { data: bytes.subarray(0, bytes.length - 2), sw1: bytes[bytes.length - 2], sw2: bytes[bytes.length - 1], sw: (bytes[bytes.length - 2] << 8) | bytes[bytes.length - 1] };
};

test("a command APDU as header, Lc, data and Le: SELECT of the PSE 1PAY.SYS.DDF01 and READ RECORD as sent", (t) => {
  // EMV 4.4 Book 1 12.2.2 (SELECT of the PSE by name) and Book 3 6.5.11 (READ RECORD record 1 of SFI 1)
  t.is(commandText(fromHex("00A404000E315041592E5359532E444446303100")), "00A40400 0E 315041592E5359532E4444463031 00");
  t.is(commandText({ cla: 0, ins: 0xb2, p1: 1, p2: 0x0c, le: 256 }), "00B2010C 00");
});

test("a VERIFY's data is never shown: the plaintext PIN block 24 12 34 FF… becomes a note of its length", (t) => {
  // EMV 4.4 Book 3 6.5.12: VERIFY, P2 80 (plaintext PIN), data = the plaintext PIN block (control 2, length 4, PIN 1234, F filler)
  const text = commandText(fromHex("002000800824" + "1234FFFFFFFFFF"));
  t.is(text, "00200080 08 (8 bytes of PIN data hidden)");
  t.false(text.includes("1234"));
});

test("an answer's PAN (5A) keeps its first 6 and last 4 digits, its other data objects and the status words shown; an answer that is no TLV is hidden whole", (t) => {
  // EMV 4.4 Book 3 annex A: 70 record template, 5A PAN (the published Visa test number 4111 1111 1111 1111), 5F24 expiry YYMMDD
  t.is(responseText(response("70105A0841111111111111115F24033012319000")), "70105A08411111******11115F2403301231 9000");
  t.is(responseText(response("9000")), "9000");
  t.is(responseText(response("9F9000")), "** 9000", "a truncated tag is no TLV");
});

test("an ISO 8583 message: the PAN and track 2 masked, the PIN block (DE52) hidden, the MTI first, fields in order", (t) => {
  const raw = pack(
    ISO87A,
    isoMessage("0200", { 2: "4111111111111111", 3: "000000", 4: "000000001250", 11: "000007", 35: "4111111111111111=30121010000012300000", 52: fromHex("0123456789ABCDEF"), 41: "XSPOS001" }),
  );
  const text = isoMessageText(raw);
  t.is(text, "0200 2=411111******1111 3=000000 4=000000001250 11=000007 35=411111******1111=3012101************* 41=XSPOS001 52=(PIN block hidden)");
  t.false(text.includes("0123456789ABCDEF"));
  t.regex(isoMessageText(fromHex("3032")), /^unreadable message, 2 bytes \(/);
});

test("the uplink trace reassembles frames split across chunks and says which way each message went", (t) => {
  const lines: string[] = [];
  const trace = new UplinkTrace((dir, text) => lines.push(`${dir} ${text}`), (text) => lines.push(`net ${text}`));
  const framed = frame(pack(ISO87A, isoMessage("0800", { 11: "000001", 41: "XSPOS001", 70: "001" })));
  trace.observe({ id: 1, kind: "open", host: "127.0.0.1", port: 9 });
  trace.observe({ id: 1, kind: "sent", bytes: framed.subarray(0, 5) });
  trace.observe({ id: 1, kind: "sent", bytes: framed.subarray(5) });
  trace.observe({ id: 1, kind: "close", by: "peer" });
  t.deepEqual(lines, ["net connection 1 to 127.0.0.1:9 open", "to-host 0800 11=000001 41=XSPOS001 70=001", "net connection 1 closed by the host"]);
});

test("the card line's time: 12 ETU a character on T=0, 11 on T=1, an ETU of F/D card clock cycles (372 before PPS)", (t) => {
  // ISO/IEC 7816-3: at 3.5712 MHz and F/D = 372 an ETU is 104.17 µs (9600 bit/s); 10 characters on T=0 take 120 ETU = 12.5 ms
  t.is(cardLineTimeMs(10, 0, DEFAULT_ETU_CYCLES, 3_571_200), 12.5);
  t.is(cardLineTimeMs(10, 1, DEFAULT_ETU_CYCLES, 3_571_200), 11.458333333333334);
  // F = 512, D = 8 (TA1 = 0x94 in the usual table): 64 cycles an ETU
  t.is(cardLineTimeMs(10, 0, 64, 3_571_200), (120 * 64 * 1000) / 3_571_200);
});
