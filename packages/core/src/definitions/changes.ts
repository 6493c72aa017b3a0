import type { Prisma } from "@switchyard/database";

/** The fields whose values differ between two snapshots, so an audit entry shows what changed and nothing else. */
export function changedFields(before: Prisma.InputJsonObject, after: Prisma.InputJsonObject) {
  const keys = Object.keys(after).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
  return {
    before: Object.fromEntries(keys.map((key) => [key, before[key]])) as Prisma.InputJsonObject,
    after: Object.fromEntries(keys.map((key) => [key, after[key]])) as Prisma.InputJsonObject,
  };
}
