import type { Release } from '@releases-for-backstage/plugin-releases-common';
import { bySemVerDescending, latestFinalRelease } from './latest';

const release = (tag: string, date: string): Release => ({
  tag,
  version: tag.replace(/^v/, ''),
  prerelease: tag.includes('-'),
  sha: tag.padEnd(40, '0'),
  date,
  channel: null,
  changelog: { version: tag, previousVersion: null, date: null, sections: [] },
});

// Newest by date first, as the backend sends them.
const releases = [
  release('v2.0.0-rc.1', '2026-11-20T00:00:00Z'),
  release('v1.3.1', '2026-11-19T00:00:00Z'),
  release('v1.10.0', '2026-11-18T00:00:00Z'),
  release('v1.9.0', '2026-11-01T00:00:00Z'),
];

describe('latestFinalRelease', () => {
  it('is the newest final release by precedence, not the newest tag by date', () => {
    expect(latestFinalRelease(releases, 'v')?.tag).toBe('v1.10.0');
  });

  it('is undefined when there are only prereleases', () => {
    expect(latestFinalRelease([releases[0]], 'v')).toBeUndefined();
  });
});

describe('bySemVerDescending', () => {
  it('orders by precedence, newest first', () => {
    expect([...releases].sort(bySemVerDescending).map(r => r.tag)).toEqual([
      'v2.0.0-rc.1',
      'v1.10.0',
      'v1.9.0',
      'v1.3.1',
    ]);
  });
});
