// @ts-check

/**
 * Product promotions: one promotion of every component of a product
 * release into one environment, in one commit of the environment branch.
 * Each component keeps an ordinary promotion row, linked here.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('product_promotions', table => {
    table.comment('Promotions of whole product releases');
    table.string('id', 36).primary();
    table.string('system_ref', 255).notNullable();
    table.string('version', 255).notNullable().comment('the product version');
    table.string('tag', 255).notNullable().comment('the product release tag');
    table.string('environment', 255).notNullable();
    table
      .string('state', 32)
      .notNullable()
      .comment('active, stopped (before writing) or rolling-back');
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.text('reason').nullable();
    table.string('commit', 64).nullable().comment('the environment commit');
    table.string('revert_commit', 64).nullable();
    table
      .text('manifest')
      .notNullable()
      .comment('JSON: the product release manifest promoted');
    table
      .text('skipped')
      .nullable()
      .comment('JSON: components left as they were');
    table.string('idempotency_key', 255).nullable().unique();
    table.index(['system_ref', 'created_at'], 'product_promotions_system_idx');
  });
  await knex.schema.alterTable('promotions', table => {
    table
      .string('product_promotion_id', 36)
      .nullable()
      .comment('the product promotion this promotion is part of');
    table.index(['product_promotion_id'], 'promotions_product_idx');
    table
      .text('schema')
      .nullable()
      .comment('JSON: the database schema step (environment, release, runs)');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('promotions', table => {
    table.dropIndex(['product_promotion_id'], 'promotions_product_idx');
    table.dropColumn('product_promotion_id');
    table.dropColumn('schema');
  });
  await knex.schema.dropTable('product_promotions');
};
