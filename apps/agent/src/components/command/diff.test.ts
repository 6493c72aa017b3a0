import { describe, expect, it } from "vitest";
import { parseUnifiedDiff } from "./diff";

/** A pull request diff as GitHub's API sends it (application/vnd.github.v3.diff): a change, a new file, a rename, a deletion and a binary. */
const SAMPLE = `diff --git a/src/api/retry.ts b/src/api/retry.ts
index 3b18e51..a9c0f2d 100644
--- a/src/api/retry.ts
+++ b/src/api/retry.ts
@@ -1,7 +1,8 @@
 import { backoff } from "./backoff";
 
-const MAX_ATTEMPTS = 3;
+const MAX_ATTEMPTS = 5;
+const JITTER_MS = 250;
 
 export function nextDelay(attempt: number): number {
-  return backoff(attempt);
+  return backoff(attempt) + Math.random() * JITTER_MS;
 }
@@ -20,3 +21,3 @@ export function shouldRetry(status: number): boolean {
   if (status === 429) return true;
-  return status >= 500;
+  return status >= 500 && status !== 501;
 }
diff --git a/src/ui/run-detail.tsx b/src/ui/run-detail.tsx
new file mode 100644
index 0000000..e69de29
--- /dev/null
+++ b/src/ui/run-detail.tsx
@@ -0,0 +1,3 @@
+export function RunDetail() {
+  return <button type="button">Retry</button>;
+}
\\ No newline at end of file
diff --git a/docs/old-name.md b/docs/new-name.md
similarity index 100%
rename from docs/old-name.md
rename to docs/new-name.md
diff --git a/src/legacy.ts b/src/legacy.ts
deleted file mode 100644
index 5716ca5..0000000
--- a/src/legacy.ts
+++ /dev/null
@@ -1,2 +0,0 @@
-// --- old retry logic ---
-export const legacy = true;
diff --git a/assets/logo.png b/assets/logo.png
index 1a2b3c4..5d6e7f8 100644
Binary files a/assets/logo.png and b/assets/logo.png differ
`;

describe("parseUnifiedDiff", () => {
  const files = parseUnifiedDiff(SAMPLE);

  it("finds every file with its status and counts", () => {
    expect(files.map(({ path, oldPath, status, additions, deletions, isBinary }) => ({ path, oldPath, status, additions, deletions, isBinary }))).toEqual([
      { path: "src/api/retry.ts", oldPath: "src/api/retry.ts", status: "modified", additions: 4, deletions: 3, isBinary: false },
      { path: "src/ui/run-detail.tsx", oldPath: null, status: "added", additions: 3, deletions: 0, isBinary: false },
      { path: "docs/new-name.md", oldPath: "docs/old-name.md", status: "renamed", additions: 0, deletions: 0, isBinary: false },
      { path: "src/legacy.ts", oldPath: "src/legacy.ts", status: "deleted", additions: 0, deletions: 2, isBinary: false },
      { path: "assets/logo.png", oldPath: "assets/logo.png", status: "modified", additions: 0, deletions: 0, isBinary: true },
    ]);
  });

  it("numbers the lines of each hunk on both sides", () => {
    const [retry] = files;
    expect(retry.lines.slice(0, 6)).toEqual([
      { kind: "hunk", text: "@@ -1,7 +1,8 @@", oldLine: null, newLine: null },
      { kind: "context", text: 'import { backoff } from "./backoff";', oldLine: 1, newLine: 1 },
      { kind: "context", text: "", oldLine: 2, newLine: 2 },
      { kind: "del", text: "const MAX_ATTEMPTS = 3;", oldLine: 3, newLine: null },
      { kind: "add", text: "const MAX_ATTEMPTS = 5;", oldLine: null, newLine: 3 },
      { kind: "add", text: "const JITTER_MS = 250;", oldLine: null, newLine: 4 },
    ]);
    const secondHunk = retry.lines.findIndex((line, index) => index > 0 && line.kind === "hunk");
    expect(retry.lines.slice(secondHunk, secondHunk + 3)).toEqual([
      { kind: "hunk", text: "@@ -20,3 +21,3 @@ export function shouldRetry(status: number): boolean {", oldLine: null, newLine: null },
      { kind: "context", text: "  if (status === 429) return true;", oldLine: 20, newLine: 21 },
      { kind: "del", text: "  return status >= 500;", oldLine: 21, newLine: null },
    ]);
    expect(retry.lines.at(-1)).toEqual({ kind: "context", text: "}", oldLine: 22, newLine: 23 });
  });

  it("keeps removed lines that look like file headers and the no-newline marker", () => {
    expect(files[3].lines.map((line) => [line.kind, line.text])).toEqual([
      ["hunk", "@@ -1,2 +0,0 @@"],
      ["del", "// --- old retry logic ---"],
      ["del", "export const legacy = true;"],
    ]);
    expect(files[1].lines.at(-1)).toEqual({ kind: "meta", text: "\\ No newline at end of file", oldLine: null, newLine: null });
  });

  it("answers nothing for an empty diff and drops the phantom line after a final newline", () => {
    expect(parseUnifiedDiff("")).toEqual([]);
    const [only] = parseUnifiedDiff("diff --git a/x.ts b/x.ts\n--- a/x.ts\n+++ b/x.ts\n@@ -1 +1 @@\n-a\n+b\n");
    expect(only.lines.map((line) => line.kind)).toEqual(["hunk", "del", "add"]);
  });
});
