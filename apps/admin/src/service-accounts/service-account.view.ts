import type { ServiceAccount } from '@artstore/contracts';
import type { AccountRecord } from './service-accounts.repository';

export function toServiceAccountView(account: AccountRecord): ServiceAccount {
  return {
    id: account.id,
    client_id: account.clientId,
    name: account.name,
    description: account.description,
    role: account.role,
    status: account.status,
    rate_limit_per_minute: account.rateLimitPerMinute,
    created_at: account.createdAt.toISOString(),
    updated_at: account.updatedAt.toISOString(),
    secret_rotated_at: account.secretRotatedAt.toISOString(),
  };
}
