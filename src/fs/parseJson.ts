// JSON text from a file another tool may have written (or broken): the value, or that it is not JSON. Never throws,
// and never quotes the text (cache files hold secrets).

export type ParsedJson = { readonly ok: true; readonly value: unknown } | { readonly ok: false };

export function parseJson(text: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
