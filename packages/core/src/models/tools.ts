import type { Prisma } from "@switchyard/database";
import { jsonSchema, tool, type ToolSet } from "ai";
import type { ToolCallRecord } from "../runs/recorder.ts";
import { BUILT_IN_TOOLS } from "../workflows/definition.ts";
import { BUILT_IN_TOOL_SPECS, runBuiltInTool, type BuiltInTool, type ToolContext } from "../workflows/tools.ts";

const isBuiltIn = (name: string): name is BuiltInTool => (BUILT_IN_TOOLS as readonly string[]).includes(name);

/**
 * The agent's declared tools as AI SDK tools: each built-in tool with its JSON Schema, executed by the
 * same code as a workflow tool step. Every call is pushed onto `calls` as it ends (also when it fails:
 * the model then sees the error and may try again). Tools that are not built in (older agents name
 * tools of their own) cannot run here and are returned as `unavailable`.
 */
export function agentTools(names: readonly string[], context: ToolContext, calls: ToolCallRecord[]): { tools: ToolSet; unavailable: string[] } {
  const tools: ToolSet = {};
  for (const name of names.filter(isBuiltIn)) {
    const spec = BUILT_IN_TOOL_SPECS[name];
    tools[name] = tool({
      description: spec.description,
      inputSchema: jsonSchema<Record<string, unknown>>(spec.inputSchema),
      execute: async (input: Record<string, unknown>) => {
        const startedAt = performance.now();
        const record = { toolName: name, input: input as Prisma.InputJsonValue };
        try {
          const output = await runBuiltInTool(name, input, context);
          calls.push({ ...record, output: (output ?? null) as Prisma.InputJsonValue, durationMs: Math.round(performance.now() - startedAt) });
          return output;
        } catch (error) {
          calls.push({ ...record, error: (error as Error).message, durationMs: Math.round(performance.now() - startedAt) });
          throw error;
        }
      },
    });
  }
  return { tools, unavailable: names.filter((name) => !isBuiltIn(name)) };
}
