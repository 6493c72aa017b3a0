"use client";

import Form, { type FormProps } from "@rjsf/core";
import type { ErrorSchema, IconButtonProps, RJSFSchema, UiSchema } from "@rjsf/utils";
import validator from "@rjsf/validator-ajv8";
import { ArrowDownIcon, ArrowUpIcon, CopyIcon, PlusIcon, XIcon } from "lucide-react";
import type { ReactNode } from "react";

/** rjsf's default buttons draw Bootstrap glyphicons we do not ship: ours carry a visible label and an icon. */
function iconButton(label: string, Icon: typeof PlusIcon, tone = "text-zinc-700") {
  return function SchemaFormButton({
    icon: _icon,
    iconType: _iconType,
    uiSchema: _uiSchema,
    registry: _registry,
    className: _className,
    ...button
  }: IconButtonProps) {
    return (
      <button
        type="button"
        {...button}
        className={`inline-flex h-7 items-center gap-1 rounded-md border border-zinc-200 bg-white px-2 text-xs font-medium shadow-xs hover:bg-zinc-50 disabled:opacity-50 ${tone}`}
      >
        <Icon className="size-3.5" aria-hidden />
        {label}
      </button>
    );
  };
}

const TEMPLATES: FormProps["templates"] = {
  ButtonTemplates: {
    AddButton: iconButton("Add item", PlusIcon),
    RemoveButton: iconButton("Remove", XIcon, "text-red-700"),
    MoveUpButton: iconButton("Up", ArrowUpIcon),
    MoveDownButton: iconButton("Down", ArrowDownIcon),
    CopyButton: iconButton("Copy", CopyIcon),
    ClearButton: iconButton("Clear", XIcon),
  },
};

/**
 * Stored schemas lose their key order (Postgres jsonb sorts keys), so the form lists required fields
 * first, then the rest by name: stable, and the fields that matter on top.
 */
export function fieldOrder(schema: Record<string, unknown>): string[] {
  const properties = Object.keys((schema.properties as Record<string, unknown> | undefined) ?? {});
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  return [...properties.filter((name) => required.has(name)), ...properties.filter((name) => !required.has(name)).sort()];
}

/** A form generated from a JSON Schema (@rjsf/core), in the app's form style; `errors` are the API's, by field. */
export function SchemaForm({
  schema,
  initialData,
  errors,
  disabled,
  onSubmit,
  children,
}: {
  schema: Record<string, unknown>;
  initialData: Record<string, unknown>;
  errors?: ErrorSchema;
  disabled?: boolean;
  onSubmit: (data: Record<string, unknown>) => void;
  /** The submit row. */
  children: ReactNode;
}) {
  const uiSchema: UiSchema = { "ui:order": [...fieldOrder(schema), "*"] };
  return (
    <Form
      className="rjsf space-y-3"
      schema={schema as RJSFSchema}
      uiSchema={uiSchema}
      formData={initialData}
      validator={validator}
      templates={TEMPLATES}
      showErrorList={false}
      extraErrors={errors}
      disabled={disabled}
      onSubmit={({ formData }) => onSubmit((formData ?? {}) as Record<string, unknown>)}
    >
      {children}
    </Form>
  );
}

/** The API's `input.a.b` field errors as rjsf's nested error schema, so each shows under its field. */
export function toErrorSchema(fields: Record<string, string>): ErrorSchema {
  const schema: Record<string, unknown> = {};
  for (const [path, message] of Object.entries(fields)) {
    let node = schema;
    for (const part of path.split(".").slice(1)) {
      node[part] ??= {};
      node = node[part] as Record<string, unknown>;
    }
    node.__errors = [...((node.__errors as string[] | undefined) ?? []), message];
  }
  return schema as ErrorSchema;
}
