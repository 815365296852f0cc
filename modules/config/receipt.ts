import { ConfigError } from "./error.ts";
import { fieldPath, MAX_AMOUNT, optional, readBoolean, readChoice, readHex, readInteger, readList, readObject, readText, refuseDuplicates, required } from "./fields.ts";
import type { Product, ReceiptAmounts, ReceiptLogo, ReceiptSettings } from "./types.ts";

/*
 * What the terminal's receipts print beyond the transaction: the
 * operator's number and the link to an e-receipt, printed as a QR code.
 * The link is built from a template whose placeholders are the terminal
 * ID and the transaction's retrieval reference number (and, if wanted,
 * its trace and batch numbers): it has no placeholder for the card, so
 * a PAN never reaches it. And the merchant's logo, a 1-bit raster image
 * as ESC/POS GS v 0 prints it.
 */

const RECEIPT_FIELDS = ["operator", "eReceiptUrl", "logo", "amounts", "products"] as const;
const LOGO_FIELDS = ["width", "height", "bits"] as const;
const AMOUNT_FIELDS = ["style", "decimal", "group", "symbolAfter"] as const;
const PRODUCT_FIELDS = ["plu", "name", "unitPrice"] as const;

/** The most products a table holds, and the longest name (in characters, any Unicode). */
export const MAX_PRODUCTS = 500;
export const MAX_PRODUCT_NAME = 40;
/** PLU codes are keyed on the keypad: 1 to 6 digits. */
export const MAX_PLU = 999_999;

/** The largest logo: 80 mm paper's 576 dots wide, 1024 dots (128 mm) high. */
export const MAX_LOGO_WIDTH = 576;
export const MAX_LOGO_HEIGHT = 1024;

/** The placeholders a template may hold; the first two it must. */
export const E_RECEIPT_PLACEHOLDERS = ["terminalId", "rrn", "trace", "batch"] as const;
export type EReceiptPlaceholder = (typeof E_RECEIPT_PLACEHOLDERS)[number];

// Module scope: XS compiles a regex literal each time it is evaluated.
const URL_START = /^https?:\/\/[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:\/|\?|$)/;
const URL_CHARACTERS = /^[\x21-\x7E]+$/;
const PLACEHOLDER = /\{([^{}]*)\}/g;
const BRACE = /[{}]/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The longest template: with a terminal ID (8) and a reference number (12) the link stays a small QR code. */
export const MAX_E_RECEIPT_URL = 200;

function readTemplate(value: unknown, path: string): string {
  const template = readText(value, path, 12, MAX_E_RECEIPT_URL);
  if (!URL_CHARACTERS.test(template) || !URL_START.test(template)) throw new ConfigError("CONFIG_FIELD", path, "an http:// or https:// link without spaces expected");
  const seen = new Set<string>();
  for (const match of template.matchAll(PLACEHOLDER)) {
    if (!(E_RECEIPT_PLACEHOLDERS as readonly string[]).includes(match[1])) {
      throw new ConfigError("CONFIG_FIELD", path, `placeholders ${E_RECEIPT_PLACEHOLDERS.map((p) => `{${p}}`).join(", ")} only`);
    }
    seen.add(match[1]);
  }
  if (BRACE.test(template.replace(PLACEHOLDER, ""))) throw new ConfigError("CONFIG_FIELD", path, "a '{' or '}' outside a placeholder");
  if (!seen.has("terminalId") || !seen.has("rrn")) throw new ConfigError("CONFIG_FIELD", path, "{terminalId} and {rrn} expected in the link");
  return template;
}

function readLogo(value: unknown, path: string): ReceiptLogo {
  const logo = readObject(value, path, LOGO_FIELDS);
  const width = readInteger(required(logo, path, "width"), fieldPath(path, "width"), 1, MAX_LOGO_WIDTH);
  const height = readInteger(required(logo, path, "height"), fieldPath(path, "height"), 1, MAX_LOGO_HEIGHT);
  const size = Math.ceil(width / 8) * height;
  const bits = readHex(required(logo, path, "bits"), fieldPath(path, "bits"), size);
  return { width, height, bits };
}

