/** Body of `/health/live` and `/health/ready` (the terminus shape). */
export interface HealthCheckResponse {
  status: 'ok' | 'error' | 'shutting_down';
  info?: Record<string, HealthIndicatorDetails>;
  error?: Record<string, HealthIndicatorDetails>;
  details: Record<string, HealthIndicatorDetails>;
}

export interface HealthIndicatorDetails {
  status: 'up' | 'down';
  [detail: string]: unknown;
}
