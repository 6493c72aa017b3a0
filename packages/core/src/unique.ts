/** Prisma's error code for a unique-constraint violation. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "P2002";
}

/**
 * Creates a row that exists at most once per unique key (a dedupe key, say). When a concurrent caller
 * created it first, the create fails on the key and that caller's row, read by `findWinner`, is
 * returned with `created: false`: redeliveries of one event never duplicate work. Any other error, or
 * no winner to read, is rethrown.
 */
export async function createOnce<Row>(create: () => Promise<Row>, findWinner: () => Promise<Row | null> | null): Promise<{ row: Row; created: boolean }> {
  try {
    return { row: await create(), created: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await findWinner();
    if (!winner) throw error;
    return { row: winner, created: false };
  }
}
