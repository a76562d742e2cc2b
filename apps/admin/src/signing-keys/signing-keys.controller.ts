import { Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Principal, SigningKeyView } from '@artstore/contracts';
import { CurrentPrincipal } from '@artstore/auth';
import { RequirePermissions } from '@artstore/platform';
import { SigningKeysService } from './signing-keys.service';

@ApiTags('signing keys')
@ApiBearerAuth()
@Controller('api/v1/signing-keys')
export class SigningKeysController {
  constructor(private readonly signingKeys: SigningKeysService) {}

  @Get()
  @RequirePermissions('keys:read')
  @ApiOperation({ summary: 'Every key still published: waiting, signing and retired' })
  list(): { items: SigningKeyView[] } {
    return { items: this.signingKeys.views() };
  }

  @Post('rotate')
  @HttpCode(201)
  @RequirePermissions('keys:write')
  @ApiOperation({ summary: 'Publish a new key now; it signs once the publish lead has passed' })
  @ApiResponse({ status: 201, description: 'A new key was created' })
  @ApiResponse({ status: 200, description: 'A key was already waiting; it is returned' })
  async rotate(
    @CurrentPrincipal() caller: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SigningKeyView> {
    const { view, created } = await this.signingKeys.rotate(caller.clientId);
    if (!created) {
      void reply.status(200);
    }
    return view;
  }
}
