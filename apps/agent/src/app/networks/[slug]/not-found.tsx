import { DefinitionNotFound } from "@/components/definitions/definition-not-found";

export default function NetworkNotFound() {
  return <DefinitionNotFound noun="Network" listHref="/networks" listLabel="networks" />;
}
