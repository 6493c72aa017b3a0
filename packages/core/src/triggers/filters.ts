import { readPath } from "../json-path.ts";

/** A trigger filter: every `path` must equal its value (arrays mean "any of"). Empty or null matches all. */
export type TriggerFilter = Record<string, unknown>;
/** An input mapping: target input key → payload path. Null passes the payload through unchanged. */
export type InputMapping = Record<string, string>;

export function matchesFilter(payload: unknown, filter: TriggerFilter | null | undefined): boolean {
  if (!filter) return true;
  return Object.entries(filter).every(([path, expected]) => {
    const actual = readPath(payload, path);
    return Array.isArray(expected) ? expected.some((option) => isEqual(actual, option)) : isEqual(actual, expected);
  });
}

export function mapInput(payload: unknown, mapping: InputMapping | null | undefined): unknown {
  if (!mapping || Object.keys(mapping).length === 0) return payload;
  return Object.fromEntries(Object.entries(mapping).map(([key, path]) => [key, readPath(payload, path) ?? null]));
}

function isEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