function readAmounts(value: unknown, path: string): ReceiptAmounts {
  const a = readObject(value, path, AMOUNT_FIELDS);
  const style = readChoice(required(a, path, "style"), fieldPath(path, "style"), ["code", "symbol"] as const);
  const decimal = readChoice(optional(a, "decimal") ?? ".", fieldPath(path, "decimal"), [".", ","] as const);
  const group = readChoice(optional(a, "group") ?? (decimal === "." ? "," : "."), fieldPath(path, "group"), [",", ".", " ", "'", ""] as const);
  if (group === decimal) throw new ConfigError("CONFIG_FIELD", fieldPath(path, "group"), "the thousands separator must differ from the decimal one");
  const after = optional(a, "symbolAfter");
  return { style, decimal, group, symbolAfter: after === undefined ? false : readBoolean(after, fieldPath(path, "symbolAfter")) };
}

function readProduct(value: unknown, path: string): Product {
  const p = readObject(value, path, PRODUCT_FIELDS);
  const plu = readInteger(required(p, path, "plu"), fieldPath(path, "plu"), 1, MAX_PLU);
  const name = required(p, path, "name");
  // any Unicode prints (a Chinese model in its own font, others as raster or ?), but no control character
  if (typeof name !== "string" || name.trim() === "" || [...name].length > MAX_PRODUCT_NAME || CONTROL.test(name)) {
    throw new ConfigError("CONFIG_FIELD", fieldPath(path, "name"), `1-${MAX_PRODUCT_NAME} characters without control characters expected`);
  }
  const unitPrice = readInteger(required(p, path, "unitPrice"), fieldPath(path, "unitPrice"), 1, MAX_AMOUNT);
  return { plu, name, unitPrice };
}

/**
 * The `receipt` section: `operator` (1-10 letters or digits, printed as
 * OPERATOR NO.), `eReceiptUrl` (a link template) and `logo` (`width`
 * and `height` in dots, `bits` in hex: rows of `ceil(width / 8)` bytes,
 * most significant bit leftmost, 1 a black dot), `amounts` (`style`
 * `code` or `symbol`, `decimal` `.` or `,`, `group` `,` `.` space `'` or
 * empty, `symbolAfter`) and `products` (the basket's table: `plu`
 * 1-999999, `name` any Unicode up to 40 characters, `unitPrice` in minor
 * units; a PLU code once), each optional.
 * @throws ConfigError `CONFIG_FIELD` or `CONFIG_UNKNOWN_FIELD`, naming the field
 */
export function readReceiptSettings(value: unknown, path: string): ReceiptSettings {
  const r = readObject(value, path, RECEIPT_FIELDS);
  const operator = optional(r, "operator");
  const url = optional(r, "eReceiptUrl");
  const logo = optional(r, "logo");
  const amounts = optional(r, "amounts");
  const products = optional(r, "products");
  const table = products === undefined ? undefined : readList(products, fieldPath(path, "products"), 0, MAX_PRODUCTS, readProduct);
  if (table) refuseDuplicates(table, fieldPath(path, "products"), (p) => String(p.plu), "PLU code");
  return {
    ...(operator === undefined ? {} : { operator: readText(operator, fieldPath(path, "operator"), 1, 10, "an") }),
    ...(url === undefined ? {} : { eReceiptUrl: readTemplate(url, fieldPath(path, "eReceiptUrl")) }),
    ...(logo === undefined ? {} : { logo: readLogo(logo, fieldPath(path, "logo")) }),
    ...(amounts === undefined ? {} : { amounts: readAmounts(amounts, fieldPath(path, "amounts")) }),
    ...(table === undefined ? {} : { products: table }),
  };
}

/**
 * The e-receipt link of one transaction: each placeholder replaced by its
 * value, percent-encoded (RFC 3986). `undefined` when the template needs
 * a value the transaction lacks (an offline approval has no reference
 * number): the receipt then prints no QR code.
 */
export function eReceiptLink(template: string, values: Partial<Record<EReceiptPlaceholder, string>>): string | undefined {
  let missing = false;
  const link = template.replace(PLACEHOLDER, (_, name: EReceiptPlaceholder) => {
    const v = values[name];
    if (!v) missing = true;
    return encodeURIComponent(v ?? "");
  });
  return missing ? undefined : link;
}
