const WHITE_SPACE = /[ \t\n\r]/;

/**
 * The keys of a JSON object's top level as the text writes them, in order,
 * repeats included: `JSON.parse` keeps only the last value of a key given
 * twice, and a command that must refuse a repeated key cannot see it there.
 * @param text - JSON text that `JSON.parse` has already read as an object
 */
export function topLevelKeys(text: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
      if (depth !== 1) continue;
      let after = i + 1;
      while (after < text.length && WHITE_SPACE.test(text[after])) after++;
      if (text[after] === ":") keys.push(JSON.parse(text.slice(start, i + 1)) as string);
    } else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") depth--;
  }
  return keys;
}
