import type { OrgContext } from "@switchyard/core";
import { getAgent } from "@switchyard/core/agents/catalog";
import { AppError } from "@switchyard/core/errors";
import { notFound } from "next/navigation";

/** The agent of a page, or the 404 page: another organization's slug is simply not found. */
export async function loadAgentOr404(ctx: OrgContext, slug: string) {
  return getAgent(ctx, slug).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
}
