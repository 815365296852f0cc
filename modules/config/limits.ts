import { checkKeyName } from "../core/key-store.ts";
import { ConfigError } from "./error.ts";
import { MAX_AMOUNT, fieldPath, readBoolean, readInteger, readObject, required } from "./fields.ts";
import type { DailyTotals, ManagerPinPolicy, TransactionLimits } from "./types.ts";

function readDailyTotals(value: unknown, path: string): DailyTotals {
  // a file written for an older terminal may still carry `cash`: refused by name, so that nobody believes a limit holds that no code checks
  if (typeof value === "object" && value !== null && !Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, "cash")) {
    throw new ConfigError("CONFIG_UNKNOWN_FIELD", fieldPath(path, "cash"), "no longer a field: the terminal runs no cash-back or cash advance, and the cash part of a basket is the merchant's till, not a card limit; remove it");
  }
  const d = readObject(value, path, ["sale", "refund", "preauth"]);
  const amount = (key: "sale" | "refund" | "preauth") => readInteger(required(d, path, key), fieldPath(path, key), 0, MAX_AMOUNT);
  return { sale: amount("sale"), refund: amount("refund"), preauth: amount("preauth") };
}

function readManagerPin(value: unknown, path: string): ManagerPinPolicy {
  // a PIN typed here instead of the policy object must not be taken for anything: say where the PIN belongs
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ConfigError("CONFIG_FIELD", path, "an object { required, keyName } expected; the PIN itself is provisioned in the key store, never in the configuration");
  }
  const m = readObject(value, path, ["required", "keyName"]);
  const requiredPin = readBoolean(required(m, path, "required"), fieldPath(path, "required"));
  const keyName = required(m, path, "keyName");
  try {
    // it checks the type too
    checkKeyName(keyName as string);
  } catch {
    throw new ConfigError("CONFIG_FIELD", fieldPath(path, "keyName"), "a key-store name of 1-15 characters of A-Z, a-z, 0-9, '_', '.' and '-' expected");
  }
  return { required: requiredPin, keyName: keyName as string };
}

/**
 * The terminal application's limits: the largest transaction, the
 * largest pre-authorization, the daily totals by type, and where the
 * manager PIN lives.
 * @throws ConfigError naming the field at fault
 */
export function readLimits(value: unknown, path: string): TransactionLimits {
  const l = readObject(value, path, ["maxTransactionAmount", "maxPreauthAmount", "dailyTotals", "managerPin"]);
  return {
    maxTransactionAmount: readInteger(required(l, path, "maxTransactionAmount"), fieldPath(path, "maxTransactionAmount"), 1, MAX_AMOUNT),
    maxPreauthAmount: readInteger(required(l, path, "maxPreauthAmount"), fieldPath(path, "maxPreauthAmount"), 1, MAX_AMOUNT),
    dailyTotals: readDailyTotals(required(l, path, "dailyTotals"), fieldPath(path, "dailyTotals")),
    managerPin: readManagerPin(required(l, path, "managerPin"), fieldPath(path, "managerPin")),
  };
}
