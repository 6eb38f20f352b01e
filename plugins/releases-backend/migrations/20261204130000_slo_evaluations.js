// @ts-check

/**
 * SLO evaluations per entity, environment and window: the values each
 * objective had, the baseline it was compared with and the outcome of
 * the metrics source, kept so later evaluations compare with them and
 * stability scores are computed from them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('slo_evaluations', table => {
    table.comment('Stored SLO evaluations');
    table.increments('id');
    table.string('entity_ref', 255).notNullable();
    table.string('environment', 255).notNullable();
    table
      .string('version', 255)
      .nullable()
      .comment('the tag (or WIP) that ran there, if known');
    table.timestamp('window_start', { useTz: true }).notNullable();
    table.timestamp('window_end', { useTz: true }).notNullable();
    table.timestamp('evaluated_at', { useTz: true }).notNullable();
    table
      .string('source', 64)
      .notNullable()
      .comment('the metrics source, or pipeline for pushed values');
    table
      .string('result', 16)
      .notNullable()
      .comment('pass, warning, fail or no-data');
    table.float('score').nullable().comment('percent; null for no-data');
    table.boolean('key_sli_failed').notNullable();
    table.text('indicators').notNullable().comment('JSON');
    table.string('reported_by', 255).notNullable();
    // One evaluation of a window per source: a repeat is the same evaluation.
    table.unique(['entity_ref', 'environment', 'source', 'window_end'], {
      indexName: 'slo_evaluations_window_uq',
    });
    table.index(
      ['entity_ref', 'environment', 'window_end'],
      'slo_evaluations_by_entity_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('slo_evaluations');
};
