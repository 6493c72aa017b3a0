import { Button, Card } from "@switchyard/ui/components";
import { SearchX } from "lucide-react";
import Link from "next/link";

/** An unknown slug, or another organization's: the same answer, so a slug says nothing about who owns it. */
export function DefinitionNotFound({ noun, listHref, listLabel }: { noun: string; listHref: string; listLabel: string }) {
  return (
    <Card className="mx-auto mt-8 max-w-lg px-6 py-10 text-center" data-testid="definition-not-found">
      <SearchX className="mx-auto size-8 text-zinc-400" aria-hidden />
      <h1 className="mt-3 text-lg font-semibold text-zinc-900">{noun} not found</h1>
      <p className="mt-1 text-sm text-zinc-500">
        Your organization has no {noun.toLowerCase()} with this slug. It may have been renamed, or the link is mistyped.
      </p>
      <Button asChild variant="primary" className="mt-5">
        <Link href={listHref}>All {listLabel}</Link>
      </Button>
    </Card>
  );
}
