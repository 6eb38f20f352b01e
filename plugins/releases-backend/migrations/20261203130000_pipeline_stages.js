// @ts-check

/**
 * The pipeline trace of a version: the last report of each stage (clone,
 * build, unit tests, ...), which environments may require before a
 * version enters them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('pipeline_stages', table => {
    table.comment('Pipeline stages reported for a version of a component');
    table.increments('id');
    table.string('entity_ref', 255).notNullable();
    table.string('version', 255).notNullable().comment('without tag prefix');
    table.string('stage', 63).notNullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('running, succeeded, failed or skipped');
    table.timestamp('started_at', { useTz: true }).nullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.text('url').nullable();
    table.string('detail', 500).nullable();
    table
      .string('sha', 40)
      .nullable()
      .comment('the commit the pipeline built, as it reported it');
    table.string('reported_by', 255).notNullable();
    table.timestamp('reported_at', { useTz: true }).notNullable();
    // A new report of a stage replaces the old one.
    table.unique(['entity_ref', 'version', 'stage'], {
      indexName: 'pipeline_stages_stage_uq',
    });
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('pipeline_stages');
};
