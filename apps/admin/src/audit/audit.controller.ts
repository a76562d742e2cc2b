import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { AuditEvent, AuditVerification, Page } from '@artstore/contracts';
import { parseInput, RequirePermissions } from '@artstore/platform';
import { AUDIT_ACTIONS } from './audit-actions';
import { AuditChainVerifier } from './audit-chain-verifier.service';
import { AuditService } from './audit.service';
import { AUDIT_PAGE_LIMIT, auditEventQuerySchema } from './dto/audit-event-query.dto';
import { AuditEventPageDto, AuditVerificationDto } from './dto/audit-event.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit-events')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly verifier: AuditChainVerifier,
  ) {}

  @Get()
  @RequirePermissions('audit:read')
  @ApiOperation({ summary: 'Audit events, newest first, filtered and paged by an opaque cursor.' })
  @ApiQuery({
    name: 'limit',
    required: false,
    schema: { type: 'integer', minimum: AUDIT_PAGE_LIMIT.min, maximum: AUDIT_PAGE_LIMIT.max, default: 100 },
  })
  @ApiQuery({ name: 'cursor', required: false, description: '`next_cursor` of the previous page.' })
  @ApiQuery({ name: 'actor', required: false, description: 'Client id, or `system`.' })
  @ApiQuery({ name: 'action', required: false, enum: AUDIT_ACTIONS })
  @ApiQuery({ name: 'resource', required: false })
  @ApiQuery({ name: 'result', required: false, enum: ['success', 'failure'] })
  @ApiQuery({
    name: 'from',
    required: false,
    description: 'Inclusive.',
    schema: { type: 'string', format: 'date-time' },
  })
  @ApiQuery({
    name: 'to',
    required: false,
    description: 'Exclusive.',
    schema: { type: 'string', format: 'date-time' },
  })
  @ApiOkResponse({ type: AuditEventPageDto })
  @ApiBadRequestResponse({
    description: 'A query parameter or the cursor is invalid (problem+json names it).',
  })
  async list(@Query() query: unknown): Promise<Page<AuditEvent>> {
    return this.audit.listEvents(parseInput(auditEventQuerySchema, query, 'query'));
  }

  @Get('verify')
  @RequirePermissions('audit:read')
  @ApiOperation({ summary: 'Recomputes the hash chain from the first event and reports the first break.' })
  @ApiOkResponse({ type: AuditVerificationDto })
  async verify(): Promise<AuditVerification> {
    return this.verifier.verifyChain();
  }
}
