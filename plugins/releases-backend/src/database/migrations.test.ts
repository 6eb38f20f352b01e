import { resolve } from 'node:path';
import { releasesTestDatabases } from '../service/__testUtils__/promotionFixtures';

jest.setTimeout(60_000);

const databases = releasesTestDatabases();
const directory = resolve(__dirname, '../../migrations');
const JUDGEMENT_TABLES = [
  'change_labels',
  'test_results',
  'promotion_votes',
  'product_freezes',
  'release_blessings',
  'hotfixes',
  'product_promotions',
  'pipeline_stages',
];

describe.each(databases.eachSupportedId())('migrations on %p', databaseId => {
  it('go up, all the way down and up again, one at a time', async () => {
    const knex = await databases.init(databaseId);
    const [, pending] = await knex.migrate.list({ directory });
    const names = pending.map((m: { file: string }) => m.file);
    expect(names.length).toBeGreaterThanOrEqual(4);
    for (const _ of names) await knex.migrate.up({ directory });
    expect(await knex.schema.hasTable('promotion_decisions')).toBe(true);
    expect(await knex.schema.hasColumn('promotions', 'execution')).toBe(true);
    expect(await knex.schema.hasColumn('promotions', 'override')).toBe(true);
    expect(
      await knex.schema.hasColumn('promotions', 'product_promotion_id'),
    ).toBe(true);
    for (const table of JUDGEMENT_TABLES) {
      expect({ table, exists: await knex.schema.hasTable(table) }).toEqual({
        table,
        exists: true,
      });
    }
    for (const _ of names) await knex.migrate.down({ directory });
    for (const table of [
      'promotions',
      'promotion_decisions',
      'deployments',
      'state_versions',
      ...JUDGEMENT_TABLES,
    ]) {
      expect({ table, exists: await knex.schema.hasTable(table) }).toEqual({
        table,
        exists: false,
      });
    }
    await knex.migrate.latest({ directory });
    await knex('promotion_decisions').insert({
      promotion_id: 'p',
      actor: 'user:default/ann',
      decision: 'approve',
      reason: null,
      at: new Date(),
    });
    expect(await knex('promotion_decisions').count({ n: '*' })).toEqual([
      { n: expect.anything() },
    ]);
  });
});
