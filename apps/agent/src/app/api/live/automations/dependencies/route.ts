import { createAutomationDependency } from "@switchyard/core/automations/index";
import { json, route } from "@/lib/api";
import { CreateDependencyBody } from "../schema";

export const POST = route({ role: "OPERATOR", body: CreateDependencyBody }, async ({ ctx, body }) => json({ dependency: await createAutomationDependency(ctx, body) }, 201));
