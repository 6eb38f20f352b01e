// @ts-check

/**
 * What the judgement of a promotion reads: risk labels pipelines report per
 * change, test results per version, go/no-go votes, product freezes,
 * blessed releases and break-glass overrides.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('change_labels', table => {
    table.comment('Risk labels pipelines reported for a change of a component');
    table.string('entity_ref', 255).notNullable();
    table
      .string('change_id', 64)
      .notNullable()
      .comment('#N for a pull/merge request, else the full commit sha');
    table.text('labels').notNullable().comment('JSON: label name -> value');
    table.string('reported_by', 255).notNullable();
    table.timestamp('reported_at', { useTz: true }).notNullable();
    table.primary(['entity_ref', 'change_id']);
  });
  await knex.schema.createTable('test_results', table => {
    table.comment('Test results pipelines reported for a version');
    table.increments('id');
    table.string('entity_ref', 255).notNullable();
    table.string('version', 255).notNullable().comment('without tag prefix');
    table
      .string('environment', 255)
      .nullable()
      .comment('null: an isolated test environment');
    table.string('kind', 32).notNullable();
    table.string('status', 16).notNullable();
    table.string('toggle', 8).nullable();
    table.text('url').nullable();
    table.text('summary').nullable();
    table.string('reported_by', 255).notNullable();
    table.timestamp('reported_at', { useTz: true }).notNullable();
    table.index(['entity_ref', 'version'], 'test_results_by_version_idx');
  });
  await knex.schema.createTable('promotion_votes', table => {
    table.comment('Go/no-go votes, each for one version and environment');
    table.increments('id');
    table.string('promotion_id', 36).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('environment', 255).notNullable();
    table.string('version', 255).notNullable();
    table.string('role', 64).notNullable();
    table.string('decision', 8).notNullable().comment('go or no-go');
    table.text('reason').notNullable();
    table.string('voter', 255).notNullable();
    table.timestamp('cast_at', { useTz: true }).notNullable();
    table.index(['promotion_id'], 'promotion_votes_by_promotion_idx');
    table.index(
      ['entity_ref', 'environment', 'version'],
      'promotion_votes_by_target_idx',
    );
  });
  await knex.schema.createTable('product_freezes', table => {
    table.comment('Freezes that stop every promotion of a product (system)');
    table.string('system', 255).primary();
    table.text('reason').notNullable();
    table.string('frozen_by', 255).notNullable();
    table.timestamp('frozen_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('release_blessings', table => {
    table.comment('Blessed releases, and releases un-blessed by a person');
    table.string('entity_ref', 255).notNullable();
    table.string('version', 255).notNullable();
    table.boolean('blessed').notNullable();
    table.text('reason').notNullable();
    table.string('decided_by', 255).notNullable();
    table.timestamp('decided_at', { useTz: true }).notNullable();
    table.primary(['entity_ref', 'version']);
  });
  await knex.schema.alterTable('promotions', table => {
    table
      .text('override')
      .nullable()
      .comment('JSON: a break-glass override {by, reason, at}');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('promotions', table => {
    table.dropColumn('override');
  });
  await knex.schema.dropTable('release_blessings');
  await knex.schema.dropTable('product_freezes');
  await knex.schema.dropTable('promotion_votes');
  await knex.schema.dropTable('test_results');
  await knex.schema.dropTable('change_labels');
};
