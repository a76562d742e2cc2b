import { describe, expect, it } from 'vitest';
import { nextPollCounters, type PollCounters, type PollOutcome } from './element-status';

const missed: PollOutcome = { reached: false };
const healthy: PollOutcome = { reached: true, reported: 'online' };

function after(start: PollCounters, outcomes: PollOutcome[]): PollCounters {
  return outcomes.reduce(nextPollCounters, start);
}

const online: PollCounters = { status: 'online', failedPolls: 0, healthyPolls: 5 };

describe('nextPollCounters', () => {
  it('keeps an online element online after a single missed poll', () => {
    expect(after(online, [missed]).status).toBe('online');
  });

  it('does not flap when misses and answers alternate', () => {
    expect(after(online, [missed, healthy, missed, healthy, missed]).status).toBe('online');
  });

  it('marks an element degraded after two missed polls and offline after four', () => {
    expect(after(online, [missed, missed]).status).toBe('degraded');
    expect(after(online, [missed, missed, missed]).status).toBe('degraded');
    expect(after(online, [missed, missed, missed, missed]).status).toBe('offline');
  });

  it('needs two healthy polls in a row to bring an offline element back', () => {
    const offline = after(online, [missed, missed, missed, missed]);
    expect(after(offline, [healthy]).status).toBe('offline');
    expect(after(offline, [healthy, missed, healthy]).status).toBe('offline');
    expect(after(offline, [healthy, healthy]).status).toBe('online');
  });

  it('takes the status an element reports about itself at once', () => {
    expect(after(online, [{ reached: true, reported: 'degraded' }]).status).toBe('degraded');
    const degraded = after(online, [{ reached: true, reported: 'degraded' }]);
    expect(after(degraded, [healthy]).status).toBe('degraded');
    expect(after(degraded, [healthy, healthy]).status).toBe('online');
  });

  it('keeps a degraded element degraded while it misses fewer than four polls', () => {
    const degraded: PollCounters = { status: 'degraded', failedPolls: 0, healthyPolls: 0 };
    expect(after(degraded, [missed, missed, missed]).status).toBe('degraded');
  });
});
