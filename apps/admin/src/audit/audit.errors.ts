import { DomainError, type DomainErrorMapper, type ProblemMapping } from '@artstore/platform';

export enum AuditErrorCode {
  InvalidCursor = 'invalid_cursor',
}

export class AuditError extends DomainError<AuditErrorCode> {
  constructor(
    code: AuditErrorCode,
    message: string,
    fieldErrors?: readonly { field: string; message: string }[],
  ) {
    super(code, message, fieldErrors);
  }
}

function mapAuditErrorCode(code: AuditErrorCode): ProblemMapping {
  switch (code) {
    case AuditErrorCode.InvalidCursor:
      return { status: 400, title: 'Invalid cursor' };
  }
}

/** The audit module's part of the admin's `mapDomainError`. */
export const mapAuditError: DomainErrorMapper = (error) =>
  error instanceof AuditError ? mapAuditErrorCode(error.code) : undefined;
