import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageElementsConfigPublisher } from '@artstore/service-discovery';
import { STORAGE_ELEMENTS_CONFIG_CHANNEL, STORAGE_ELEMENTS_CONFIG_KEY } from '@artstore/contracts';
import { startServiceUnderTest, testInfra, waitFor, type RunningTestService } from '@artstore/testing';
import { ingester } from './ingester-under-test';

interface Readiness {
  details: {
    storage_elements?: {
      source: string;
      version: number | null;
      elements: number;
      age_seconds: number | null;
    };
  };
}

async function discoveryDetails(service: RunningTestService) {
  const body = (await (await fetch(`${service.url}/health/ready`)).json()) as Readiness;
  return body.details.storage_elements;
}

// The ingester as a discovery subscriber (SPEC §5); the subscriber's own protocol is tested in
// libs/service-discovery against the real Redis.
describe('ingester storage-element discovery', () => {
  let service: RunningTestService;
  let publisher: StorageElementsConfigPublisher;

  beforeAll(async () => {
    service = await startServiceUnderTest(ingester, {
      env: { ARTSTORE_STORAGE_ELEMENTS: 'se-static=http://127.0.0.1:9;mode=edit' },
    });
    const prefix = service.env['REDIS_KEY_PREFIX'];
    publisher = new StorageElementsConfigPublisher({
      redisUrl: testInfra.redisUrl,
      key: `${prefix}${STORAGE_ELEMENTS_CONFIG_KEY}`,
      channel: `${prefix}${STORAGE_ELEMENTS_CONFIG_CHANNEL}`,
    });
  });

  afterAll(async () => {
    await publisher?.close();
    await service?.close();
  });

  it('starts from ARTSTORE_STORAGE_ELEMENTS when Redis holds no configuration', async () => {
    expect(await discoveryDetails(service)).toMatchObject({ source: 'static', version: 0, elements: 1 });
  });

  it('applies a published configuration within 1 s and shows its age in readiness and metrics', async () => {
    const published = await publisher.publish([
      {
        id: 'se-01',
        url: 'http://127.0.0.1:8010',
        mode: 'rw',
        priority: 1,
        capacity_bytes: 100,
        used_bytes: 0,
        free_bytes: 100,
        status: 'online',
      },
    ]);
    await waitFor(async () => (await discoveryDetails(service))?.version === published.version, 1_000, 20);
    expect(await discoveryDetails(service)).toMatchObject({ source: 'redis', elements: 1 });
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/^service_discovery_config_age_seconds \d/m);
    expect(metrics).toContain(`service_discovery_config_version ${published.version}`);
  });
});
