import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@artstore/platform';
import { OAuthError } from './oauth.errors';
import { TokenService } from './token.service';

@ApiTags('auth')
@Controller('api/v1/auth')
export class TokenController {
  constructor(private readonly tokens: TokenService) {}

  @Post('token')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'OAuth 2.0 client credentials grant (RFC 6749 §4.4)' })
  @ApiResponse({ status: 200, description: '{access_token, token_type, expires_in, scope}' })
  @ApiResponse({ status: 400, description: 'invalid_request, unsupported_grant_type or invalid_scope' })
  @ApiResponse({ status: 401, description: 'invalid_client' })
  async token(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    // Tokens and refusals alike must never be cached (RFC 6749 §5.1).
    void reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    try {
      const token = await this.tokens.issueToken({
        ip: request.ip,
        authorization: request.headers.authorization,
        contentType: request.headers['content-type'],
        body: request.body,
      });
      await reply.status(200).send(token);
    } catch (error) {
      if (!(error instanceof OAuthError)) {
        throw error;
      }
      if (error.status === 401 && error.basicAttempted) {
        void reply.header('www-authenticate', 'Basic realm="artstore", charset="UTF-8"');
      }
      await reply.status(error.status).send(error.body);
    }
  }
}
