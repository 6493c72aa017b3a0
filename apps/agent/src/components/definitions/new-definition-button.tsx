"use client";

import { Button } from "@switchyard/ui/components";
import { Plus } from "lucide-react";
import Link from "next/link";
import { RoleGate } from "../role-gate";

/** A list page's "New …" button: a link for admins, a disabled button saying why for everyone else. */
export function NewDefinitionButton({ href, label, canCreate, reason }: { href: string; label: string; canCreate: boolean; reason: string }) {
  const content = (
    <>
      <Plus className="size-3.5" aria-hidden />
      {label}
    </>
  );
  if (canCreate) {
    return (
      <Button asChild variant="primary">
        <Link href={href}>{content}</Link>
      </Button>
    );
  }
  return (
    <RoleGate isAllowed={false} reason={reason}>
      <Button variant="primary" disabled>
        {content}
      </Button>
    </RoleGate>
  );
}
