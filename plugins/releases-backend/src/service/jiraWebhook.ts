import express from 'express';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type {
  AuditorService,
  AuthService,
} from '@backstage/backend-plugin-api';
import {
  KubernetesValidatorFunctions,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  AuthenticationError,
  InputError,
  NotFoundError,
  isError,
} from '@backstage/errors';
import {
  isValidRefName,
  type PromotionState,
} from '@releases-for-backstage/plugin-releases-common';
import type { JiraSettings } from '../config';
import type { PromotionService } from '../promotions/PromotionService';
import { parseInput } from './validation';

export interface JiraWebhookOptions {
  /** Undefined when no webhook secret is configured: the route answers 404. */
  jira?: JiraSettings;
  auth: AuthService;
  auditor: AuditorService;
  service: PromotionService;
  /** Starts execution of queued promotions now. */
  kick: () => void;
}

/** One promotion the webhook created or found (Jira retried). */
export interface JiraPromotionResult {
  entityRef: string;
  id: string;
  state: PromotionState;
  /** False when Jira retried and the promotion already existed. */
  created: boolean;
}

/** A component the webhook could not promote, with the HTTP status `POST /promotions` would answer. */
export interface JiraRefusal {
  entityRef: string;
  status: number;
  reason: string;
}

/** True when `header` is `sha256=<hex HMAC-SHA256 of body with secret>`. */
export function verifyJiraSignature(
  body: Buffer,
  header: string | undefined,
  secret: string,
): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? '');
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(match[1], 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const type = (what: string) => ({
  required_error: 'is required',
  invalid_type_error: `must be ${what}`,
});

export const envelope = z.object(
  { webhookEvent: z.string(type('a string')) },
  type('an object'),
);

const changelogItem = z.preprocess(
  // Every object inherits a `toString` function: read Jira's field only when sent.
  v =>
    v && typeof v === 'object' && !Object.hasOwn(v, 'toString')
      ? { ...v, toString: null }
      : v,
  z.object(
    {
      field: z.string(type('a string')),
      toString: z.string(type('a string')).nullable(),
    },
    type('an object'),
  ),
);

const named = z.object(
  { name: z.string(type('a string')).min(1, 'is required') },
  type('an object'),
);

/** The parts of a `jira:issue_updated` payload the trigger reads; Jira sends much more. */
export const issueUpdated = z.object({
  user: z
    .object(
      {
        // Both end up in the actor, commit messages included: one word each.
        accountId: z
          .string(type('a string'))
          .regex(/^\S{1,128}$/, 'must be one word')
          .optional(),
        emailAddress: z
          .string(type('a string'))
          .regex(/^\S{1,254}$/, 'must be one word')
          .optional(),
      },
      type('an object'),
    )
    .nullish(),
  issue: z.object(
    {
      key: z
        .string(type('a string'))
        .regex(
          /^[A-Za-z][A-Za-z0-9_]{0,31}-\d{1,12}$/,
          'must be a Jira issue key',
        ),
      fields: z.object(
        {
          components: z
            .array(named, type('an array'))
            .max(50, 'has more than 50 entries')
            .nullish(),
          fixVersions: z.array(named, type('an array')).nullish(),
        },
        type('an object'),
      ),
    },
    type('an object'),
  ),
  changelog: z
    .object(
      {
        // A string in Jira Cloud's payloads, a number in some Data Center versions.
        id: z.preprocess(
          v => (typeof v === 'number' ? String(v) : v),
          z.string(type('a string')).regex(/^\d{1,32}$/, 'must be a number'),
        ),
        items: z.array(changelogItem, type('an array')),
      },
      type('an object'),
    )
    .nullish(),
});

const STATUS_OF: Record<string, number> = {
  InputError: 400,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
};

/**
 * `POST /webhooks/jira`: an issue moving to a mapped status promotes its
 * Jira components (named like catalog components) to the mapped
 * environment. Jira is no Backstage user, so the route is unauthenticated
 * (see plugin.ts) and trusts only the HMAC signature; the promotions run
 * with the plugin's own credentials. Register it before any JSON parser:
 * the signature is over the raw bytes.
 */
export function addJiraWebhookRoute(
  router: express.Router,
  options: JiraWebhookOptions,
) {
  const { auth, auditor, service } = options;

  router.post(
    '/webhooks/jira',
    express.raw({ type: () => true, limit: '1mb' }),
    async (req, res) => {
      const { jira } = options;
      if (!jira) {
        throw new NotFoundError(
          'The Jira webhook is not configured (releases.jira.webhookSecret)',
        );
      }
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (
        !verifyJiraSignature(
          raw,
          req.get('x-hub-signature'),
          jira.webhookSecret,
        )
      ) {
        throw new AuthenticationError('Missing or invalid X-Hub-Signature');
      }
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new InputError('Invalid request body: not JSON');
      }
      const ignored = (why: string) => {
        res.status(202).json({ ignored: why });
      };

      const { webhookEvent } = parseInput(envelope, json, 'request body');
      if (webhookEvent !== 'jira:issue_updated') {
        ignored(`webhookEvent '${webhookEvent}' is not an issue update`);
        return;
      }
      const payload = parseInput(issueUpdated, json, 'request body');
      const { key } = payload.issue;
      const at =
        payload.changelog?.items.findIndex(item => item.field === 'status') ??
        -1;
      if (!payload.changelog || at < 0) {
        ignored(`issue ${key} did not change status`);
        return;
      }
      const status = payload.changelog.items[at].toString?.trim();
      if (!status) {
        throw new InputError(
          `Invalid request body: changelog.items.${at}.toString is required`,
        );
      }
      const transition = jira.transitions.find(
        t => t.status.toLowerCase() === status.toLowerCase(),
      );
      if (!transition) {
        ignored(
          `status '${status}' of issue ${key} is not mapped to an environment`,
        );
        return;
      }
      const names = [
        ...new Set((payload.issue.fields.components ?? []).map(c => c.name)),
      ];
      if (names.length === 0) {
        ignored(`issue ${key} has no components`);
        return;
      }
      // Without a fix version that can be a tag, the environment's default applies.
      const version = (payload.issue.fields.fixVersions ?? [])
        .map(v => v.name)
        .find(name => isValidRefName(`refs/tags/${name}`));
      const actor = `jira:${
        payload.user?.emailAddress ?? payload.user?.accountId ?? 'unknown'
      }`;
      const credentials = await auth.getOwnServiceCredentials();

      const promotions: JiraPromotionResult[] = [];
      const refused: JiraRefusal[] = [];
      for (const name of names) {
        if (!KubernetesValidatorFunctions.isValidObjectName(name)) {
          refused.push({
            entityRef: `component:default/${name}`,
            status: 400,
            reason: `Jira component '${name}' is not a valid catalog entity name`,
          });
          continue;
        }
        const entityRef = stringifyEntityRef({
          kind: 'component',
          namespace: 'default',
          name,
        });
        // The request is not passed: it carries no Backstage credentials, so
        // the auditor records the plugin itself, and the Jira user in meta.
        const event = await auditor.createEvent({
          eventId: 'promotion-create',
          severityLevel: 'medium',
          meta: {
            source: 'jira',
            actor,
            issue: key,
            entityRef,
            environment: transition.environment,
            version: version ?? null,
          },
        });
        try {
          const { promotion, created } = await service.create(
            {
              entityRef,
              environment: transition.environment,
              version,
              // Jira retries deliveries; the same change never promotes twice.
              idempotencyKey: `jira:${key}:${payload.changelog.id}:${entityRef}`,
            },
            actor,
            credentials,
          );
          await event.success({ meta: { promotionId: promotion.id, created } });
          promotions.push({
            entityRef,
            id: promotion.id,
            state: promotion.state,
            created,
          });
        } catch (error) {
          await event.fail({ error: error as Error });
          const code = isError(error) ? STATUS_OF[error.name] : undefined;
          // Anything else (Git or database trouble) fails the delivery, so
          // Jira retries it; the idempotency keys make that safe.
          if (!code) throw error;
          refused.push({
            entityRef,
            status: code,
            reason: (error as Error).message,
          });
        }
      }
      if (promotions.some(p => p.created)) options.kick();
      res.status(202).json({
        issue: key,
        status,
        environment: transition.environment,
        version: version ?? null,
        promotions,
        refused,
      });
    },
  );
}
