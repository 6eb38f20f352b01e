// Over 400 lines: One table per route of which schema checks which part of the document; the tables are the point of the file.
/*
 * The OpenAPI document (openapi.yaml) against the router: the same
 * operations, and request bodies and query parameters as the routes'
 * zod schemas validate them. A route, field, required flag, enum value or
 * string rule that changes in the code fails here until the document
 * follows.
 */
import fs from 'node:fs';
import path from 'node:path';
// `yaml` resolves from the workspace root, but is not yet a devDependency of this package.
import { parse } from 'yaml';
import { z } from 'zod';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  AuditEntry,
  Bump,
  Changelog,
  ChangelogEntry,
  ChangelogSection,
  ChangelogSectionId,
  EntityReleasesResponse,
  EnvironmentStatus,
  EnvironmentType,
  EnvironmentsResponse,
  Hotfix,
  MatrixResponse,
  PipelineStage,
  PipelineStageStatus,
  PipelineTrace,
  PresetName,
  ProductEnvironment,
  ProductEnvironmentsResponse,
  ProductPromotion,
  ProductPromotionMember,
  ProductPromotionState,
  Promotion,
  PromotionEvent,
  PromotionGate,
  PromotionGateStatus,
  PromotionState,
  Release,
  UnreleasedChangesResponse,
} from '@releases-for-backstage/plugin-releases-common';
import { releasesPlugin } from '../plugin';
import {
  releasesTestDatabases,
  testReleasesConfig,
} from '../service/__testUtils__/promotionFixtures';
import { entityQuery, refreshBody } from '../service/router';
import { envelope, issueUpdated } from '../service/jiraWebhook';
import { doraQueryFields } from '../dora/routes';
import {
  abortBody,
  approveBody,
  createBody,
  listQuery,
  rejectBody,
} from '../promotions/routes';
import { environmentsQuery, matrixQuery } from '../environments/routes';
import { deploymentBody } from '../deployments/routes';
import { auditQuery } from '../audit/routes';
import {
  blessedQuery,
  changeBody,
  freezeBody,
  resultBody,
  resultsQuery,
  riskQuery,
  unblessBody,
  voteBody,
  windowQuery,
} from '../judgement/routes';
import { hotfixBody, hotfixesQuery } from '../hotfix/routes';
import { sloEvaluationFields, sloQuery, stabilityQuery } from '../slo/routes';
import {
  pickerQuery,
  productPromotionBody,
  productPromotionsQuery,
  productQuery,
  productReleaseBody,
} from '../products/routes';
import { pipelineQuery, pipelineReportBody } from '../pipelines/routes';

jest.setTimeout(60_000);

const databases = releasesTestDatabases();

type Doc = Record<string, any>;
const doc: Doc = parse(
  fs.readFileSync(path.join(__dirname, 'openapi.yaml'), 'utf8'),
);

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** What each operation validates; every operation is listed, so a new route needs an entry. */
const INPUTS: Record<
  string,
  { query?: z.AnyZodObject; body?: z.AnyZodObject }
