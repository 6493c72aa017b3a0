import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { isSetupAvailable } from "@switchyard/core/tenancy/organizations";
import { getDatabase } from "@switchyard/database";
import { AuthCard } from "@/components/auth-card";
import { SetupForm } from "./setup-form";

export const metadata: Metadata = { title: "Set up Switchyard" };

// Only while no organization but the demo exists; afterwards the page is gone.
export default async function SetupPage() {
  // Rendered per request: a page prerendered at build time would offer setup forever.
  await connection();
  if (!(await isSetupAvailable((await getDatabase()).prisma))) notFound();
  return (
    <AuthCard title="Set up Switchyard" subtitle="Create your organization and its owner account. You can invite your team next.">
      <SetupForm />
    </AuthCard>
  );
}
