import { Inject, Injectable } from '@nestjs/common';
import { PERMISSIONS } from '@artstore/contracts';
import { APP_CONFIG } from '@artstore/platform';
import type { AdminConfig } from '../config/admin.config';

/** RFC 8414 metadata, served unchanged as the OpenID discovery document too. */
@Injectable()
export class AuthorizationServerMetadata {
  private readonly metadata: Readonly<Record<string, unknown>>;

  constructor(@Inject(APP_CONFIG) config: AdminConfig) {
    const issuer = config.ARTSTORE_ISSUER;
    const base = issuer.replace(/\/+$/, '');
    this.metadata = Object.freeze({
      issuer,
      token_endpoint: `${base}/api/v1/auth/token`,
      jwks_uri: `${base}/.well-known/jwks.json`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      scopes_supported: [...PERMISSIONS],
      response_types_supported: ['token'],
      id_token_signing_alg_values_supported: ['RS256'],
      subject_types_supported: ['public'],
      service_documentation: `${base}/api/docs`,
    });
  }

  document(): Record<string, unknown> {
    return this.metadata;
  }
}
