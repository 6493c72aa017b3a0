import { computeDensity } from "@switchyard/core/automations/index";
import { route } from "@/lib/api";
import { DensityQuery } from "../schema";

export const GET = route({ query: DensityQuery }, async ({ ctx, query }) => computeDensity(ctx, query));
