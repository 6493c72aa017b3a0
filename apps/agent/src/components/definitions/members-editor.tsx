"use client";

import { Button, cn } from "@switchyard/ui/components";
import { ArrowDown, ArrowUp, Plus, X } from "lucide-react";
import { inputClass } from "../form";

/** An agent a member row may pick. */
export interface AgentChoice {
  slug: string;
  name: string;
}

/** One member row as the form holds it; `key` only keeps React's rows apart while they move. */
export interface MemberDraft {
  key: string;
  agent: string;
  role: string;
  capacity: string;
}

let nextKey = 0;
export function memberDraft(member: Partial<Omit<MemberDraft, "key">> = {}): MemberDraft {
  nextKey += 1;
  return { key: `member-${nextKey}`, agent: member.agent ?? "", role: member.role ?? "", capacity: member.capacity ?? "" };
}

interface MembersEditorProps {
  agents: AgentChoice[];
  members: MemberDraft[];
  onChange: (members: MemberDraft[]) => void;
  /** Field errors by the API's path (`members`, `members.2.agent`, …). */
  errors: Record<string, string>;
  isReadOnly: boolean;
  /** Networks order their members (the router works in that order); pulses give each a capacity. */
  variant: "ordered" | "capacity";
}

/**
 * The member rows of a network or pulse form: an agent (one of the organization's live agents, or the
 * one already there), a role, and per variant the order or the capacity. Each row shows its own errors.
 */
export function MembersEditor({ agents, members, onChange, errors, isReadOnly, variant }: MembersEditorProps) {
  const update = (index: number, patch: Partial<MemberDraft>) => onChange(members.map((member, i) => (i === index ? { ...member, ...patch } : member)));
  const move = (index: number, by: number) => {
    const next = [...members];
    const [moved] = next.splice(index, 1);
    next.splice(index + by, 0, moved);
    onChange(next);
  };
  const listError = errors.members;

  return (
    <fieldset className="space-y-2" aria-describedby={listError ? "members-error" : undefined}>
      <legend className="text-sm font-medium text-zinc-700">Members</legend>
      <ol className="space-y-2">
        {members.map((member, index) => {
          const path = `members.${index}`;
          // An empty choice fails the API's slug check; say what to do instead of quoting the slug rule.
          const agentError = errors[`${path}.agent`] && !member.agent ? "Choose an agent" : errors[`${path}.agent`];
          const rowErrors = [agentError, errors[`${path}.role`], errors[`${path}.capacity`], errors[`${path}.position`]].filter(Boolean);
          // An agent already in the definition stays choosable even if it has since been archived.
          const choices =
            agents.some((agent) => agent.slug === member.agent) || !member.agent ? agents : [...agents, { slug: member.agent, name: member.agent }];
          return (
            <li key={member.key} className="rounded-lg border border-zinc-200 bg-zinc-50/60 p-2.5" data-testid={`member-row-${index}`}>
              <div className="flex items-center gap-2">
                <span className="w-6 flex-none text-right font-mono text-xs text-zinc-400">{index + 1}.</span>
                <select
                  name={`${path}.agent`}
                  aria-label={`Member ${index + 1} agent`}
                  value={member.agent}
                  disabled={isReadOnly}
                  onChange={(event) => update(index, { agent: event.target.value })}
                  aria-invalid={errors[`${path}.agent`] ? true : undefined}
                  className={cn(inputClass, "w-72 flex-none")}
                >
                  <option value="">Choose an agent…</option>
                  {choices.map((agent) => (
                    <option key={agent.slug} value={agent.slug}>
                      {agent.name} ({agent.slug})
                    </option>
                  ))}
                </select>
                <input
                  name={`${path}.role`}
                  aria-label={`Member ${index + 1} role`}
                  placeholder="Role (optional)"
                  value={member.role}
                  maxLength={80}
                  disabled={isReadOnly}
                  onChange={(event) => update(index, { role: event.target.value })}
                  className={cn(inputClass, "min-w-0 flex-1")}
                />
                {variant === "capacity" && (
                  <input
                    name={`${path}.capacity`}
                    aria-label={`Member ${index + 1} capacity`}
                    title="Capacity: runs a day, 1–10"
                    type="number"
                    min={1}
                    max={10}
                    placeholder="3"
                    value={member.capacity}
                    disabled={isReadOnly}
                    onChange={(event) => update(index, { capacity: event.target.value })}
                    aria-invalid={errors[`${path}.capacity`] ? true : undefined}
                    className={cn(inputClass, "w-20 flex-none")}
                  />
                )}
                {!isReadOnly && (
                  <div className="flex flex-none items-center">
                    {variant === "ordered" && (
                      <>
                        <Button variant="ghost" size="sm" aria-label={`Move member ${index + 1} up`} disabled={index === 0} onClick={() => move(index, -1)}>
                          <ArrowUp className="size-3.5" aria-hidden />
                        </Button>
                        <Button
                          variant="ghost"
                          size="sm"
                          aria-label={`Move member ${index + 1} down`}
                          disabled={index === members.length - 1}
                          onClick={() => move(index, 1)}
                        >
                          <ArrowDown className="size-3.5" aria-hidden />
                        </Button>
                      </>
                    )}
                    <Button variant="ghost" size="sm" aria-label={`Remove member ${index + 1}`} onClick={() => onChange(members.filter((_, i) => i !== index))}>
                      <X className="size-3.5" aria-hidden />
                    </Button>
                  </div>
                )}
              </div>
              {rowErrors.map((message) => (
                <p key={message} className="mt-1.5 pl-8 text-xs text-red-700" data-testid={`member-error-${index}`}>
                  {message}
                </p>
              ))}
            </li>
          );
        })}
      </ol>
      {listError && (
        <p id="members-error" className="text-xs text-red-700">
          {listError}
        </p>
      )}
      {!isReadOnly && (
        <Button size="sm" onClick={() => onChange([...members, memberDraft()])}>
          <Plus className="size-3.5" aria-hidden />
          Add member
        </Button>
      )}
    </fieldset>
  );
}
