/** A slug suggested from a name ("Fact desk" → "fact-desk"), as the API's Slug accepts it. */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 120);
}
