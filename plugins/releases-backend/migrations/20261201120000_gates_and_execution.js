// @ts-check

/**
 * Gates, verification and execution handles of promotions, and the
 * decisions people take on them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('promotions', table => {
    table.text('gates').nullable().comment('JSON: the gates as last evaluated');
    table
      .text('verification')
      .nullable()
      .comment('JSON: the verification steps as last evaluated');
    table
      .text('execution')
      .nullable()
      .comment(
        'JSON: executors started, their handles, the verification deadline, the undo',
      );
  });
  await knex.schema.createTable('promotion_decisions', table => {
    table.comment(
      'Decisions people took on promotions: approvals and rejections',
    );
    table.increments('id');
    table.string('promotion_id', 36).notNullable();
    table.string('actor', 255).notNullable();
    table.string('decision', 16).notNullable().comment('approve or reject');
    table.text('reason').nullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.index(['promotion_id'], 'promotion_decisions_by_promotion_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('promotion_decisions');
  await knex.schema.alterTable('promotions', table => {
    table.dropColumn('gates');
    table.dropColumn('verification');
    table.dropColumn('execution');
  });
};
