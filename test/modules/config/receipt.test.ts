/**
 * The configuration's receipt section: the operator's number and the
 * e-receipt link template, and the link built from it.
 */
import test from "ava";
import { validateTerminalConfig } from "../../../modules/config/config.ts";
import { eReceiptLink } from "../../../modules/config/receipt.ts";
import { configToJson } from "../../../modules/config/to-json.ts";
import { testCrypto } from "../../support/crypto.ts";
import { sample, withField } from "./edit.ts";

const crypto = testCrypto();

test("the sample's receipt section is read as written and written back the same", (t) => {
  const config = validateTerminalConfig(sample(), crypto);
  t.deepEqual(config.receipt, { operator: "01", eReceiptUrl: "https://receipts.example.com/r/{terminalId}/{rrn}" });
  t.deepEqual(configToJson(config).receipt, sample().receipt);
});

test("a configuration without a receipt section has none, and writes none back", (t) => {
  const config = validateTerminalConfig(withField("receipt", undefined), crypto);
  t.is(config.receipt, undefined);
  t.false("receipt" in configToJson(config));
});

test("a logo is read as width, height and its bits from hex (rows of ceil(width / 8) bytes), and written back in upper-case hex", (t) => {
  const config = validateTerminalConfig(withField("receipt.logo", { width: 12, height: 2, bits: "fff0800f" }), crypto);
  t.deepEqual(config.receipt?.logo, { width: 12, height: 2, bits: Uint8Array.of(0xff, 0xf0, 0x80, 0x0f) });
  t.deepEqual(configToJson(config).receipt?.logo, { width: 12, height: 2, bits: "FFF0800F" });
});

test("a bad logo is CONFIG_FIELD naming its field: width 1-576, height 1-1024, bits exactly its bytes in hex", (t) => {
  const cases: [unknown, string, string][] = [
    [{ width: 0, height: 1, bits: "" }, "receipt.logo.width", "an integer from 1 to 576 expected"],
    [{ width: 577, height: 1, bits: "00" }, "receipt.logo.width", "an integer from 1 to 576 expected"],
    [{ width: 8, height: 1025, bits: "00" }, "receipt.logo.height", "an integer from 1 to 1024 expected"],
    [{ width: 9, height: 1, bits: "00" }, "receipt.logo.bits", "2 bytes of hex expected"],
    [{ width: 8, height: 2, bits: "0000FF" }, "receipt.logo.bits", "2 bytes of hex expected"],
    [{ width: 8, height: 1, bits: "GG" }, "receipt.logo.bits", "1 byte of hex expected"],
    [{ width: 8, height: 1 }, "receipt.logo.bits", "required field missing"],
    ["logo.png", "receipt.logo", "an object expected"],
  ];
  for (const [logo, path, expectation] of cases) {
    t.throws(() => validateTerminalConfig(withField("receipt.logo", logo), crypto), { code: "CONFIG_FIELD", message: `${path}: ${expectation}` }, JSON.stringify(logo));
  }
  t.throws(() => validateTerminalConfig(withField("receipt.logo", { width: 8, height: 1, bits: "00", depth: 1 }), crypto), { code: "CONFIG_UNKNOWN_FIELD", message: "receipt.logo.depth: unknown field" });
});

test("an unknown field in the receipt section is CONFIG_UNKNOWN_FIELD at its path", (t) => {
  t.throws(() => validateTerminalConfig(withField("receipt.qrCode", "x"), crypto), { code: "CONFIG_UNKNOWN_FIELD", message: "receipt.qrCode: unknown field" });
});

test("eReceiptLink: each placeholder replaced by its value, percent-encoded (RFC 3986)", (t) => {
  const template = "https://r.example.com/{terminalId}/{rrn}?t={trace}&b={batch}";
  t.is(eReceiptLink(template, { terminalId: "TID 0001", rrn: "412706123456", trace: "000123", batch: "000001" }), "https://r.example.com/TID%200001/412706123456?t=000123&b=000001");
  t.is(eReceiptLink("https://r.example.com/{terminalId}/{rrn}", { terminalId: "T/1", rrn: "A&B" }), "https://r.example.com/T%2F1/A%26B");
});

