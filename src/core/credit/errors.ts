import { CircleError } from '../errors.js';

/** Thrown by a credit provider that cannot answer now (down, slow, malformed answer). */
export class CreditUnavailableError extends CircleError {
  override name = 'CreditUnavailableError';
  constructor(
    readonly provider: string,
    readonly reason: 'timeout' | 'http' | 'bad_response' | 'network',
    message: string,
    options?: { cause?: unknown },
  ) {
    super('CB_ERR_CREDIT_UNAVAILABLE', message, options);
  }
}
