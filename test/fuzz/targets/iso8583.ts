/**
 * Fuzz targets of the ISO 8583 codec (modules/iso8583): what the acquirer
 * sends, unpacked in each dialect, then packed again.
 */
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { pack, unpack } from "../../../modules/iso8583/codec.ts";
import { ISO87A, ISO87B, type Dialect } from "../../../modules/iso8583/dialect.ts";
import { isoMessage, type FieldValue, type IsoMessage } from "../../../modules/iso8583/message.ts";
import { iso8583Forms } from "../canonical.ts";
import { defineTarget } from "../harness.ts";
import type { FuzzRandom } from "../random.ts";
import { latin1 } from "../script.ts";

const CHARACTERS: Record<string, string> = { n: "0123456789", z: "0123456789=", an: "AZaz09 ", ans: " !~Aa0/=" };
const NUMBERS = Object.keys(ISO87A.fields).map(Number);
const LOW_NUMBERS = NUMBERS.filter((x) => x <= 64);
const TRAILING_SPACES = / +$/;
const MTIS = ["0100", "0110", "0200", "0210", "0220", "0320", "0400", "0410", "0500", "0510", "0800", "0810"];

function fieldValue(r: FuzzRandom, dialect: Dialect, n: number): FieldValue {
  const spec = dialect.fields[n];
  const length = spec.length === "fixed" ? spec.max : r.int(Math.min(spec.max, 40) + 1);
  if (spec.class === "b") return r.bytes(length);
  let s = "";
  if (spec.class === "xn") {
    s = r.pick(["C", "D"]);
    for (let i = 0; i < spec.max; i++) s += String.fromCharCode(0x30 + r.int(10));
    return s;
  }
  const alphabet = CHARACTERS[spec.class];
  for (let i = 0; i < length; i++) s += alphabet[r.int(alphabet.length)];
  // fixed text loses its trailing spaces on the way back (jPOS IF_CHAR)
  return spec.length === "fixed" && spec.class !== "n" ? s.replace(TRAILING_SPACES, "") : s;
}

function generateMessage(r: FuzzRandom, dialect: Dialect): Uint8Array {
  const fields = new Map<number, FieldValue>();
  for (let k = r.small(12); k > 0; k--) {
    const n = r.chance(0.8) ? r.pick(LOW_NUMBERS) : r.pick(NUMBERS);
    fields.set(n, fieldValue(r, dialect, n));
  }
  const message: IsoMessage = { mti: r.pick(MTIS), fields };
  if (dialect.bcd && r.chance(0.3)) {
    message.tpdu = Uint8Array.of(0x60, ...r.bytes(4));
    message.header = r.bytes(6);
  }
  return pack(dialect, message);
}

// The messages of the codec's tests: the pyiso8583 README request and response, jPOS
// ISO87BPackager layouts (BCD numbers, LL/LLL prefixes), a secondary bitmap with x+n amounts,
// track 2 and DE55, and a CUP-style TPDU and header.
const RICH = isoMessage("0200", {
  2: "4111111111111111",
  4: "000000001250",
  28: "D00000150",
  35: "4111111111111111=30121010000012300000",
  55: fromHex("9F26081122334455667788820239009F3602001C"),
  70: "301",
  97: "C0000000000012345",
});
const SIGN_ON = { ...isoMessage("0800", { 11: "000452", 41: "80879888" }), tpdu: fromHex("6000030000"), header: fromHex("602200000000") };

const SEEDS_87A = [
  latin1("02004000000000000000101234567890"),
  latin1("0210400000000200000010123456789005"),
  latin1("08000020000000801000" + "000042" + "T1      " + "00112233445566FF"),
  pack(ISO87A, RICH),
  pack(ISO87A, isoMessage("0200", { 2: "4111111111111111", 4: "1250", 39: "00" })),
];
const SEEDS_87B = [
  fromHex("0200" + "4000040000801000" + "13" + "4012345678909" + "0" + "0051" + toHex(latin1("TERM0001")) + "1B9C1845EB993A7A"),
  fromHex("020000000000200000000441D3"),
  pack(ISO87B, RICH),
  pack(ISO87B, SIGN_ON),
];

function target(dialect: Dialect, seeds: Uint8Array[], what: string) {
  return defineTarget<IsoMessage>({
    name: dialect.name,
    description: `an ISO 8583:1987 message in the ${dialect.name} layout (${what}): strict unpack, then pack`,
    seeds,
    generate: (r) => generateMessage(r, dialect),
    dictionary: dialect.bcd ? [Uint8Array.of(0x60), Uint8Array.of(0xff), Uint8Array.of(0x0f), Uint8Array.of(0xd0)] : ["0", "9", "F", "f", "=", " ", "00", "99", "999"].map(latin1),
    maxLength: 2048,
    run: (input) => unpack(dialect, input),
    encode: (message) => pack(dialect, message),
    canonical: (input, again) => iso8583Forms(dialect.bcd, input, again),
    covers: ["modules/iso8583/codec.ts#unpack", "modules/iso8583/codec.ts#pack"],
  });
}

export const iso87a = target(ISO87A, SEEDS_87A, "jPOS ISO87APackager: ASCII, hex bitmaps");
export const iso87b = target(ISO87B, SEEDS_87B, "jPOS ISO87BPackager: BCD, binary bitmaps, with or without a TPDU and header");
