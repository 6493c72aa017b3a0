/** One problem with a workflow definition: where it is (`nodes.2.dependsOn.0`) and what is wrong. */
export interface Problem {
  path: string;
  message: string;
}
