import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { maskPan } from "../../../modules/card/mask.ts";
import { maskTrackText } from "../../../modules/card/mask-track.ts";
import { pack, unpack } from "../../../modules/iso8583/codec.ts";
import { DIALECTS, type Dialect } from "../../../modules/iso8583/dialect.ts";
import type { FieldValue, IsoMessage } from "../../../modules/iso8583/message.ts";
import { CliError } from "../cli-error.ts";
import { option, type Args } from "../args.ts";

const USAGE = "usage: xspos iso8583 unpack --dialect iso87a|iso87b [--text] [--reveal] <hex>  |  xspos iso8583 pack --dialect iso87a|iso87b <json>";

function dialectOf(args: Args): Dialect {
  const name = option(args, "dialect");
  const dialect = name === undefined ? undefined : DIALECTS[name];
  if (!dialect) throw new CliError("USAGE", "--dialect must be iso87a or iso87b");
  return dialect;
}

/** Cardholder data shown masked unless asked: PAN (first 6, last 4), tracks. */
function shown(n: number, value: FieldValue, reveal: boolean): string {
  if (value instanceof Uint8Array) return toHex(value);
  if (reveal) return value;
  if (n === 2 && value.length >= 10) return maskPan(value);
  // a track that does not parse keeps its shape; whatever follows its last separator is hidden still
  if (n === 35 || n === 36 || n === 45) return maskTrackText(value).replace(/=[0-9]+$/, (s) => "=" + "*".repeat(s.length - 1));
  return value;
}

function unpackCommand(args: Args, text: string): Record<string, unknown> {
  const dialect = dialectOf(args);
  // iso87a messages are text: --text takes them as they are, otherwise as hex like iso87b
  const bytes = args.options.has("text") ? Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff) : fromHex(text);
  const message = unpack(dialect, bytes);
  const reveal = args.options.has("reveal");
  const fields: Record<string, { name: string; value: string }> = {};
  for (const [n, v] of message.fields) fields[n] = { name: dialect.fields[n].name, value: shown(n, v, reveal) };
  return {
    dialect: dialect.name,
    ...(message.tpdu ? { tpdu: toHex(message.tpdu), header: toHex(message.header!) } : {}),
    mti: message.mti,
    fields,
  };
}

function packCommand(args: Args, text: string): Record<string, unknown> {
  const dialect = dialectOf(args);
  let input: { mti?: unknown; fields?: unknown; tpdu?: unknown; header?: unknown };
  try {
    input = JSON.parse(text);
  } catch {
    throw new CliError("INPUT_FORMAT", "the message must be JSON: {\"mti\":\"0200\",\"fields\":{\"2\":\"...\"}}");
  }
  if (typeof input !== "object" || input === null || typeof input.mti !== "string" || typeof input.fields !== "object" || input.fields === null) {
    throw new CliError("INPUT_FORMAT", "the message needs \"mti\" (a string) and \"fields\" (an object)");
  }
  const message: IsoMessage = { mti: input.mti, fields: new Map() };
  for (const [k, v] of Object.entries(input.fields as Record<string, unknown>)) {
    const n = Number(k);
    if (!Number.isInteger(n) || typeof v !== "string") throw new CliError("INPUT_FORMAT", `field ${JSON.stringify(k)} must be numbered and hold a string`);
    message.fields.set(n, dialect.fields[n]?.class === "b" ? fromHex(v) : v);
  }
  if (input.tpdu !== undefined || input.header !== undefined) {
    if (typeof input.tpdu !== "string" || typeof input.header !== "string") throw new CliError("INPUT_FORMAT", "\"tpdu\" and \"header\" are hex strings, given together");
    message.tpdu = fromHex(input.tpdu);
    message.header = fromHex(input.header);
  }
  const bytes = pack(dialect, message);
  return { dialect: dialect.name, length: bytes.length, hex: toHex(bytes), ...(dialect.bcd ? {} : { text: String.fromCharCode(...bytes) }) };
}

/**
 * `xspos iso8583 unpack|pack`: an ISO 8583:1987 message in the jPOS
 * ISO87A or ISO87B layout, to fields (cardholder data masked unless
 * `--reveal`) or from JSON.
 */
export function iso8583Command(args: Args): Record<string, unknown> {
  const [verb, input, extra] = args.positional;
  if (input === undefined || extra !== undefined) throw new CliError("USAGE", USAGE);
  if (verb === "unpack") return unpackCommand(args, input);
  if (verb === "pack") return packCommand(args, input);
  throw new CliError("USAGE", USAGE);
}
