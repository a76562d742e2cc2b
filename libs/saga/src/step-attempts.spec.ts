import { trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anOrchestrator, journaledSaga, start } from './saga.spec-helpers';
import { InMemorySagaStore } from './testing';

describe('attemptStep', () => {
  const exporter = new InMemorySpanExporter();

  beforeAll(() => {
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
    );
  });

  afterAll(() => {
    trace.disable();
  });

  it('traces every step and compensation as a span naming the saga, with failures marked', async () => {
    exporter.reset();
    const { orchestrator } = anOrchestrator(new InMemorySagaStore());
    const result = await start(orchestrator, journaledSaga([], { runFailures: { register: Infinity } }));
    expect(result.status).toBe('compensated');
    const spans = exporter.getFinishedSpans();
    const names = spans.map((span) => span.name);
    expect(names.slice(0, 3)).toEqual([
      expect.stringMatching(/^saga \S+ reserve$/),
      expect.stringMatching(/^saga \S+ store$/),
      expect.stringMatching(/^saga \S+ register$/),
    ]);
    expect(names).toContainEqual(expect.stringMatching(/^saga \S+ compensate store$/));
    const failed = spans.find((span) => span.name.endsWith(' register'));
    expect(failed?.status.code).toBe(2);
    expect(failed?.attributes['artstore.saga.id']).toBe(result.sagaId);
  });
});
