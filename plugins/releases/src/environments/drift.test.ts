import { environmentsResponse } from '../__fixtures__/environments';
import { findDrift } from './drift';

describe('findDrift', () => {
  it('finds environments behind the one before them', () => {
    const drift = findDrift(environmentsResponse.environments);
    expect([...drift.values()]).toEqual([
      {
        environment: 'staging',
        version: 'v1.4.0-rc.2',
        behind: 'qa',
        behindVersion: 'v1.5.0-rc.1',
      },
    ]);
  });

  it('only compares neighbours, and never WIP or empty environments', () => {
    const drift = findDrift([
      { environment: 'dev', version: 'WIP' },
      { environment: 'qa', version: 'v1.0.0-rc.1' },
      { environment: 'staging', version: null },
      { environment: 'canary', version: 'v0.9.0' },
      { environment: 'prod', version: 'v0.8.0' },
    ]);
    expect([...drift.keys()]).toEqual(['prod']);
    expect(drift.get('prod')).toMatchObject({
      behind: 'canary',
      behindVersion: 'v0.9.0',
    });
  });

  it('finds nothing when every environment is at or ahead of the previous one', () => {
    expect(
      findDrift([
        { environment: 'qa', version: 'v1.0.0-rc.1' },
        { environment: 'staging', version: 'v1.0.0-rc.1' },
        { environment: 'prod', version: 'v1.0.0' },
      ]).size,
    ).toBe(0);
  });
});
