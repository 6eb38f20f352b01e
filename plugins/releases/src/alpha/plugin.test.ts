import plugin from './plugin';

describe('releases plugin (new frontend system)', () => {
  it('has the plugin id and its API and entity content extensions', () => {
    expect(plugin.pluginId).toBe('releases');
    expect(plugin.getExtension('api:releases')).toBeDefined();
    expect(plugin.getExtension('entity-content:releases')).toBeDefined();
  });

  it('has the Environments card, the Promotion tab and the systems Environments tab', () => {
    expect(
      plugin.getExtension('entity-card:releases/environments'),
    ).toBeDefined();
    expect(
      plugin.getExtension('entity-content:releases/promotion'),
    ).toBeDefined();
    expect(
      plugin.getExtension('entity-content:releases/environments'),
    ).toBeDefined();
  });
});
