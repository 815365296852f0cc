import { DisplayError } from "./error.ts";

/** The languages the catalogue is written in. */
export type Language = "en" | "zh";

/** Every {@link Language}. */
export const LANGUAGES: readonly Language[] = ["en", "zh"];

/**
 * What the display shows: one language, or two (bilingual). In a
 * bilingual mode the first language is the primary one: it takes the top
 * half of the rows, or the first page when both do not fit together.
 */
export type LanguageMode = "en" | "zh" | "zh+en" | "en+zh";

/** The languages of a mode, primary first; throws `DISPLAY_LANGUAGE` on anything else. */
export function languagesOf(mode: LanguageMode): Language[] {
  switch (mode) {
    case "en":
    case "zh":
      return [mode];
    case "zh+en":
      return ["zh", "en"];
    case "en+zh":
      return ["en", "zh"];
    default:
      throw new DisplayError("DISPLAY_LANGUAGE", `language mode must be one of en, zh, zh+en, en+zh`);
  }
}
