import { readAids } from "./aid.ts";
import type { Crypto } from "../crypto/port.ts";
import { checkCaKeyChecksums, readCaKeyList, readRevocations } from "./ca-keys.ts";
import { ConfigError } from "./error.ts";
import { readExceptionFile } from "./exception-file.ts";
import { parseJsonText } from "./json-text.ts";
import { optional, readObject, required } from "./fields.ts";
import { readLimits } from "./limits.ts";
import { deepFreeze } from "../core/deep-freeze.ts";
import { readReceiptSettings } from "./receipt.ts";
import { readTerminal } from "./terminal.ts";
import type { TerminalConfig } from "./types.ts";

const ROOT_FIELDS = ["version", "terminal", "aids", "caKeys", "revocations", "exceptionFile", "limits", "receipt"] as const;

/** The longest configuration text read, in characters: room for 64 CA keys, 32 AIDs and 1000 PANs. */
export const MAX_CONFIG_TEXT = 256 * 1024;

/**
 * A configuration, as JSON would give it, checked field by field and
 * turned into typed values. Nothing is defaulted except the optional
 * `revocations`, `exceptionFile`, an AID's `defaultTdol` (empty) and
 * `transactionLimit` (none); every key must be one the configuration
 * defines.
 * @param crypto - the crypto port, for the SHA-1 of the CA keys' checksums
 * @throws ConfigError `CONFIG_FIELD`, `CONFIG_UNKNOWN_FIELD`, `CONFIG_DUPLICATE` or `CONFIG_CA_KEY`, naming the first field at fault
 */
export function validateTerminalConfig(value: unknown, crypto: Crypto): TerminalConfig {
  const config = readTerminalConfig(value);
  checkTerminalConfig(config, crypto);
  return config;
}

/**
 * A configuration read as {@link validateTerminalConfig} reads it, but
 * the CA keys' checksums not yet verified: a configuration built into
 * a Moddable image is read while the image is linked (preloaded), where
 * there is no crypto port, and so kept in flash rather than in the XS
 * heap; the host calls {@link checkTerminalConfig} at start. The result
 * and every object and list in it are frozen: nothing changes a
 * configuration once read, and XS keeps no RAM pointer for a frozen
 * preloaded object.
 * @throws ConfigError `CONFIG_FIELD`, `CONFIG_UNKNOWN_FIELD` or `CONFIG_DUPLICATE`, naming the first field at fault
 */
export function readTerminalConfig(value: unknown): TerminalConfig {
  const root = readObject(value, "", ROOT_FIELDS);
  // a configuration written for another shape of this schema is refused rather than misread
  if (required(root, "", "version") !== 1) throw new ConfigError("CONFIG_FIELD", "version", "1 expected");
  const revocations = optional(root, "revocations");
  const exceptionFile = optional(root, "exceptionFile");
  const receipt = optional(root, "receipt");
  return deepFreeze({
    version: 1,
    terminal: readTerminal(required(root, "", "terminal"), "terminal"),
    aids: readAids(required(root, "", "aids"), "aids"),
    caKeys: readCaKeyList(required(root, "", "caKeys"), "caKeys"),
    revocations: revocations === undefined ? [] : readRevocations(revocations, "revocations"),
    exceptionFile: exceptionFile === undefined ? [] : readExceptionFile(exceptionFile, "exceptionFile"),
    limits: readLimits(required(root, "", "limits"), "limits"),
    ...(receipt === undefined ? {} : { receipt: readReceiptSettings(receipt, "receipt") }),
  });
}

/**
 * Verifies what {@link readTerminalConfig} leaves to a crypto port: each
 * CA key's checksum (EMV 4.4 Book 2 §11.2.2).
 * @throws ConfigError `CONFIG_CA_KEY` naming the first key whose checksum does not match
 */
export function checkTerminalConfig(config: TerminalConfig, crypto: Crypto): void {
  checkCaKeyChecksums(config.caKeys, "caKeys", crypto);
}

/**
 * A configuration from its JSON text (see {@link validateTerminalConfig}).
 * @throws ConfigError `CONFIG_JSON` when the text is longer than {@link MAX_CONFIG_TEXT}, nests deeper than `MAX_JSON_DEPTH` (16) or is not JSON; otherwise as {@link validateTerminalConfig}
 */
export function parseTerminalConfig(text: string, crypto: Crypto): TerminalConfig {
  if (typeof text !== "string") throw new ConfigError("CONFIG_JSON", "", "JSON text expected");
  if (text.length > MAX_CONFIG_TEXT) throw new ConfigError("CONFIG_JSON", "", `at most ${MAX_CONFIG_TEXT} characters of JSON expected`);
  return validateTerminalConfig(parseJsonText(text), crypto);
}