test("eReceiptLink: no link when a value the template needs is missing (an offline approval has no reference number)", (t) => {
  t.is(eReceiptLink("https://r.example.com/{terminalId}/{rrn}", { terminalId: "TID00001" }), undefined);
  t.is(eReceiptLink("https://r.example.com/{terminalId}/{rrn}", { terminalId: "TID00001", rrn: "" }), undefined);
});

test("amounts: the style and the separators, read with their defaults (point decimal, comma groups, symbol before) and written back", (t) => {
  const config = validateTerminalConfig(withField("receipt.amounts", { style: "symbol", decimal: ",", symbolAfter: true }), crypto);
  t.deepEqual(config.receipt?.amounts, { style: "symbol", decimal: ",", group: ".", symbolAfter: true }, "a decimal comma groups with points unless told");
  t.deepEqual(validateTerminalConfig(withField("receipt.amounts", { style: "code" }), crypto).receipt?.amounts, { style: "code", decimal: ".", group: ",", symbolAfter: false });
  t.deepEqual(validateTerminalConfig(configToJson(config), crypto).receipt?.amounts, config.receipt?.amounts);
});

test("bad amounts are a ConfigError naming the field: a style other than code or symbol, a separator out of the list, groups like the decimal", (t) => {
  const cases: [unknown, string, string][] = [
    [{ style: "name" }, "receipt.amounts.style", 'one of "code", "symbol" expected'],
    [{}, "receipt.amounts.style", "required field missing"],
    [{ style: "code", decimal: ";" }, "receipt.amounts.decimal", 'one of ".", "," expected'],
    [{ style: "code", group: "_" }, "receipt.amounts.group", `one of ",", ".", " ", "'", "" expected`],
    [{ style: "code", decimal: ",", group: "," }, "receipt.amounts.group", "the thousands separator must differ from the decimal one"],
    [{ style: "code", symbolAfter: "yes" }, "receipt.amounts.symbolAfter", "true or false expected"],
    [{ style: "code", currency: "EUR" }, "receipt.amounts.currency", ""],
  ];
  for (const [amounts, path, message] of cases) {
    const e = t.throws(() => validateTerminalConfig(withField("receipt.amounts", amounts), crypto), undefined, JSON.stringify(amounts));
    t.is((e as { path?: string }).path, path, JSON.stringify(amounts));
    if (message) t.is(e!.message, `${path}: ${message}`);
  }
});

test("products: PLU code, a name in any Unicode and a unit price; a repeated code is CONFIG_DUPLICATE, a bad entry CONFIG_FIELD naming it", (t) => {
  const products = [{ plu: 7, name: "珍珠奶茶 Bubble tea", unitPrice: 2800 }, { plu: 999999, name: "Ölkännchen €", unitPrice: 1 }];
  const config = validateTerminalConfig(withField("receipt.products", products), crypto);
  t.deepEqual(config.receipt?.products, products);
  t.deepEqual(configToJson(config).receipt?.products, products);
  const cases: [unknown, string, string][] = [
    [[{ plu: 0, name: "A", unitPrice: 1 }], "receipt.products[0].plu", "CONFIG_FIELD"],
    [[{ plu: 1_000_000, name: "A", unitPrice: 1 }], "receipt.products[0].plu", "CONFIG_FIELD"],
    [[{ plu: 1, name: "", unitPrice: 1 }], "receipt.products[0].name", "CONFIG_FIELD"],
    [[{ plu: 1, name: "x".repeat(41), unitPrice: 1 }], "receipt.products[0].name", "CONFIG_FIELD"],
    [[{ plu: 1, name: "A\u001b@", unitPrice: 1 }], "receipt.products[0].name", "CONFIG_FIELD"],
    [[{ plu: 1, name: "A", unitPrice: 0 }], "receipt.products[0].unitPrice", "CONFIG_FIELD"],
    [[{ plu: 1, name: "A", unitPrice: 1 }, { plu: 1, name: "B", unitPrice: 2 }], "receipt.products[1]", "CONFIG_DUPLICATE"],
  ];
  for (const [list, path, code] of cases) {
    const e = t.throws(() => validateTerminalConfig(withField("receipt.products", list), crypto), { code }, JSON.stringify(list));
    t.is((e as { path?: string }).path, path);
  }
  t.notThrows(() => validateTerminalConfig(withField("receipt.products", [{ plu: 1, name: "珍".repeat(40), unitPrice: 1 }]), crypto), "40 Chinese characters");
});
