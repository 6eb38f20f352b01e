import type express from 'express';
import type {
  AuditorService,
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import { PERSON_ONLY_PERMISSIONS } from '@releases-for-backstage/plugin-releases-common';

/** A service principal allowed to take some person-only actions (`releases.permissions.allowServices`). */
export interface AllowedService {
  /** Principal subject, e.g. `external:ci-pipeline` or `plugin:scaffolder`. */
  subject: string;
  /** Permission names it may use, e.g. `releases.promotion.create`. */
  permissions: string[];
}

export interface Authorized {
  credentials: BackstageCredentials;
  /**
   * What catalog reads on the caller's behalf use: a user's own
   * credentials, so catalog permissions decide what they see; for a service
   * the plugin's, since a restricted token (a pipeline's) cannot be
   * delegated to the catalog and its permission was checked here.
   */
  catalogCredentials: BackstageCredentials;
  /** The user's entity ref, or the service's subject. */
  actor: string;
}

/** Who made a request, for histories and the audit trail. */
export function actorOf(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (p.type === 'user' && p.userEntityRef) return p.userEntityRef;
  if (p.type === 'service' && p.subject) return p.subject;
  return p.type;
}

/**
 * Authorization and auditing of every mutating route, in one place.
 *
 * Backstage's permissions service allows service principals (static
 * tokens, other plugins) without asking the policy unless their token is
 * restricted, so a policy alone cannot keep pipelines from approving
 * production. Person-only actions are therefore refused here for every
 * service principal that configuration does not name.
 */
export class RequestGuard {
  constructor(
    private readonly options: {
      httpAuth: HttpAuthService;
      auth: AuthService;
      permissions: PermissionsService;
      auditor: AuditorService;
      allowServices: AllowedService[];
    },
  ) {}

  async credentials(req: express.Request): Promise<Authorized> {
    const credentials = await this.options.httpAuth.credentials(req);
    const isUser = (credentials.principal as { type: string }).type === 'user';
    return {
      credentials,
      actor: actorOf(credentials),
      catalogCredentials: isUser
        ? credentials
        : await this.options.auth.getOwnServiceCredentials(),
    };
  }

  /**
   * Checks `permission` (on `resourceRef` for entity permissions) for the
   * caller; a person-only permission (PERSON_ONLY_PERMISSIONS) also needs
   * an explicit allowance for a service principal.
   */
  /**
   * The caller, refused at once when the permission is a person's action
   * and the caller a service that configuration does not allow: for routes
   * that must read something before they know what to authorize.
   */
  async personOnly(
    req: express.Request,
    permission: { name: string },
  ): Promise<Authorized> {
    const authorized = await this.credentials(req);
    const { credentials, actor } = authorized;
    if (
      PERSON_ONLY_PERMISSIONS.includes(permission.name) &&
      (credentials.principal as { type: string }).type !== 'user'
    ) {
      const allowed = this.options.allowServices.some(
        s => s.subject === actor && s.permissions.includes(permission.name),
      );
      if (!allowed) {
        throw new NotAllowedError(
          `${permission.name} is a person's action; ${actor} is a service and not allowed to take it (releases.permissions.allowServices)`,
        );
      }
    }
    return authorized;
  }

  async authorize(
    req: express.Request,
    request:
      | {
          permission: ResourcePermission<'catalog-entity'>;
          resourceRef: string;
        }
      | {
          permission: BasicPermission;
          resourceRef?: undefined;
        },
  ): Promise<Authorized> {
    const { permission, resourceRef } = request;
    const authorized = await this.personOnly(req, permission);
    const { credentials } = authorized;
    const [decision] = await this.options.permissions.authorize(
      [
        resourceRef
          ? {
              permission: permission as ResourcePermission<'catalog-entity'>,
              resourceRef,
            }
          : { permission: permission as BasicPermission },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed: ${permission.name}${
          resourceRef ? ` on ${resourceRef}` : ''
        }`,
      );
    }
    return authorized;
  }

  /** Runs `fn` as an audited event that succeeds or fails with it. */
  async audited<T>(
    req: express.Request,
    eventId: string,
    meta: Record<string, string | boolean | null>,
    fn: () => Promise<T>,
    severityLevel: 'low' | 'medium' = 'medium',
  ): Promise<T> {
    const event = await this.options.auditor.createEvent({
      eventId,
      severityLevel,
      request: req,
      meta,
    });
    try {
      const result = await fn();
      await event.success();
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }
}
