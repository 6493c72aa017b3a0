import type { ReactNode } from "react";
import { AppShell } from "@/components/app-shell";
import { loadSession } from "@/components/require-session";

export default async function GodmodeLayout({ children }: { children: ReactNode }) {
  const ctx = await loadSession();
  // Signed out: render the page bare and let it redirect. Only the page sees the search params, so
  // only its redirect can bring the visitor back to the exact view (filters included) after sign-in.
  if (!ctx) return children;
  return <AppShell actor={ctx.actor}>{children}</AppShell>;
}
