import { ChevronLeft } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";

/** The top of a definition's page: the way back to its list, its name and slug, badges and actions. */
export function DefinitionHeader({
  back,
  title,
  slug,
  badges,
  description,
  actions,
}: {
  back: { href: string; label: string };
  title: string;
  slug?: string;
  badges?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="mb-6 space-y-3">
      <Link href={back.href} className="inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-900">
        <ChevronLeft className="size-4" aria-hidden />
        {back.label}
      </Link>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">{title}</h1>
            {badges}
          </div>
          {slug && <p className="mt-1 font-mono text-xs text-zinc-500">{slug}</p>}
          {description && <p className="mt-1 max-w-3xl text-sm text-zinc-500">{description}</p>}
        </div>
        {actions && <div className="flex flex-wrap items-start gap-2">{actions}</div>}
      </div>
    </div>
  );
}

/** A labelled value in a definition's summary. */
export function DefinitionItem({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium tracking-wide text-zinc-500 uppercase">{label}</dt>
      <dd className="mt-1 text-sm text-zinc-900" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}
