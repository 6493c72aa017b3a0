import { computeDensity, DensityResponse } from "@switchyard/core/automations/index";
import { route, routeMethods } from "@/lib/api";
import { DensityQuery } from "../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route({ doc: { summary: "24-hour execution density", tag: "Schedule", response: DensityResponse }, query: DensityQuery }, async ({ ctx, query }) =>
    computeDensity(ctx, query),
  ),
});
