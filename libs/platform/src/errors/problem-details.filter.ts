import { randomUUID } from 'node:crypto';
import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE } from '@artstore/contracts';
import type { AppLogger } from '../logging/create-logger';
import { classifyError } from './classify-error';
import type { DomainErrorMapper } from './domain-error';
import { buildProblem } from './problem';

/** Answers every error with RFC 9457 problem+json; unexpected ones get only an id that is in the log. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(
    private readonly logger: AppLogger,
    private readonly mapDomainError: DomainErrorMapper,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const instance = request.url.split('?')[0] ?? '/';
    const classified = classifyError(exception, this.mapDomainError);

    if (reply.sent || reply.raw.headersSent) {
      // The status line is gone; all that is left is to cut the response short and say why.
      this.logger.error({ err: exception, path: instance }, 'error after the response started');
      reply.raw.destroy();
      return;
    }

    if (classified.kind === 'expected') {
      const problem = buildProblem({ ...classified.problem, instance, requestId: request.id });
      void reply
        .status(problem.status)
        .headers(classified.headers ?? {})
        .type(PROBLEM_CONTENT_TYPE)
        .send(problem);
      return;
    }

    const errorId = randomUUID();
    this.logger.error({ err: exception, error_id: errorId, path: instance }, 'unexpected error');
    const problem = buildProblem({
      status: 500,
      code: 'internal_error',
      detail: `An unexpected error occurred. Quote error id ${errorId} when reporting it.`,
      instance,
      requestId: request.id,
      errorId,
    });
    void reply.status(500).type(PROBLEM_CONTENT_TYPE).send(problem);
  }
}
