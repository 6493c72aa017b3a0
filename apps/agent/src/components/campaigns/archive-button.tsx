"use client";

import { ArchiveButton } from "@/components/archive-button";
import { templateApiPath } from "./types";

/** Archives a template after a confirmation, offering to pause its active schedules with it. */
export function ArchiveTemplateButton({ slug, canArchive }: { slug: string; canArchive: boolean }) {
  return (
    <ArchiveButton
      apiPath={templateApiPath(slug)}
      canArchive={canArchive}
      deniedReason="Archiving campaign templates needs the admin role or higher"
      confirmation="Archived templates start no campaigns; their campaigns stay. Archive it?"
    />
  );
}
