import Link from "next/link";

/** What a signed-in member without the needed role sees instead of an admin surface. */
export function NotAllowed({ role, surface }: { role: string; surface: string }) {
  return (
    <div role="alert" data-testid="not-allowed" className="mx-auto mt-12 max-w-lg rounded-xl border border-zinc-200 bg-white p-8 text-center shadow-xs">
      <div className="font-mono text-xs font-semibold uppercase tracking-widest text-red-600">403 · Forbidden</div>
      <h1 className="mt-2 text-xl font-semibold text-zinc-900">Not allowed</h1>
      <p className="mt-2 text-sm text-zinc-500">
        {surface} is for organization admins and owners. You are signed in as <span className="font-medium text-zinc-700">{role.toLowerCase()}</span>. Ask an
        admin if you need access.
      </p>
      <Link href="/observe" className="mt-5 inline-block rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-800">
        Back to Observe
      </Link>
    </div>
  );
}
