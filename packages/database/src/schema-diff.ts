import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { PGlite } from "@electric-sql/pglite";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";

/**
 * Computes migration SQL between two Prisma datamodels with Prisma's official WASM schema engine,
 * which works offline (the native engine cannot be downloaded here). `from: null` means an empty
 * database. No database is read: the in-memory PGlite only satisfies the engine's constructor.
 */
export async function diffDatamodels(from: string | null, to: string): Promise<string> {
  const bg = await loadSchemaEngine();
  const pglite = new PGlite();
  try {
    const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPGlite(pglite) as never);
    const engine = await bg.SchemaEngine.new({ datamodels: undefined }, () => {}, adapter);
    const target = (content: string) => ({ tag: "schemaDatamodel" as const, files: [{ path: "schema.prisma", content }] });
    const result = await engine.diff({
      from: from === null ? { tag: "empty" } : target(from),
      to: target(to),
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    engine.free();
    return result.stdout ?? "";
  } finally {
    await pglite.close();
  }
}

// The bindings cache views of the wasm memory, so the module is instantiated once per process.
let engineModule: Promise<typeof import("@prisma/schema-engine-wasm/schema_engine_bg")> | undefined;
function loadSchemaEngine() {
  engineModule ??= (async () => {
    const bg = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const require = createRequire(import.meta.url);
    const wasmPath = require.resolve("@prisma/schema-engine-wasm").replace(/schema_engine\.js$/, "schema_engine_bg.wasm");
    const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), { "./schema_engine_bg.js": bg as never });
    const exports = instance.exports as Record<string, unknown> & { __wbindgen_start?: () => void };
    (bg as unknown as { __wbg_set_wasm(w: unknown): void }).__wbg_set_wasm(exports);
    exports.__wbindgen_start?.();
    return bg;
  })();
  return engineModule;
}
