/** The stable error codes of docs/api.md; the API's one exception filter maps each to its status. */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  PASSWORD_CHANGE_REQUIRED: 'PASSWORD_CHANGE_REQUIRED',
  NOT_FOUND: 'NOT_FOUND',
  INVALID_STATE: 'INVALID_STATE',
  DUPLICATE: 'DUPLICATE',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  VOUCHER_NOT_USABLE: 'VOUCHER_NOT_USABLE',
  CATEGORY_NOT_ELIGIBLE: 'CATEGORY_NOT_ELIGIBLE',
  RELATED_PARTY: 'RELATED_PARTY',
  CAP_EXCEEDED: 'CAP_EXCEEDED',
  BUDGET_EXHAUSTED: 'BUDGET_EXHAUSTED',
  CLAIM_WINDOW_CLOSED: 'CLAIM_WINDOW_CLOSED',
  RATE_LIMITED: 'RATE_LIMITED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface FieldError {
  field: string;
  message: string;
}

/** What libs throw for every business refusal; never an HttpException. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly errors?: FieldError[],
  ) {
    super(`${code}: ${detail}`);
    this.name = 'DomainError';
  }

  static notFound(what: string): DomainError {
    return new DomainError(ErrorCode.NOT_FOUND, `${what} not found`);
  }

  static forbidden(detail = 'your role may not do this'): DomainError {
    return new DomainError(ErrorCode.FORBIDDEN, detail);
  }

  static invalidState(detail: string): DomainError {
    return new DomainError(ErrorCode.INVALID_STATE, detail);
  }

  static validation(field: string, message: string): DomainError {
    return new DomainError(ErrorCode.VALIDATION_FAILED, `${field}: ${message}`, [{ field, message }]);
  }

  static duplicate(detail: string): DomainError {
    return new DomainError(ErrorCode.DUPLICATE, detail);
  }
}
