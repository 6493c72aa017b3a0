import { DefinitionNotFound } from "@/components/definitions/definition-not-found";

export default function PulseNotFound() {
  return <DefinitionNotFound noun="Pulse" listHref="/pulses" listLabel="pulses" />;
}
