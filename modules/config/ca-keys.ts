import { constantTimeEqual } from "../core/bytes.ts";
import { toHex } from "../core/hex.ts";
import type { Crypto } from "../crypto/port.ts";
import { caKeyCheckValue } from "../emv/oda/ca-key.ts";
import { ConfigError } from "./error.ts";
import { fieldPath, itemPath, packBytes, readHex, readList, readObject, refuseDuplicates, required } from "./fields.ts";
import type { CaPublicKey, RevokedCertificate } from "./types.ts";

const KEY_FIELDS = ["rid", "index", "modulus", "exponent", "expiry", "hashAlgorithm", "checksum"] as const;
const REVOCATION_FIELDS = ["rid", "index", "serial"] as const;
const DATE = /^(?:[0-9]{2})?[0-9]{6}$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A date `YYMMDD` or `YYYYMMDD` as `YYYYMMDD`; a two-digit year is read as
 * EMV reads one, 00-49 as 20xx and 50-99 as 19xx.
 */
function readExpiry(value: unknown, path: string): string {
  const invalid = () => new ConfigError("CONFIG_FIELD", path, "a date YYMMDD or YYYYMMDD expected");
  if (typeof value !== "string" || !DATE.test(value)) throw invalid();
  const full = value.length === 8 ? value : (Number(value.slice(0, 2)) < 50 ? "20" : "19") + value;
  const year = Number(full.slice(0, 4));
  const month = Number(full.slice(4, 6));
  const day = Number(full.slice(6, 8));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1] + (month === 2 && leap ? 1 : 0)) throw invalid();
  return full;
}

function readExponent(value: unknown, path: string): Uint8Array {
  const bytes = readHex(value, path, 1, 3);
  const hex = toHex(bytes);
  // Book 2 §11.2.2: the CA key exponent is 3 or 2^16 + 1
  if (hex !== "03" && hex !== "010001") throw new ConfigError("CONFIG_FIELD", path, `"03" or "010001" expected`);
  return bytes;
}

function readModulus(value: unknown, path: string): Uint8Array {
  const modulus = readHex(value, path, 64, 248);
  // a modulus with a leading zero byte is shorter than it claims; an even one is no RSA modulus
  if (modulus[0] === 0 || (modulus[modulus.length - 1] & 1) === 0) {
    throw new ConfigError("CONFIG_FIELD", path, "an odd modulus whose first byte is not zero expected");
  }
  return modulus;
}

/** The name of a key in messages: RID and index, e.g. `A000000003 92`. */
export function caKeyName(key: { rid: Uint8Array; index: number }): string {
  return `${toHex(key.rid)} ${toHex(Uint8Array.of(key.index))}`;
}

/**
 * One CA public key's fields, its checksum not yet verified (see
 * {@link checkCaKeyChecksum}): a configuration read where no hash is at
 * hand (a board's, at preload) is checked once the crypto port is.
 * @throws ConfigError naming the field at fault
 */
export function readCaKeyFields(value: unknown, path: string): CaPublicKey {
  const k = readObject(value, path, KEY_FIELDS);
  const at = (key: string) => fieldPath(path, key);
  const get = (key: (typeof KEY_FIELDS)[number]) => required(k, path, key);
  const rid = readHex(get("rid"), at("rid"), 5);
  const index = readHex(get("index"), at("index"), 1)[0];
  const modulus = readModulus(get("modulus"), at("modulus"));
  const exponent = readExponent(get("exponent"), at("exponent"));
  const expiry = readExpiry(get("expiry"), at("expiry"));
  const hashAlgorithm = readHex(get("hashAlgorithm"), at("hashAlgorithm"), 1)[0];
  if (hashAlgorithm !== 1) throw new ConfigError("CONFIG_FIELD", at("hashAlgorithm"), `"01" (SHA-1) expected`);
  const checksum = readHex(get("checksum"), at("checksum"), 20);
  // kept for the terminal's life: the four byte fields on one buffer
  const [packedRid, packedModulus, packedExponent, packedChecksum] = packBytes([rid, modulus, exponent, checksum]);
  return { rid: packedRid, index, modulus: packedModulus, exponent: packedExponent, expiry, hashAlgorithm, checksum: packedChecksum };
}

/**
 * Verifies a CA key's checksum: the SHA-1 of RID, index, modulus and
 * exponent (EMV 4.4 Book 2 §11.2.2, table 30).
 * @throws ConfigError `CONFIG_CA_KEY` naming the key (RID and index) when the checksum does not match
 */
export function checkCaKeyChecksum(key: CaPublicKey, path: string, crypto: Crypto): void {
  if (!constantTimeEqual(caKeyCheckValue(crypto, key), key.checksum)) {
    throw new ConfigError("CONFIG_CA_KEY", path, `CA key ${caKeyName(key)}: the checksum is not the SHA-1 of its RID, index, modulus and exponent`);
  }
}

/**
 * One CA public key, its checksum verified (EMV 4.4 Book 2 §11.2.2, table 30).
 * @throws ConfigError naming the field at fault; `CONFIG_CA_KEY` naming the key (RID and index) when the checksum does not match
 */
export function readCaKey(value: unknown, path: string, crypto: Crypto): CaPublicKey {
  const key = readCaKeyFields(value, path);
  checkCaKeyChecksum(key, path, crypto);
  return key;
}

/**
 * The CA public keys: up to 64, no RID and index twice.
 * @throws ConfigError as {@link readCaKey}; `CONFIG_DUPLICATE` for a key listed twice
 */
export function readCaKeys(value: unknown, path: string, crypto: Crypto): CaPublicKey[] {
  const keys = readCaKeyList(value, path);
  checkCaKeyChecksums(keys, path, crypto);
  return keys;
}

/**
 * Verifies the checksum of each key of a list {@link readCaKeyList} read.
 * @throws ConfigError `CONFIG_CA_KEY` naming the first key whose checksum does not match
 */
export function checkCaKeyChecksums(keys: readonly CaPublicKey[], path: string, crypto: Crypto): void {
  for (let i = 0; i < keys.length; i++) checkCaKeyChecksum(keys[i], itemPath(path, i), crypto);
}

/**
 * The CA public keys as {@link readCaKeys} reads them, no checksum
 * verified: for {@link checkCaKeyChecksum} once a crypto port is at hand.
 * @throws ConfigError naming the field at fault; `CONFIG_DUPLICATE` for a key listed twice
 */
export function readCaKeyList(value: unknown, path: string): CaPublicKey[] {
  const keys = readList(value, path, 0, 64, readCaKeyFields);
  refuseDuplicates(keys, path, caKeyName, "RID and index");
  return keys;
}

/**
 * The certification revocation list: up to 256 issuer certificates, each
 * by RID, CA key index and certificate serial number.
 * @throws ConfigError naming the field at fault; `CONFIG_DUPLICATE` for an entry listed twice
 */
export function readRevocations(value: unknown, path: string): RevokedCertificate[] {
  const list = readList(value, path, 0, 256, (v, p): RevokedCertificate => {
    const r = readObject(v, p, REVOCATION_FIELDS);
    return {
      rid: readHex(required(r, p, "rid"), fieldPath(p, "rid"), 5),
      index: readHex(required(r, p, "index"), fieldPath(p, "index"), 1)[0],
      serial: readHex(required(r, p, "serial"), fieldPath(p, "serial"), 3),
    };
  });
  refuseDuplicates(list, path, (r) => `${caKeyName(r)} ${toHex(r.serial)}`, "RID, index and serial number");
  return list;
}
