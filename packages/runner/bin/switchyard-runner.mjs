#!/usr/bin/env node
// The CLI is TypeScript run as it is (no build step): tsx registers the loader, then the CLI starts.
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");