> = {
  'GET /releases': { query: entityQuery },
  'GET /unreleased': { query: entityQuery },
  'POST /refresh': { body: refreshBody },
  'POST /promotions': { body: createBody },
  'GET /promotions': { query: listQuery },
  'GET /promotions/{id}': {},
  'POST /promotions/{id}/abort': { body: abortBody },
  'POST /promotions/{id}/approve': { body: approveBody },
  'POST /promotions/{id}/reject': { body: rejectBody },
  'GET /environments': { query: environmentsQuery },
  'GET /matrix': { query: matrixQuery },
  'POST /deployments': { body: deploymentBody },
  'GET /audit': { query: auditQuery },
  'POST /changes': { body: changeBody },
  'GET /risk': { query: riskQuery },
  'POST /results': { body: resultBody },
  'GET /results': { query: resultsQuery },
  'GET /promotions/{id}/votes': {},
  'POST /promotions/{id}/votes': { body: voteBody },
  'POST /products/promotions/{id}/votes': { body: voteBody },
  'GET /freezes': {},
  'POST /freezes': { body: freezeBody },
  'POST /freezes/lift': { body: freezeBody },
  'GET /windows': { query: windowQuery },
  'GET /blessed': { query: blessedQuery },
  'POST /blessed/unbless': { body: unblessBody },
  'POST /hotfixes': { body: hotfixBody },
  'GET /hotfixes': { query: hotfixesQuery },
  'GET /products/releases': { query: productQuery },
  'POST /products/releases': { body: productReleaseBody },
  'GET /products/next': { query: productQuery },
  'POST /products/promotions': { body: productPromotionBody },
  'GET /products/promotions': { query: productPromotionsQuery },
  'GET /products/promotions/{id}': {},
  'GET /products/environments': { query: productQuery },
  'POST /pipelines': { body: pipelineReportBody },
  'GET /pipelines': { query: pipelineQuery },
  'GET /dora': { query: doraQueryFields },
  'GET /slo/evaluations': { query: sloQuery },
  'POST /slo/evaluations': { body: sloEvaluationFields },
  'GET /stability': { query: stabilityQuery },
  'GET /products/picker': { query: pickerQuery },
  // The envelope is read first; a `jira:issue_updated` event then as a whole.
  'POST /webhooks/jira': { body: envelope.merge(issueUpdated) },
};

/** The `METHOD /path` of every route of the releases router, as the plugin mounts it. */
async function routerOperations(): Promise<string[]> {
  const knex = await databases.init('SQLITE_3');
  const httpRouter = mockServices.httpRouter.mock();
  await startTestBackend({
    features: [
      releasesPlugin,
      httpRouter.factory,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: { releases: testReleasesConfig() },
      }),
      catalogServiceMock.factory({ entities: [] }),
    ],
  });
  return (
    httpRouter.use.mock.calls
      .flatMap(([r]) => ((r as any).stack ?? []) as any[])
      .filter((layer: any) => layer.route)
      .flatMap((layer: any) =>
        Object.keys(layer.route.methods).map(
          m =>
            `${m.toUpperCase()} ${String(layer.route.path).replace(
              /:(\w+)/g,
              '{$1}',
            )}`,
        ),
      )
      // Backstage's permission integration, not the releases API.
      .filter(
        op =>
          !op.split(' ')[1].startsWith('/.well-known/backstage/permissions/'),
      )
  );
}

function documentedOperations(): string[] {
  return Object.entries(doc.paths as Doc).flatMap(([p, item]) =>
    Object.keys(item)
      .filter(m => METHODS.includes(m))
      .map(m => `${m.toUpperCase()} ${p}`),
  );
}

function operation(op: string): Doc {
  const [method, p] = op.split(' ');
  return doc.paths[p][method.toLowerCase()];
}

function resolve(node: any): any {
  let current = node;
  while (
    current &&
    typeof current === 'object' &&
    typeof current.$ref === 'string'
  ) {
    const ref: string = current.$ref;
    expect(ref.startsWith('#/')).toBe(true);
    current = ref
      .slice(2)
      .split('/')
      .reduce((n: any, key) => n?.[key], doc);
    expect({ ref, resolved: current !== undefined }).toEqual({
      ref,
      resolved: true,
    });
  }
  return current;
}

/** The keys a schema comparison covers; descriptions and examples are prose. */
interface Shape {
  type?: string;
  nullable?: true;
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
  minItems?: number;
  maxItems?: number;
  items?: Shape;
  properties?: Record<string, Shape>;
  required?: string[];
  additionalProperties?: false;
}

/** The document's schema, reduced to {@link Shape}. */
function documented(node: any): Shape {
  const s = resolve(node);
  const out: Shape = {};
  for (const key of [
    'type',
    'enum',
    'minLength',
    'maxLength',
    'minimum',
    'maximum',
    'pattern',
    'format',
    'minItems',
    'maxItems',
  ] as const) {
    if (s[key] !== undefined) (out as any)[key] = s[key];
  }
  if (s.nullable === true) out.nullable = true;
  if (s.additionalProperties === false) out.additionalProperties = false;
  if (s.items) out.items = documented(s.items);
  if (s.properties) {
    out.properties = Object.fromEntries(
      Object.entries(s.properties).map(([k, v]) => [k, documented(v)]),
    );
  }
  if (Array.isArray(s.required) && s.required.length > 0)
    out.required = [...s.required].sort();
  return out;
}

