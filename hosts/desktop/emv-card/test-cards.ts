/**
 * The committed test cards and the test CA key list, read from
 * test/emv/cards on a desktop (Node only: the card itself never reads a
 * file, so that it runs on XS; a host hands it the parsed profile).
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadCardProfile } from "./profile-reader.ts";
import type { CardProfile } from "./profile.ts";
import type { CaKeyJson } from "../../../modules/config/to-json.ts";

/** test/emv/cards: one profile per file, `<name>.json`. */
export const TEST_CARDS_DIR = fileURLToPath(new URL("../../../test/emv/cards/", import.meta.url));
/** The test CA public keys, in the terminal configuration's `caKeys` form. */
export const TEST_CA_KEYS_FILE = fileURLToPath(new URL("../../../test/emv/cards/ca/test-ca-keys.json", import.meta.url));

/** A CA public key as the terminal configuration's JSON writes it (modules/config). */
export type { CaKeyJson };

/** The names of the test cards (file names without `.json`), sorted. */
export function testCardNames(): string[] {
  return readdirSync(TEST_CARDS_DIR)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** A test card's profile as parsed JSON (for a host that passes it on, e.g. into the simulator's XS image). */
export function readTestCardJson(name: string): unknown {
  return JSON.parse(readFileSync(`${TEST_CARDS_DIR}${name}.json`, "utf8"));
}

/**
 * A test card's profile, validated.
 * @throws EmvCardError as `loadCardProfile`
 */
export function loadTestCard(name: string): CardProfile {
  return loadCardProfile(readTestCardJson(name));
}

/** The test CA public keys (append them to a configuration's `caKeys` to accept the test cards). */
export function readTestCaKeys(): CaKeyJson[] {
  return (JSON.parse(readFileSync(TEST_CA_KEYS_FILE, "utf8")) as { caKeys: CaKeyJson[] }).caKeys;
}
