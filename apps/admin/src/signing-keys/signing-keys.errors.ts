import { DomainError, type DomainErrorMapper } from '@artstore/platform';

export type SigningKeysErrorCode = 'signing_key_unavailable';

export class SigningKeysError extends DomainError<SigningKeysErrorCode> {
  static unavailable(): SigningKeysError {
    return new SigningKeysError('signing_key_unavailable', 'No signing key is available yet; retry shortly.');
  }
}

export const mapSigningKeysError: DomainErrorMapper = (error) => {
  if (!(error instanceof SigningKeysError)) {
    return undefined;
  }
  switch (error.code) {
    case 'signing_key_unavailable':
      return { status: 503, headers: { 'retry-after': '5' } };
  }
};
