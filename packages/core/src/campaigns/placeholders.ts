// `{{ param }}` placeholders of campaign intents and mission plans. Import-free, so the template
// form finds undeclared ones with the same rule the API applies.

const PLACEHOLDER = /\{\{\s*([\w.-]+)\s*\}\}/g;
/** What a `{{ name }}` placeholder may name: the parameter names templates declare. */
export const PARAMETER_NAME = /^[\w.-]+$/;

/** The parameter names a text's placeholders use, each once, in order. */
export function placeholdersIn(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(PLACEHOLDER), (match) => match[1]))];
}

/** Replaces each placeholder with what `fill` returns for its name. */
export function replacePlaceholders(text: string, fill: (name: string, placeholder: string) => string): string {
  return text.replace(PLACEHOLDER, (placeholder, name: string) => fill(name, placeholder));
}
