import { z } from "zod";

export const WorkflowParams = z.object({ slug: z.string().min(1).max(120) });

/** A workflow from a JSON `definition` or a `yaml` document (exactly one); name and slug may come from the YAML. */
export const CreateWorkflowBody = z
  .object({
    slug: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,119}$/, "lowercase letters, digits and -, starting with a letter or digit")
      .optional(),
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(2000).optional(),
    definition: z.record(z.string(), z.unknown()).optional(),
    yaml: z.string().min(1).max(256_000).optional(),
  })
  .refine((body) => (body.definition === undefined) !== (body.yaml === undefined), { message: "Send exactly one of definition or yaml", path: ["definition"] });
export type CreateWorkflowBody = z.infer<typeof CreateWorkflowBody>;
