// @ts-check

/**
 * Release state read from Git, per catalog entity. Git stays the record;
 * these tables are a cache the API serves from and the refresh job rebuilds.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('entity_release_state', table => {
    table.comment('Last Git read of each annotated entity');
    table.string('entity_ref', 255).primary().notNullable();
    table.text('repo').notNullable();
    table.string('tag_prefix', 255).notNullable();
    table.string('preset', 64).notNullable();
    table.string('head_sha', 64).nullable();
    table.text('unreleased').nullable().comment('UnreleasedChanges as JSON');
    table.text('error').nullable().comment('Why the last read failed');
    table.timestamp('refreshed_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('entity_releases', table => {
    table.comment('Release tags of each entity, with their changelogs');
    table.string('entity_ref', 255).notNullable();
    table.string('tag', 255).notNullable();
    table.string('version', 255).notNullable();
    table.boolean('prerelease').notNullable();
    table.string('sha', 64).notNullable();
    table.timestamp('released_at', { useTz: true }).notNullable();
    table.string('channel', 16).nullable();
    table.text('changelog').notNullable().comment('Changelog as JSON');
    table.primary(['entity_ref', 'tag']);
    table.index(['entity_ref', 'released_at'], 'entity_releases_by_date_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('entity_releases');
  await knex.schema.dropTable('entity_release_state');
};
