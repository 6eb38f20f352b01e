import plugin from './plugin';

describe('releases plugin (new frontend system)', () => {
  it('has the plugin id and its API and entity content extensions', () => {
    expect(plugin.pluginId).toBe('releases');
    expect(plugin.getExtension('api:releases')).toBeDefined();
    expect(plugin.getExtension('entity-content:releases')).toBeDefined();
  });
});