/** What a zod schema accepts, as an OpenAPI {@link Shape}. */
function fromZod(schema: z.ZodTypeAny): Shape {
  let nullable = false;
  let current: z.ZodTypeAny = schema;
  // Keys a preprocess fills in when they are missing: optional on the wire.
  let filled: string[] = [];
  for (;;) {
    const def = current._def as any;
    if (current instanceof z.ZodOptional || current instanceof z.ZodDefault)
      current = def.innerType;
    else if (current instanceof z.ZodNullable) {
      nullable = true;
      current = def.innerType;
    } else if (current instanceof z.ZodEffects) {
      if (def.effect.type === 'preprocess') {
        const out = def.effect.transform(
          {},
          { addIssue: () => undefined, path: [] },
        );
        if (out && typeof out === 'object') filled = Object.keys(out);
      }
      current = def.schema;
    } else break;
  }
  const out: Shape = {};
  if (current instanceof z.ZodString) {
    out.type = 'string';
    for (const check of (current._def as any).checks as any[]) {
      if (check.kind === 'min') out.minLength = check.value;
      else if (check.kind === 'max') out.maxLength = check.value;
      else if (check.kind === 'regex') out.pattern = check.regex.source;
      else if (check.kind === 'url') out.format = 'uri';
      else if (check.kind === 'datetime') out.format = 'date-time';
      else if (check.kind !== 'trim')
        throw new Error(
          `No OpenAPI mapping for the zod string check ${check.kind}`,
        );
    }
  } else if (current instanceof z.ZodNumber) {
    out.type = 'number';
    for (const check of (current._def as any).checks as any[]) {
      if (check.kind === 'int') out.type = 'integer';
      else if (check.kind === 'min') out.minimum = check.value;
      else if (check.kind === 'max') out.maximum = check.value;
      else
        throw new Error(
          `No OpenAPI mapping for the zod number check ${check.kind}`,
        );
    }
  } else if (current instanceof z.ZodBoolean) {
    out.type = 'boolean';
  } else if (current instanceof z.ZodEnum) {
    out.type = 'string';
    out.enum = [...current.options];
  } else if (current instanceof z.ZodRecord) {
    out.type = 'object';
  } else if (current instanceof z.ZodArray) {
    const def = current._def as any;
    out.type = 'array';
    if (def.minLength) out.minItems = def.minLength.value;
    if (def.maxLength) out.maxItems = def.maxLength.value;
    out.items = fromZod(def.type);
  } else if (current instanceof z.ZodObject) {
    out.type = 'object';
    const shape = current.shape as Record<string, z.ZodTypeAny>;
    out.properties = Object.fromEntries(
      Object.entries(shape).map(([k, v]) => [k, fromZod(v)]),
    );
    const required = Object.keys(shape)
      .filter(k => !shape[k].isOptional() && !filled.includes(k))
      .sort();
    if (required.length > 0) out.required = required;
    if ((current._def as any).unknownKeys === 'strict')
      out.additionalProperties = false;
  } else {
    throw new Error(`No OpenAPI mapping for ${(current._def as any).typeName}`);
  }
  if (nullable) out.nullable = true;
  return out;
}

function parameters(op: string, where: 'query' | 'path'): Doc[] {
  const params: any[] = (operation(op).parameters ?? []).map(resolve);
  return params.filter(p => p.in === where);
}

