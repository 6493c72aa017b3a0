import { Slug } from "@switchyard/core/definitions/common";
import { z } from "zod";

export const WorkflowParams = z.object({ slug: z.string().min(1).max(120) });
export const WorkflowVersionParams = WorkflowParams.extend({ version: z.coerce.number().int().min(1).max(1_000_000) });

/** A JSON `definition` or a `yaml` document, exactly one. */
const definitionSource = {
  definition: z.record(z.string(), z.unknown()).optional(),
  yaml: z.string().min(1).max(256_000).optional(),
};
const hasExactlyOneSource = (body: { definition?: unknown; yaml?: unknown }) => (body.definition === undefined) !== (body.yaml === undefined);
const exactlyOneSource = [hasExactlyOneSource, { message: "Send exactly one of definition or yaml", path: ["definition"] }] as [
  typeof hasExactlyOneSource,
  { message: string; path: string[] },
];

/** A workflow from a JSON `definition` or a `yaml` document; name and slug may come from the YAML. */
export const CreateWorkflowBody = z
  .object({
    slug: Slug.optional(),
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(2000).optional(),
    ...definitionSource,
  })
  .refine(...exactlyOneSource);
export type CreateWorkflowBody = z.infer<typeof CreateWorkflowBody>;

/** A new version: the whole definition again (JSON or YAML), optionally a new name or description. */
export const UpdateWorkflowBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(2000).nullable().optional(),
    /** The version the editor loaded; a save over a newer one is a 409. */
    baseVersion: z.number().int().min(1).optional(),
    ...definitionSource,
  })
  .refine(...exactlyOneSource);
export type UpdateWorkflowBody = z.infer<typeof UpdateWorkflowBody>;

/** A draft to check without saving it. */
export const WorkflowDraftBody = z.object(definitionSource).refine(...exactlyOneSource);
