import { DomainError, type DomainErrorMapper } from '@artstore/platform';

export type ServiceAccountsErrorCode =
  'account_not_found' | 'client_id_taken' | 'last_admin' | 'invalid_cursor';

export class ServiceAccountsError extends DomainError<ServiceAccountsErrorCode> {
  static notFound(id: string): ServiceAccountsError {
    return new ServiceAccountsError('account_not_found', `No service account ${id}.`);
  }

  static clientIdTaken(clientId: string): ServiceAccountsError {
    return new ServiceAccountsError('client_id_taken', `The client id ${clientId} is already in use.`);
  }

  static lastAdmin(): ServiceAccountsError {
    return new ServiceAccountsError(
      'last_admin',
      'This is the last active admin account; it cannot be disabled, demoted or deleted.',
    );
  }

  static invalidCursor(): ServiceAccountsError {
    return new ServiceAccountsError(
      'invalid_cursor',
      'The cursor is malformed; use next_cursor from a previous page.',
    );
  }
}

export const mapServiceAccountsError: DomainErrorMapper = (error) => {
  if (!(error instanceof ServiceAccountsError)) {
    return undefined;
  }
  switch (error.code) {
    case 'account_not_found':
      return { status: 404 };
    case 'client_id_taken':
    case 'last_admin':
      return { status: 409 };
    case 'invalid_cursor':
      return { status: 400 };
  }
};
