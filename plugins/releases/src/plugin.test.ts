import { releasesApiRef } from '@releases-for-backstage/plugin-releases-react';
import { releasesPlugin } from './plugin';

describe('releasesPlugin', () => {
  it('has the plugin id and provides the releases API', () => {
    expect(releasesPlugin.getId()).toBe('releases');
    const apis = [...releasesPlugin.getApis()];
    expect(apis.map(factory => factory.api.id)).toEqual([releasesApiRef.id]);
  });
});
