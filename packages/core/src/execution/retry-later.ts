/**
 * Thrown by a handler that is not failing but waiting for something outside the engine (an external
 * runner finishing a sub-run): the engine runs the job again after `retryAfterMs` without using up
 * one of its attempts, so a long wait never exhausts them.
 */
export class RetryLater extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
    this.name = "RetryLater";
  }
}

export function isRetryLater(error: unknown): error is RetryLater {
  return error instanceof RetryLater;
}
