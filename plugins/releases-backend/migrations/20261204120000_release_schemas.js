// @ts-check

/**
 * Database schema versions that pipelines report per release, for
 * components that keep no schema file in their repository. A release's
 * schema is fixed once reported: it is part of what was built.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('release_schemas', table => {
    table.comment('Database schema versions reported by pipelines per release');
    table.string('entity_ref', 255).notNullable();
    table.string('version', 255).notNullable().comment('without tag prefix');
    table.integer('schema_version').notNullable();
    table
      .integer('compatible_up_to')
      .notNullable()
      .comment('the newest schema the release still runs on');
    table.string('reported_by', 255).notNullable();
    table.timestamp('reported_at', { useTz: true }).notNullable();
    table.primary(['entity_ref', 'version']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('release_schemas');
};
