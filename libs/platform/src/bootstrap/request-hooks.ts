import { AsyncResource } from 'node:async_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpHeader } from '@artstore/contracts';
import type { AppLogger } from '../logging/create-logger';
import { redactUrl } from '../logging/redaction';
import { RequestContext, runWithRequestContext } from '../logging/request-context';
import { securityHeaders as computeSecurityHeaders } from '../http/security-headers';
import type { MetricsService } from '../metrics/metrics.service';

const contextResource = Symbol('artstore.request-context');
type RequestWithContext = FastifyRequest & { [contextResource]?: AsyncResource };

const UNMATCHED_ROUTE = 'unmatched';
const QUIET_ROUTES = new Set(['/health/live', '/health/ready', '/metrics']);

/**
 * Per-request plumbing: security headers and the request id, open the async context that logs and outbound calls
 * read, then count and log the response by its route template.
 */
export function registerRequestHooks(
  fastify: FastifyInstance,
  logger: AppLogger,
  metrics: MetricsService,
): void {
  const securityHeaders = computeSecurityHeaders();
  fastify.addHook('onRequest', (request: RequestWithContext, reply, done) => {
    void reply.headers(securityHeaders).header(HttpHeader.RequestId, request.id);
    const inbound = request.headers[HttpHeader.TraceParent];
    const context = new RequestContext(request.id, typeof inbound === 'string' ? inbound : undefined);
    runWithRequestContext(context, () => {
      request[contextResource] = new AsyncResource('artstore.request');
      done();
    });
  });

  // Body parsing runs in the socket's async context; re-enter the request's before the handler.
  fastify.addHook('preValidation', (request: RequestWithContext, _reply, done) => {
    const resource = request[contextResource];
    if (resource) {
      resource.runInAsyncScope(done);
    } else {
      done();
    }
  });

  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    const seconds = reply.elapsedTime / 1000;
    metrics.recordHttpRequest(request.method, route, reply.statusCode, seconds);
    if (!QUIET_ROUTES.has(route)) {
      logger.info(
        {
          request_id: request.id,
          method: request.method,
          url: redactUrl(request.url),
          route,
          status: reply.statusCode,
          duration_ms: Math.round(reply.elapsedTime * 100) / 100,
        },
        'request completed',
      );
    }
    done();
  });
}
