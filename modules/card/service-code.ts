import { isDigits } from "../core/chars.ts";
import { CardError } from "./error.ts";

/** Meaning of the three service-code digits, ISO/IEC 7813 clause 10.4 (as amended). */
export interface ServiceCode {
  /** the three digits as read */
  code: string;
  /** first digit: where the card may be used */
  interchange: "international" | "national" | "private" | "test" | "reserved";
  /**
   * First digit 2 or 6: the card has an integrated circuit. The terminal
   * must ask for the chip and may use the stripe only after a chip failure
   * (fallback).
   */
  chipCard: boolean;
  /** second digit: how transactions are authorized */
  authorization: "normal" | "online" | "online-unless-bilateral" | "reserved";
  /** third digit: which services the card allows */
  services: "any" | "goods-and-services" | "atm-only" | "cash-only" | "reserved";
  /** third digit: whether a PIN is asked for */
  pin: "required" | "if-pin-pad-present" | "none";
}

const INTERCHANGE: Record<string, ServiceCode["interchange"]> = {
  "1": "international",
  "2": "international",
  "5": "national",
  "6": "national",
  "7": "private",
  "9": "test",
};

const AUTHORIZATION: Record<string, ServiceCode["authorization"]> = {
  "0": "normal",
  "2": "online",
  "4": "online-unless-bilateral",
};

const SERVICES: Record<string, [ServiceCode["services"], ServiceCode["pin"]]> = {
  "0": ["any", "required"],
  "1": ["any", "none"],
  "2": ["goods-and-services", "none"],
  "3": ["atm-only", "required"],
  "4": ["cash-only", "none"],
  "5": ["goods-and-services", "required"],
  "6": ["any", "if-pin-pad-present"],
  "7": ["goods-and-services", "if-pin-pad-present"],
};

/**
 * Decodes a service code.
 * @throws CardError `CARD_SERVICE_CODE` unless `code` is three digits
 */
export function parseServiceCode(code: string): ServiceCode {
  if (!isDigits(code, 3, 3)) throw new CardError("CARD_SERVICE_CODE", "service code must be three digits");
  const first = code[0];
  const servicesRow = SERVICES[code[2]];
  return {
    code,
    interchange: INTERCHANGE[first] ?? "reserved",
    chipCard: first === "2" || first === "6",
    authorization: AUTHORIZATION[code[1]] ?? "reserved",
    services: servicesRow?.[0] ?? "reserved",
    pin: servicesRow?.[1] ?? "none",
  };
}
