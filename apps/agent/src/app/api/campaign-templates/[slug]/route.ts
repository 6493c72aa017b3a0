import { ArchiveQuery } from "@switchyard/core/definitions/common";
import {
  ArchiveTemplateResponse,
  archiveTemplate,
  getTemplate,
  TemplateResponse,
  UpdateTemplateBody,
  updateTemplate,
} from "@switchyard/core/campaigns/templates";
import { z } from "zod";
import { route, routeMethods } from "@/lib/api";

const Params = z.object({ slug: z.string().min(1).max(120) });

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    { doc: { summary: "Get a campaign template", tag: "Campaign templates", response: TemplateResponse }, params: Params },
    async ({ ctx, params }) => ({
      template: await getTemplate(ctx, params.slug),
    }),
  ),
  PATCH: route(
    {
      doc: { summary: "Edit a campaign template", tag: "Campaign templates", response: TemplateResponse },
      role: "ADMIN",
      params: Params,
      body: UpdateTemplateBody,
    },
    async ({ ctx, params, body }) => ({ template: await updateTemplate(ctx, params.slug, body) }),
  ),
  /** Archives (campaigns keep it); 409 naming its active schedules unless `?cascade=pause`. */
  DELETE: route(
    {
      doc: { summary: "Archive a campaign template", tag: "Campaign templates", response: ArchiveTemplateResponse },
      role: "ADMIN",
      params: Params,
      query: ArchiveQuery,
    },
    async ({ ctx, params, query }) => archiveTemplate(ctx, params.slug, query),
  ),
});
