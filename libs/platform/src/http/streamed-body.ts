import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';

// Requests to streamed-body routes are relabelled with this private type before Fastify picks a
// body parser, so no parser (JSON included) reads them and the handler gets the raw stream.
const STREAMED_MEDIA_TYPE = 'application/x-artstore-streamed-body';
const originalContentType = Symbol('artstore.original-content-type');

type RawWithContentType = IncomingMessage & { [originalContentType]?: string };

interface StreamedRouteConfig {
  streamedBody?: boolean;
}

/** Marks a route whose handler reads the request body itself, as a stream, whatever its type. */
export const StreamedBody = (): MethodDecorator => RouteConfig({ streamedBody: true });

/** Installs the relabelling hook and the pass-through parser behind `@StreamedBody()`. */
export function registerStreamedBodyRoutes(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(STREAMED_MEDIA_TYPE, (_request, payload, done) => done(null, payload));
  fastify.addHook('onRequest', (request, _reply, done) => {
    const config = request.routeOptions.config as StreamedRouteConfig | undefined;
    if (config?.streamedBody) {
      const raw = request.raw as RawWithContentType;
      raw[originalContentType] = request.headers['content-type'];
      request.headers['content-type'] = STREAMED_MEDIA_TYPE;
    }
    done();
  });
}

/** The body of a `@StreamedBody()` route: the request stream (empty when nothing was sent). */
export function streamedBodyOf(request: FastifyRequest): Readable {
  return request.body instanceof Readable ? request.body : Readable.from([]);
}

/** The Content-Type the client sent to a `@StreamedBody()` route. */
export function streamedContentTypeOf(request: FastifyRequest): string | undefined {
  return (request.raw as RawWithContentType)[originalContentType];
}
