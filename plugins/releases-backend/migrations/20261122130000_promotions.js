// @ts-check

/**
 * Promotions, deployments, the current state per (entity, environment) and
 * the audit trail.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('promotions', table => {
    table.comment('Requests to move a version into an environment');
    table.string('id', 36).primary().notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('environment', 63).notNullable();
    table.string('requested_version', 255).nullable();
    table
      .string('plan_kind', 16)
      .nullable()
      .comment('wip, existing or create-tag');
    table.string('version', 255).nullable().comment('Tag (or WIP) deployed');
    table.string('sha', 64).nullable();
    table
      .string('from_tag', 255)
      .nullable()
      .comment('rc a final tag is made from');
    table.string('created_tag', 255).nullable();
    table.string('previous_version', 255).nullable();
    table.string('state', 32).notNullable();
    table.boolean('rollback').notNullable().defaultTo(false);
    table.string('idempotency_key', 255).nullable().unique();
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.text('reason').nullable();
    table
      .integer('revision')
      .notNullable()
      .defaultTo(0)
      .comment('Compare-and-set counter: every transition increments it');
    table.index(
      ['entity_ref', 'environment', 'created_at'],
      'promotions_by_target_idx',
    );
    table.index(['state'], 'promotions_by_state_idx');
  });

  await knex.schema.createTable('promotion_events', table => {
    table.increments('id');
    table.string('promotion_id', 36).notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('state', 32).notNullable();
    table.string('actor', 255).notNullable();
    table.text('reason').nullable();
    table.index(['promotion_id'], 'promotion_events_by_promotion_idx');
  });

  // The primary key is the lock: inserting a second active promotion for the
  // same (entity, environment) fails in the database, not in a read-then-write.
  await knex.schema.createTable('active_promotions', table => {
    table.string('entity_ref', 255).notNullable();
    table.string('environment', 63).notNullable();
    table.string('promotion_id', 36).notNullable();
    table.primary(['entity_ref', 'environment']);
  });

  await knex.schema.createTable('deployments', table => {
    table.comment('Deployment events, from promotions and pipeline reports');
    table.increments('id');
    table.string('entity_ref', 255).notNullable();
    table.string('environment', 63).notNullable();
    table.string('version', 255).notNullable();
    table.string('sha', 64).nullable();
    table.string('status', 16).notNullable();
    table.text('run_url').nullable();
    table.string('actor', 255).notNullable();
    table.string('promotion_id', 36).nullable();
    table.timestamp('started_at', { useTz: true }).nullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.timestamp('recorded_at', { useTz: true }).notNullable();
    table.index(
      ['entity_ref', 'environment', 'recorded_at'],
      'deployments_by_target_idx',
    );
  });

  // Maintained on every deployment, so "what runs where" is a key lookup.
  await knex.schema.createTable('environment_state', table => {
    table.string('entity_ref', 255).notNullable();
    table.string('environment', 63).notNullable();
    table.string('version', 255).notNullable();
    table.string('sha', 64).nullable();
    table.string('status', 16).notNullable();
    table.timestamp('since', { useTz: true }).notNullable();
    table.string('by', 255).notNullable();
    table.text('run_url').nullable();
    table.string('promotion_id', 36).nullable();
    table.primary(['entity_ref', 'environment']);
  });

  await knex.schema.createTable('audit_log', table => {
    table.increments('id');
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('actor', 255).notNullable();
    table.string('action', 64).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('environment', 63).nullable();
    table.string('promotion_id', 36).nullable();
    table.text('detail').nullable();
    table.index(['entity_ref', 'at'], 'audit_log_by_entity_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('audit_log');
  await knex.schema.dropTable('environment_state');
  await knex.schema.dropTable('deployments');
  await knex.schema.dropTable('active_promotions');
  await knex.schema.dropTable('promotion_events');
  await knex.schema.dropTable('promotions');
};
