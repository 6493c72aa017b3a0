import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AppError } from "@switchyard/core";
import { describeInvitation } from "@switchyard/core/tenancy/invitations";
import { getDatabase } from "@switchyard/database";
import { AuthCard } from "@/components/auth-card";
import { sessionUserFromHeaders } from "@/lib/session";
import { signInPath } from "@/lib/sign-in-path";
import { AcceptInvitationForm } from "./accept-form";

export const metadata: Metadata = { title: "Join an organization" };

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let invitation: Awaited<ReturnType<typeof describeInvitation>>;
  try {
    invitation = await describeInvitation((await getDatabase()).prisma, token);
  } catch (error) {
    if (error instanceof AppError && error.code === "gone") {
      return (
        <AuthCard title="This invitation cannot be used" subtitle={error.message}>
          <p className="text-sm text-zinc-600">Ask whoever invited you for a new link.</p>
        </AuthCard>
      );
    }
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }

  const signedIn = await sessionUserFromHeaders(await headers());
  const role = invitation.role.toLowerCase();
  const subtitle = `${invitation.invitedBy} invited ${invitation.email} to ${invitation.organization.name} as ${role}.`;
  const invitePath = `/invite/${token}`;

  if (invitation.hasAccount && signedIn?.email !== invitation.email) {
    return (
      <AuthCard title={`Join ${invitation.organization.name}`} subtitle={subtitle}>
        <p className="text-sm text-zinc-600">
          {signedIn ? `You are signed in as ${signedIn.email}. ` : ""}
          You already have an account as <span className="font-medium text-zinc-900">{invitation.email}</span>: sign in with it to accept.
        </p>
        <Link
          href={signInPath(invitePath)}
          className="mt-4 flex w-full items-center justify-center rounded-md bg-zinc-900 px-3 py-2 text-sm font-medium text-white hover:bg-zinc-800"
        >
          Sign in as {invitation.email}
        </Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={`Join ${invitation.organization.name}`} subtitle={subtitle}>
      <AcceptInvitationForm token={token} email={invitation.email} needsAccount={!invitation.hasAccount} organizationName={invitation.organization.name} />
    </AuthCard>
  );
}
