// @ts-check

/**
 * A counter bumped with every change of environment_state, so cached views
 * of it (the product matrix) know cheaply whether they are still current,
 * across backend instances.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('state_versions', table => {
    table.string('name', 64).primary().notNullable();
    table.bigInteger('version').notNullable().defaultTo(0);
  });
  await knex('state_versions').insert({
    name: 'environment_state',
    version: 0,
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('state_versions');
};
