/** Base of every error circlebot throws on purpose; `code` is stable and documented. */
export class CircleError extends Error {
  override name = 'CircleError';
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Thrown at start-up when a setting is missing or wrong; `key` names it. */
export class ConfigError extends CircleError {
  override name = 'ConfigError';
  constructor(
    readonly key: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('CB_ERR_CONFIG', message, options);
  }
}

/** Thrown by an adapter when a platform call fails; keeps the method called. */
export class PlatformError extends CircleError {
  override name = 'PlatformError';
  constructor(
    readonly method: string,
    message: string,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super('CB_ERR_PLATFORM', message, options);
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
  readonly retryAfterSeconds: number | undefined;
}

/** Thrown when someone who is not an admin of the circle runs an admin action. */
export class NotAdminError extends CircleError {
  override name = 'NotAdminError';
  constructor(message = 'not an admin of this circle') {
    super('CB_ERR_NOT_ADMIN', message);
  }
}

/** Thrown when user input does not fit; carries a message-catalog key shown to the user. */
export class InvalidInputError extends CircleError {
  override name = 'InvalidInputError';
  constructor(
    readonly messageKey: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super('CB_ERR_INVALID_INPUT', messageKey);
  }
}
