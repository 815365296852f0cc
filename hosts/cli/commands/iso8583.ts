import { toHex } from "../../../modules/core/hex.ts";
import { pack, unpack } from "../../../modules/iso8583/codec.ts";
import { DIALECTS, type Dialect } from "../../../modules/iso8583/dialect.ts";
import { FIELD_NAMES_1987 } from "../../../modules/iso8583/field-names-1987.ts";
import { maskField, type ShownField } from "../../../modules/iso8583/mask.ts";
import type { IsoMessage } from "../../../modules/iso8583/message.ts";
import { flag, option, type Args } from "../args.ts";
import { CliError } from "../cli-error.ts";
import type { ChoiceOption, GroupCommand, LeafCommand } from "../command.ts";
import { hexInput } from "../input.ts";

/** Most bytes in a message: a few kilobytes, more than any authorization or its answer. */
export const MAX_MESSAGE_BYTES = 8192;
/** Most characters of a message as JSON: its fields in hex take twice their bytes, plus names and quotes. */
export const MAX_MESSAGE_JSON = 32768;

/** A field number as JSON keys give it: no leading zero, so that no two keys name one field. */
const FIELD_NUMBER = /^[1-9][0-9]{0,2}$/;
const JSON_KEYS: readonly string[] = ["mti", "fields", "tpdu", "header"];

const DIALECT_OPTION: ChoiceOption = {
  name: "dialect",
  kind: "choice",
  choices: [...DIALECTS.keys()],
  required: true,
  help: "the layout: iso87a (jPOS ISO87APackager, ASCII) or iso87b (ISO87BPackager, binary and BCD)",
};

function dialectOf(args: Args): Dialect {
  // the parser let through only a name the table holds
  return DIALECTS.get(option(args, "dialect")!)!;
}

/** iso87a's characters as bytes: each must be one byte. */
function textBytes(text: string): Uint8Array {
  if (text.length > MAX_MESSAGE_BYTES) throw new CliError("INPUT_TOO_LARGE", `<message> is longer than ${MAX_MESSAGE_BYTES} characters`);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) throw new CliError("INPUT_FORMAT", `character ${i + 1} of the message is not a single byte`);
    bytes[i] = c;
  }
  return bytes;
}

function unpackMessage(args: Args): Record<string, unknown> {
  const dialect = dialectOf(args);
  const text = args.positional[0];
  const bytes = flag(args, "text") ? textBytes(text) : hexInput(text, "<message>");
  const message = unpack(dialect, bytes);
  const reveal = flag(args, "reveal");
  const fields: Record<string, { name: string } & ShownField> = {};
  for (const [n, v] of message.fields) {
    const shown: ShownField = reveal ? { value: v instanceof Uint8Array ? toHex(v) : v } : maskField(n, v);
    fields[n] = { name: FIELD_NAMES_1987[n], ...shown };
  }
  return {
    dialect: dialect.name,
    ...(message.tpdu ? { tpdu: toHex(message.tpdu), header: toHex(message.header!) } : {}),
    mti: message.mti,
    fields,
  };
}

function packMessage(args: Args): Record<string, unknown> {
  const dialect = dialectOf(args);
  let input: unknown;
  try {
    input = JSON.parse(args.positional[0]);
  } catch {
    throw new CliError("INPUT_FORMAT", 'the message must be JSON: {"mti":"0200","fields":{"2":"..."}}');
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) throw new CliError("INPUT_FORMAT", "the message must be a JSON object");
  const given = input as Record<string, unknown>;
  for (const key of Object.keys(given)) if (!JSON_KEYS.includes(key)) throw new CliError("INPUT_FORMAT", `the message takes only the keys ${JSON_KEYS.join(", ")}`);
  const { mti, fields, tpdu, header } = given;
  if (typeof mti !== "string" || typeof fields !== "object" || fields === null || Array.isArray(fields)) {
    throw new CliError("INPUT_FORMAT", 'the message needs "mti" (a string) and "fields" (an object)');
  }
  const message: IsoMessage = { mti, fields: new Map() };
  for (const [k, v] of Object.entries(fields)) {
    if (!FIELD_NUMBER.test(k) || typeof v !== "string") throw new CliError("INPUT_FORMAT", "each field must be numbered (2-128) and hold a string");
    const n = Number(k);
    message.fields.set(n, dialect.fields[n]?.class === "b" ? hexInput(v, `field ${n}`) : v);
  }
  if (tpdu !== undefined || header !== undefined) {
    if (typeof tpdu !== "string" || typeof header !== "string") throw new CliError("INPUT_FORMAT", '"tpdu" and "header" are hex strings, given together');
    message.tpdu = hexInput(tpdu, "tpdu");
    message.header = hexInput(header, "header");
  }
  const bytes = pack(dialect, message);
  return { dialect: dialect.name, length: bytes.length, hex: toHex(bytes), ...(dialect.bcd ? {} : { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1") }) };
}

const unpackCommand: LeafCommand = {
  name: "unpack",
  summary: "an ISO 8583:1987 message to its MTI and fields",
  description:
    "An ISO 8583:1987 message in the jPOS ISO87A (ASCII) or ISO87B (binary/BCD)\n" +
    "layout to its MTI and fields. On iso87b a leading 60 is read as the TPDU\n" +
    "and application header of China UnionPay-style links. Unless --reveal:\n" +
    "the PAN (DE2) and extended PAN (DE34) keep their first 6 and last 4\n" +
    "characters; tracks 2, 3 and 1 (DE35, DE36, DE45) keep only the masked\n" +
    "PAN, expiry and service code; in the ICC data (DE55, BER-TLV) the PAN\n" +
    "(5A), track equivalents (57, 9F6B, 56), cardholder name (5F20, 9F0B),\n" +
    "discretionary data (9F1F, 9F20) and PIN data (99) are masked, each\n" +
    "hidden hex digit a `*`, and a DE55 that is not BER-TLV is hidden whole,\n" +
    "with a note. Binary fields are hex.",
  options: [
    DIALECT_OPTION,
    { name: "text", kind: "flag", onlyWith: { option: "dialect", values: ["iso87a"] }, help: `take the message as its characters (at most ${MAX_MESSAGE_BYTES}), not as hex` },
    { name: "reveal", kind: "flag", help: "show cardholder data unmasked" },
  ],
  positionals: [{ name: "message", kind: "hex", limit: MAX_MESSAGE_BYTES, help: "the message, hex (or its characters with --text)" }],
  run: unpackMessage,
};

const packCommand: LeafCommand = {
  name: "pack",
  summary: "an ISO 8583:1987 message from JSON",
  description:
    'The reverse of unpack: {"mti":"0200","fields":{"2":"...","52":"<hex>"},\n' +
    '"tpdu":"6000030000","header":"602200000000"} (binary fields in hex; TPDU\n' +
    "and header optional, given together, iso87b only) to the message's hex,\n" +
    "length and, for iso87a, text.",
  options: [DIALECT_OPTION],
  positionals: [{ name: "json", kind: "text", limit: MAX_MESSAGE_JSON, help: "the message as JSON" }],
  run: packMessage,
};

/** `xspos iso8583 unpack|pack`: an ISO 8583:1987 message in the jPOS ISO87A or ISO87B layout. */
export const iso8583Command: GroupCommand = {
  name: "iso8583",
  summary: "an ISO 8583:1987 message, unpacked (cardholder data masked) or packed",
  description: "ISO 8583:1987 messages in the jPOS ISO87A (ASCII) or ISO87B (binary/BCD) layout.",
  subcommands: [unpackCommand, packCommand],
};
