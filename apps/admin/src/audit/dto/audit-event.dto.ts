import { ApiProperty } from '@nestjs/swagger';
import type { AuditEvent, AuditResult, AuditVerification, Page } from '@artstore/contracts';
import { AUDIT_ACTIONS } from '../audit-actions';

export class AuditEventDto implements AuditEvent {
  @ApiProperty({ description: 'Position in the chain (a 64-bit integer, as a string).', example: '42' })
  id!: string;

  @ApiProperty({ format: 'date-time', example: '2025-01-31T12:00:00.000Z' })
  at!: string;

  @ApiProperty({ description: 'Client id that acted, or `system`.', example: 'artstore-ingester' })
  actor!: string;

  @ApiProperty({ enum: AUDIT_ACTIONS, example: 'token.issued' })
  action!: string;

  @ApiProperty({ example: 'service-account:0b1c6c1e-5d0a-4f59-9b8e-2f5b8f0e1a42' })
  resource!: string;

  @ApiProperty({ enum: ['success', 'failure'] })
  result!: AuditResult;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Context; never secrets.' })
  details!: Record<string, unknown>;

  @ApiProperty({
    description: 'SHA-256 (hex) over the previous hash and this event.',
    pattern: '^[0-9a-f]{64}$',
  })
  hash!: string;
}

export class AuditEventPageDto implements Page<AuditEvent> {
  @ApiProperty({ type: [AuditEventDto], description: 'Newest first.' })
  items!: AuditEventDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last.',
  })
  next_cursor!: string | null;
}

export class AuditVerificationDto implements AuditVerification {
  @ApiProperty({ description: 'Every hash and link checked out.' })
  ok!: boolean;

  @ApiProperty({ description: 'Events read, up to and including the first broken one.' })
  events_checked!: number;

  @ApiProperty({ type: String, nullable: true, description: 'The first event whose hash or link is wrong.' })
  first_broken_id!: string | null;
}
