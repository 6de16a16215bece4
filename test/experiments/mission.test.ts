import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/experiments/catalog.js';
import { MISSION, missionOrder } from '../../src/experiments/mission.js';

describe('the mission orders the catalog', () => {
  it('lists every catalog experiment under exactly one of its four questions, and nothing else', () => {
    const listed = MISSION.flatMap((q) => q.experiments);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual(catalog.map((e) => e.id).sort());
  });

  it('orders experiments question by question, unknown ids last', () => {
    expect(missionOrder('xor')).toBeLessThan(missionOrder('stability'));
    expect(missionOrder('stability')).toBeLessThan(missionOrder('loss-landscape'));
    expect(missionOrder('loss-landscape')).toBeLessThan(missionOrder('rnn-fixed-points'));
    expect(missionOrder('no-such-experiment')).toBe(Number.MAX_SAFE_INTEGER);
  });
});
