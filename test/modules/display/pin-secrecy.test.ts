import test from "ava";
import { amountVariants, renderGraphic, renderLines, type Geometry, type LanguageMode, type Message, type Money } from "../../../modules/display/index.ts";
import { WIDEST, yuan } from "./samples.ts";

const SIZES: readonly Geometry[] = [
  { kind: "character", rows: 2, columns: 16 },
  { kind: "character", rows: 4, columns: 20 },
  { kind: "graphic", widthPx: 128, heightPx: 64 },
];
const MODES: readonly LanguageMode[] = ["en", "zh", "zh+en"];
// amounts made of every digit, so that a stray digit could hide in none of them
const AMOUNTS: readonly Money[] = [yuan(1234567890), yuan(5), ...WIDEST];
const DIGIT = /[0-9]/;
const ASTERISKS = /\*+/g;

/** Each run of asterisks is exactly `digits` long (a bilingual page has one per language), and there is one when a digit was typed. */
function checkMask(t: { true(v: unknown, m?: string): void }, text: string, digits: number, what: string): void {
  const runs = text.match(ASTERISKS) ?? [];
  t.true(runs.every((run) => run.length === digits), `${what}: ${JSON.stringify(runs)}`);
  t.true(digits === 0 ? runs.length === 0 : runs.length > 0, `${what}: ${runs.length} runs of asterisks`);
}

/** The screen's text with every form of the amount taken out: what is left may hold no digit. */
function withoutAmount(lines: string[], money: Money): string {
  let text = lines.join("\n");
  for (const language of ["en", "zh"] as const) for (const form of amountVariants(money, language)) text = text.split(form).join("");
  return text;
}

test("PIN screens show no digit outside the amount, and one asterisk per digit typed, 0 to 12 digits, last try or not", (t) => {
  for (const geometry of SIZES) {
    for (const mode of MODES) {
      for (const amount of AMOUNTS) {
        for (let digits = 0; digits <= 12; digits++) {
          for (const tries of [undefined, "last"] as const) {
            const m: Message = { id: "ENTER_PIN", amount, digits, tries };
            for (const page of renderLines(m, mode, geometry)) {
              const rest = withoutAmount(page, amount);
              t.notRegex(rest, DIGIT, `${mode} ${JSON.stringify(m)}: ${JSON.stringify(page)}`);
              checkMask(t, rest, digits, `${mode} ${JSON.stringify(m)}`);
            }
          }
        }
      }
    }
  }
});

test("the manager's password screen shows no digit at all, only asterisks", (t) => {
  for (const geometry of SIZES) {
    for (const mode of MODES) {
      for (let digits = 0; digits <= 12; digits++) {
        for (const page of renderLines({ id: "MANAGER_PIN", digits }, mode, geometry)) {
          const text = page.join("\n");
          t.notRegex(text, DIGIT);
          checkMask(t, text, digits, `${mode} ${digits} digits`);
        }
      }
    }
  }
});

test("graphic PIN layout: no digit in a row that does not hold the amount", (t) => {
  const amount = yuan(987654321);
  const forms = [...amountVariants(amount, "en"), ...amountVariants(amount, "zh")];
  for (const mode of MODES) {
    for (const page of renderGraphic({ id: "ENTER_PIN", amount, digits: 6 }, mode, { kind: "graphic", widthPx: 240, heightPx: 128 })) {
      for (const row of page) if (!forms.some((f) => row.text.includes(f))) t.notRegex(row.text, DIGIT, row.text);
    }
  }
});

test("the last-try warning shows on 2×16 with up to 6 digits typed (a UnionPay PIN), in both languages", (t) => {
  const geometry: Geometry = { kind: "character", rows: 2, columns: 16 };
  for (const amount of [yuan(1250), ...WIDEST]) {
    for (let digits = 0; digits <= 6; digits++) {
      t.regex(renderLines({ id: "ENTER_PIN", amount, digits, tries: "last" }, "en", geometry)[0][1], /^LAST TRY/);
      t.regex(renderLines({ id: "ENTER_PIN", amount, digits, tries: "last" }, "zh", geometry)[0][1], /^最后一次/);
    }
  }
});

test("PIN screens on 2×16, as shown: amount on the first row, prompt and asterisks on the second", (t) => {
  const geometry: Geometry = { kind: "character", rows: 2, columns: 16 };
  t.deepEqual(renderLines({ id: "ENTER_PIN", amount: yuan(1250), digits: 0 }, "en", geometry), [["AMOUNT CNY 12.50", "ENTER PIN"]]);
  t.deepEqual(renderLines({ id: "ENTER_PIN", amount: yuan(1250), digits: 4 }, "en", geometry), [["AMOUNT CNY 12.50", "ENTER PIN   ****"]]);
  t.deepEqual(renderLines({ id: "ENTER_PIN", amount: yuan(1250), digits: 6 }, "zh", geometry), [["金额:    12.50元", "密码:     ******"]]);
  t.deepEqual(renderLines({ id: "ENTER_PIN", amount: yuan(1250), digits: 2, tries: "last" }, "zh", geometry), [["金额:    12.50元", "最后一次:     **"]]);
});
