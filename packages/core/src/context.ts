import type { PrismaClient, Role } from "@switchyard/database";
import { AppError } from "./errors.ts";

/** Who is calling: a signed-in user or an API key, always acting inside one organization. */
export interface Actor {
  type: "user" | "apiKey";
  id: string;
  label: string;
  role: Role;
}

/**
 * The scoped context every core function that touches tenant data takes. The organization comes from
 * the credential, never from the request; core functions put `organizationId` in every `where`.
 */
export interface OrgContext {
  db: PrismaClient;
  organizationId: string;
  actor: Actor;
}

const ROLE_RANK: Record<Role, number> = { VIEWER: 0, OPERATOR: 1, ADMIN: 2, OWNER: 3 };

export function hasRole(actor: Actor, minimum: Role): boolean {
  return ROLE_RANK[actor.role] >= ROLE_RANK[minimum];
}

export function requireRole(ctx: OrgContext, minimum: Role): void {
  if (!hasRole(ctx.actor, minimum)) {
    throw new AppError("forbidden", `This action needs the ${minimum.toLowerCase()} role or higher`);
  }
}
