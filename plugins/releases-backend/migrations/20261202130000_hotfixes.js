// @ts-check

/**
 * Hotfixes as cut: a fix of the main line cherry-picked onto a release's
 * branch and tagged as its next patch, with the promotion proposed for it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('hotfixes', table => {
    table.comment('Hotfixes cut from the main line onto release branches');
    table.increments('id');
    table.string('entity_ref', 255).notNullable();
    table
      .string('fix_sha', 64)
      .notNullable()
      .comment("the fix's (last) commit on the main line");
    table.string('target', 255).notNullable().comment('the release fixed');
    table.string('branch', 255).notNullable();
    table.string('sha', 64).notNullable().comment('the cherry-picked commit');
    table.string('tag', 255).notNullable().comment('the new patch tag');
    table
      .string('promotion_id', 36)
      .nullable()
      .comment('the promotion proposed to the first prod environment');
    table.string('by', 255).notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.unique(['entity_ref', 'tag'], {
      indexName: 'hotfixes_entity_tag_uniq',
    });
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('hotfixes');
};
