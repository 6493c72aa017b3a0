import {
  CreateTemplateBody,
  createTemplate,
  ListTemplatesQuery,
  listTemplates,
  TemplateListResponse,
  TemplateResponse,
} from "@switchyard/core/campaigns/templates";
import { json, route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  /** Archived templates are left out unless `?includeArchived=true`. */
  GET: route(
    { doc: { summary: "List campaign templates", tag: "Campaign templates", response: TemplateListResponse }, query: ListTemplatesQuery },
    async ({ ctx, query }) => ({
      templates: await listTemplates(ctx, query),
    }),
  ),
  POST: route(
    {
      doc: { summary: "Create a campaign template", tag: "Campaign templates", status: 201, response: TemplateResponse },
      role: "ADMIN",
      body: CreateTemplateBody,
    },
    async ({ ctx, body }) => json({ template: await createTemplate(ctx, body) }, 201),
  ),
});
