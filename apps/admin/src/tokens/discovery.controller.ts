import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { JWK } from 'jose';
import { Public } from '@artstore/platform';
import { AuthorizationServerMetadata } from './authorization-server-metadata';
import { SigningKeysService } from '../signing-keys/signing-keys.service';

@ApiTags('auth')
@Controller('.well-known')
export class DiscoveryController {
  constructor(
    private readonly metadata: AuthorizationServerMetadata,
    private readonly signingKeys: SigningKeysService,
  ) {}

  @Get('openid-configuration')
  @Public()
  @ApiOperation({ summary: 'OpenID Connect discovery document' })
  openIdConfiguration(): Record<string, unknown> {
    return this.metadata.document();
  }

  @Get('oauth-authorization-server')
  @Public()
  @ApiOperation({ summary: 'OAuth 2.0 authorization server metadata (RFC 8414)' })
  authorizationServer(): Record<string, unknown> {
    return this.metadata.document();
  }

  @Get('jwks.json')
  @Public()
  // Short enough that a verifier sees a new key well within the publish lead.
  @Header('cache-control', 'public, max-age=60')
  @ApiOperation({ summary: 'Public signing keys (RFC 7517)' })
  jwks(): { keys: JWK[] } {
    return this.signingKeys.jwks();
  }
}
