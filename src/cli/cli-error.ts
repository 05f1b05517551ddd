/** Exit codes of the operator CLI. */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A failure the operator can fix; the message is printed as is, without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
