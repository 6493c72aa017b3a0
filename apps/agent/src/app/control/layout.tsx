export { SignedInLayout as default } from "@/components/app-shell";
