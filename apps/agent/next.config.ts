import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Database drivers load native/WASM assets at runtime, so they must stay plain Node requires.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@prisma/client", "@prisma/adapter-pg", "pg"],
  // Workspace packages export TypeScript source (with explicit .ts imports), so Next compiles them.
  transpilePackages: ["@switchyard/core", "@switchyard/database", "@switchyard/ui"],
  poweredByHeader: false,
  // Lets a second build (a parallel browser-test run, say) live beside the default one.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
};

export default nextConfig;