describe('openapi.yaml', () => {
  it('documents exactly the operations of the router', async () => {
    const routes = await routerOperations();
    expect(routes.length).toBeGreaterThan(0);
    expect([...new Set(routes)].sort()).toEqual(documentedOperations().sort());
    expect(Object.keys(INPUTS).sort()).toEqual([...new Set(routes)].sort());
  });

  it.each(Object.keys(INPUTS))('documents the path parameters of %s', op => {
    const names = [...op.matchAll(/\{(\w+)\}/g)].map(m => m[1]);
    expect(
      parameters(op, 'path').map(p => ({ name: p.name, required: p.required })),
    ).toEqual(names.map(name => ({ name, required: true })));
  });

  it.each(Object.keys(INPUTS))(
    'documents the query parameters of %s as its zod schema validates them',
    op => {
      const shape = (INPUTS[op].query?.shape ?? {}) as Record<
        string,
        z.ZodTypeAny
      >;
      const expected = Object.entries(shape)
        .map(([name, schema]) => {
          const { nullable, ...rest } = fromZod(schema);
          return {
            name,
            required: !schema.isOptional(),
            schema: nullable ? { ...rest, nullable } : rest,
          };
        })
        .sort((a, b) => a.name.localeCompare(b.name));
      const actual = parameters(op, 'query')
        .map(p => ({
          name: p.name,
          required: p.required === true,
          schema: documented(p.schema),
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
      expect(actual).toEqual(expected);
    },
  );

  it.each(Object.keys(INPUTS))(
    'documents the JSON request body of %s as its zod schema validates it',
    op => {
      const { body } = INPUTS[op];
      const requestBody = resolve(operation(op).requestBody);
      const schema = body && fromZod(body);
      const expected = schema && {
        media: ['application/json'],
        schema,
        // A body of optional fields may be left out: the routes read a missing one as `{}`.
        required: (schema.required ?? []).length > 0,
      };
      const actual = requestBody && {
        media: Object.keys(requestBody.content ?? {}),
        schema: documented(
          requestBody.content?.['application/json']?.schema ?? {},
        ),
        required: requestBody.required === true,
      };
      expect(actual).toEqual(expected);
    },
  );

  /** The keys of each response type of releases-common; the compiler keeps these lists complete. */
  const keys = <T>(k: Record<keyof T, true>) => Object.keys(k).sort();
  const values = <T extends string>(v: Record<T, true>) =>
    Object.keys(v).sort();

  it.each([
    [
      'Release',
      keys<Release>({
        tag: true,
        version: true,
        prerelease: true,
        sha: true,
        date: true,
        channel: true,
        changelog: true,
      }),
    ],
    [
      'Changelog',
      keys<Changelog>({
        version: true,
        previousVersion: true,
        date: true,
        sections: true,
        compareUrl: true,
      }),
    ],
    [
      'ChangelogSection',
      keys<ChangelogSection>({ id: true, title: true, entries: true }),
    ],
    [
      'ChangelogEntry',
      keys<ChangelogEntry>({
        sha: true,
        shortSha: true,
        type: true,
        scope: true,
        description: true,
        breakingNote: true,
        url: true,
        authorName: true,
        date: true,
      }),
    ],
    [
      'EntityReleasesResponse',
      keys<EntityReleasesResponse>({
        entityRef: true,
        repo: true,
        tagPrefix: true,
        preset: true,
        refreshedAt: true,
        releases: true,
      }),
    ],
    [
      'UnreleasedChangesResponse',
      keys<UnreleasedChangesResponse>({
        entityRef: true,
        current: true,
        currentTag: true,
        next: true,
        bump: true,
        commits: true,
        headSha: true,
        changelog: true,
        refreshedAt: true,
      }),
    ],
    [
      'Promotion',
      keys<Promotion>({
        id: true,
        entityRef: true,
        environment: true,
        requestedVersion: true,
        version: true,
        sha: true,
        createdTag: true,
        previousVersion: true,
        state: true,
        rollback: true,
        idempotencyKey: true,
        createdBy: true,
        createdAt: true,
        updatedAt: true,
        reason: true,
        gates: true,
        verification: true,
        productPromotionId: true,
        schema: true,
        events: true,
      }),
    ],
    [
      'PromotionGate',
      keys<PromotionGate>({
        id: true,
        status: true,
        required: true,
        detail: true,
      }),
    ],
    [
      'PromotionEvent',
      keys<PromotionEvent>({
        at: true,
        state: true,
        actor: true,
        reason: true,
      }),
    ],
    [
      'EnvironmentStatus',
      keys<EnvironmentStatus>({
        environment: true,
        type: true,
        description: true,
        version: true,
        sha: true,
        since: true,
        by: true,
        status: true,
        runUrl: true,
        promotionId: true,
      }),
    ],
    [
      'EnvironmentsResponse',
      keys<EnvironmentsResponse>({ entityRef: true, environments: true }),
    ],
    [
      'MatrixResponse',
      keys<MatrixResponse>({ system: true, environments: true, rows: true }),
    ],
    [
      'Hotfix',
      keys<Hotfix>({
        entityRef: true,
        fixSha: true,
        target: true,
        branch: true,
        sha: true,
        tag: true,
        promotionId: true,
        notOnMain: true,
        by: true,
        at: true,
      }),
    ],
    [
      'AuditEntry',
      keys<AuditEntry>({
        at: true,
        actor: true,
        action: true,
        entityRef: true,
        environment: true,
        promotionId: true,
        detail: true,
      }),
    ],
    [
      'ProductPromotion',
      keys<ProductPromotion>({
        id: true,
        system: true,
        version: true,
        tag: true,
        environment: true,
        state: true,
        createdBy: true,
        createdAt: true,
        updatedAt: true,
        reason: true,
        commit: true,
        revertCommit: true,
        members: true,
        skipped: true,
      }),
    ],
    [
      'ProductPromotionMember',
      keys<ProductPromotionMember>({
        component: true,
        entityRef: true,
        promotionId: true,
        manifestVersion: true,
        version: true,
        previousVersion: true,
        state: true,
        reason: true,
      }),
    ],
    [
      'ProductEnvironment',
      keys<ProductEnvironment>({
        environment: true,
        product: true,
        mixed: true,
        components: true,
      }),
    ],
    [
      'ProductEnvironmentsResponse',
      keys<ProductEnvironmentsResponse>({ system: true, environments: true }),
    ],
    [
      'PipelineStage',
      keys<PipelineStage>({
        name: true,
        status: true,
        startedAt: true,
        finishedAt: true,
        url: true,
        detail: true,
        reportedBy: true,
        reportedAt: true,
      }),
    ],
    [
      'PipelineTrace',
      keys<PipelineTrace>({
        entityRef: true,
        version: true,
        stages: true,
        chartVersion: true,
        schema: true,
      }),
    ],
  ])(
    'documents the fields of %s as releases-common types them',
    (name, fields) => {
      const schema = doc.components.schemas[name];
      expect(schema).toBeDefined();
      expect(Object.keys(schema.properties ?? {}).sort()).toEqual(fields);
    },
  );

  it.each([
    [
      'PromotionState',
      values<PromotionState>({
        requested: true,
        'waiting-for-gates': true,
        approved: true,
        executing: true,
        verifying: true,
        'rolling-back': true,
        succeeded: true,
        failed: true,
        'rolled-back': true,
        rejected: true,
        aborted: true,
      }),
    ],
    [
      'ProductPromotionState',
      values<ProductPromotionState>({
        active: true,
        succeeded: true,
        rejected: true,
        aborted: true,
        'rolling-back': true,
        'rolled-back': true,
        failed: true,
      }),
    ],
    [
      'PromotionGateStatus',
      values<PromotionGateStatus>({ met: true, pending: true, failed: true }),
    ],
    [
      'EnvironmentType',
      values<EnvironmentType>({
        dev: true,
        qa: true,
        staging: true,
        prod: true,
      }),
    ],
    [
      'PresetName',
      values<PresetName>({ conventionalcommits: true, angular: true }),
    ],
    ['Bump', values<Bump>({ major: true, minor: true, patch: true })],
    [
      'PipelineStageStatus',
      values<PipelineStageStatus>({
        running: true,
        succeeded: true,
        failed: true,
        skipped: true,
      }),
    ],
    [
      'ChangelogSectionId',
      values<ChangelogSectionId>({
        breaking: true,
        features: true,
        fixes: true,
        performance: true,
        reverts: true,
        other: true,
      }),
    ],
  ])('documents every value of %s', (name, expected) => {
    const schema = doc.components.schemas[name];
    expect(schema).toBeDefined();
    expect([...schema.enum].sort()).toEqual(expected);
  });
});
