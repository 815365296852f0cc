import { ConfigError } from "./error.ts";

/** The deepest nesting of objects and lists read; the configuration itself goes 4 deep. */
export const MAX_JSON_DEPTH = 16;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The value of JSON text nested at most {@link MAX_JSON_DEPTH} deep. The
 * depth is counted before parsing because an engine's JSON parser
 * recurses: on XS, text such as a hundred thousand `[` overflows the
 * native stack and ends the program instead of throwing.
 * @throws ConfigError `CONFIG_JSON` when the text nests deeper or is not JSON
 */
export function parseJsonText(text: string): unknown {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > MAX_JSON_DEPTH) throw new ConfigError("CONFIG_JSON", "", `JSON nested at most ${MAX_JSON_DEPTH} deep expected`);
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ConfigError("CONFIG_JSON", "", "JSON text expected");
  }
}
