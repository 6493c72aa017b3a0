"use client";

import { json } from "@codemirror/lang-json";
import { yaml } from "@codemirror/lang-yaml";
import { lintGutter, setDiagnostics, type Diagnostic } from "@codemirror/lint";
import { EditorView } from "@codemirror/view";
import CodeMirror from "@uiw/react-codemirror";
import { useEffect, useMemo, useState } from "react";
import type { DocumentFormat } from "./workflow-document";

export interface EditorMark {
  from: number;
  to: number;
  message: string;
}

/**
 * CodeMirror 6 with YAML or JSON highlighting, a lint gutter for `marks` (the problems of the last
 * check, placed on the text they were found in; CodeMirror keeps them in place while typing), and
 * the view handed to `onView` so the problems list can move the cursor to one. Browser-only: load it
 * with next/dynamic and `ssr: false`.
 */
export default function CodeEditor({
  value,
  format,
  readOnly,
  marks,
  label,
  onChange,
  onView,
}: {
  value: string;
  format: DocumentFormat;
  readOnly: boolean;
  /** Null leaves the current marks alone (the last check was of older text). */
  marks: EditorMark[] | null;
  label: string;
  onChange: (value: string) => void;
  onView: (view: EditorView) => void;
}) {
  const [view, setView] = useState<EditorView | null>(null);
  const extensions = useMemo(
    () => [format === "json" ? json() : yaml(), lintGutter(), EditorView.lineWrapping, EditorView.contentAttributes.of({ "aria-label": label })],
    [format, label],
  );

  useEffect(() => {
    if (!view || marks === null) return;
    const length = view.state.doc.length;
    const diagnostics: Diagnostic[] = marks.map((mark) => ({
      from: Math.min(mark.from, length),
      to: Math.min(Math.max(mark.to, mark.from), length),
      severity: "error",
      message: mark.message,
    }));
    view.dispatch(setDiagnostics(view.state, diagnostics));
  }, [view, marks]);

  return (
    <CodeMirror
      value={value}
      onChange={onChange}
      extensions={extensions}
      readOnly={readOnly}
      editable={!readOnly}
      height="560px"
      basicSetup={{ foldGutter: true, highlightActiveLine: !readOnly, autocompletion: false }}
      onCreateEditor={(created) => {
        setView(created);
        onView(created);
      }}
      className="overflow-hidden text-[13px]"
      data-testid="workflow-code-editor"
    />
  );
}
