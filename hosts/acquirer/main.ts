/**
 * The acquirer emulator as its own program:
 *   tsx hosts/acquirer/main.ts [--port 8583] [--dialect iso87a|iso87b] [--header binary2|ascii4|bcd2]
 * It speaks with the ANSI X9.24-1 test BDK and a test terminal master key;
 * both are test keys, printed at start so that terminals can be loaded
 * with them.
 */
import { fromHex } from "../../modules/core/hex.ts";
import { DIALECTS } from "../../modules/iso8583/dialect.ts";
import type { LengthHeader } from "../../modules/uplink/framing.ts";
import { startAcquirer } from "./acquirer.ts";
import { TEST_BDK, TEST_TMK } from "./test-keys.ts";

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const dialect = DIALECTS.get(opt("dialect", "iso87a"));
if (!dialect) {
  process.stdout.write(JSON.stringify({ error: { code: "USAGE", message: "--dialect must be iso87a or iso87b" } }) + "\n");
  process.exit(2);
}
const acquirer = await startAcquirer({
  port: Number(opt("port", "8583")),
  dialect,
  lengthHeader: opt("header", "binary2") as LengthHeader,
  bdk: fromHex(TEST_BDK),
  tmk: fromHex(TEST_TMK),
  log: (line) => process.stderr.write(line + "\n"),
});
process.stdout.write(JSON.stringify({ listening: { host: "127.0.0.1", port: acquirer.port, dialect: dialect.name }, testKeys: { bdk: TEST_BDK, tmk: TEST_TMK } }) + "\n");
