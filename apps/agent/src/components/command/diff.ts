/** Parses a unified diff (`git diff`, GitHub's `application/vnd.github.v3.diff`) for display. Pure. */

export type DiffLineKind = "add" | "del" | "context" | "hunk" | "meta";

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
  /** Line numbers in the old and new file; null where the line does not exist on that side. */
  oldLine: number | null;
  newLine: number | null;
}

export interface DiffFile {
  /** The path after the change (the old path for a deletion). */
  path: string;
  oldPath: string | null;
  status: "added" | "deleted" | "renamed" | "modified";
  additions: number;
  deletions: number;
  isBinary: boolean;
  lines: DiffLine[];
}

const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

function stripPrefix(path: string): string {
  return path.replace(/^[ab]\//, "");
}

/** The files of a unified diff with their hunks' lines numbered; text before the first file is ignored. */
export function parseUnifiedDiff(diff: string): DiffFile[] {
  const files: DiffFile[] = [];
  let file: DiffFile | null = null;
  let oldLine = 0;
  let newLine = 0;
  let inHunk = false;

  for (const raw of diff.replace(/\r\n/g, "\n").split("\n")) {
    if (raw.startsWith("diff --git ")) {
      const match = /^diff --git a\/(.+) b\/(.+)$/.exec(raw);
      file = { path: match?.[2] ?? raw.slice(11), oldPath: match?.[1] ?? null, status: "modified", additions: 0, deletions: 0, isBinary: false, lines: [] };
      files.push(file);
      inHunk = false;
      continue;
    }
    if (!file) continue;
    if (!inHunk || raw.startsWith("@@")) {
      const hunk = HUNK.exec(raw);
      if (hunk) {
        oldLine = Number(hunk[1]);
        newLine = Number(hunk[2]);
        inHunk = true;
        file.lines.push({ kind: "hunk", text: raw, oldLine: null, newLine: null });
      } else if (raw.startsWith("new file mode")) file.status = "added";
      else if (raw.startsWith("deleted file mode")) file.status = "deleted";
      else if (raw.startsWith("rename from ")) {
        file.status = "renamed";
        file.oldPath = raw.slice("rename from ".length);
      } else if (raw.startsWith("rename to ")) file.path = raw.slice("rename to ".length);
      else if (raw.startsWith("Binary files ")) file.isBinary = true;
      else if (raw.startsWith("--- ") && raw !== "--- /dev/null") file.oldPath = stripPrefix(raw.slice(4));
      else if (raw.startsWith("+++ ") && raw !== "+++ /dev/null") file.path = stripPrefix(raw.slice(4));
      continue;
    }
    if (raw.startsWith("+")) {
      file.lines.push({ kind: "add", text: raw.slice(1), oldLine: null, newLine: newLine++ });
      file.additions += 1;
    } else if (raw.startsWith("-")) {
      file.lines.push({ kind: "del", text: raw.slice(1), oldLine: oldLine++, newLine: null });
      file.deletions += 1;
    } else if (raw.startsWith("\\")) {
      file.lines.push({ kind: "meta", text: raw, oldLine: null, newLine: null });
    } else if (raw.startsWith(" ") || raw === "") {
      // A blank line inside a hunk is an empty context line (some tools trim its leading space).
      file.lines.push({ kind: "context", text: raw.slice(1), oldLine: oldLine++, newLine: newLine++ });
    }
  }
  for (const entry of files) {
    // The split's last element is the text after the final newline: not a line of the file.
    const last = entry.lines.at(-1);
    if (last?.kind === "context" && last.text === "" && entry === files.at(-1) && diff.endsWith("\n")) entry.lines.pop();
    if (entry.status === "deleted" && entry.oldPath) entry.path = entry.oldPath;
    if (entry.status === "added") entry.oldPath = null;
  }
  return files;
}
