/*
 * Development only: sign in as any user of the catalog, so that the roles
 * (release manager, SRE, QA, module lead, product) can be tried from one
 * browser. Two features:
 *
 * - the auth provider `demo` (GET /api/auth/demo/refresh), a proxy provider
 *   that signs in as the catalog user named by the x-releases-demo-user
 *   request header, with the ownership refs (groups) of the catalog;
 * - the plugin `demo` (GET /api/demo/users), which lists the users one can
 *   be, for the sign-in page.
 *
 * Both refuse to work unless the backend runs with NODE_ENV=development,
 * checked on every request: anyone who can reach the backend could
 * otherwise be anyone.
 */
import {
  AuthService,
  coreServices,
  createBackendFeatureLoader,
  createBackendModule,
  createBackendPlugin,
  HttpRouterService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_MEMBER_OF,
} from '@backstage/catalog-model';
import {
  AuthenticationError,
  InputError,
  NotAllowedError,
} from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  AuthResolverContext,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
  SignInResolver,
} from '@backstage/plugin-auth-node';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';

/** The request header naming the user to sign in as, e.g. `sam`. */
export const DEMO_USER_HEADER = 'x-releases-demo-user';

/** A catalog entity name; anything else is refused before the catalog is asked. */
const DEMO_USER_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/i;

/** The authenticator's result: the name of a User in namespace default. */
export interface DemoUserResult {
  userName: string;
}

/** One entry of GET /api/demo/users. */
export interface DemoUser {
  name: string;
  title?: string;
  description?: string;
  /** Names of the groups the user is a member of. */
  groups: string[];
}

function assertDevelopment(what: string) {
  if (process.env.NODE_ENV !== 'development') {
    throw new NotAllowedError(
      `${what} is only available when the backend runs with NODE_ENV=development`,
    );
  }
}

/** The user name of the request's x-releases-demo-user header. */
export function readDemoUserHeader(req: {
  header(name: string): string | undefined;
}): string {
  const value = req.header(DEMO_USER_HEADER);
  if (!value) {
    throw new AuthenticationError(
      `Missing ${DEMO_USER_HEADER} header: it names the catalog user to sign in as, e.g. 'sam'`,
    );
  }
  if (!DEMO_USER_NAME.test(value)) {
    // The value is not echoed: it is whatever the client sent.
    throw new InputError(
      `Invalid ${DEMO_USER_HEADER} header: expected the name of a catalog user, e.g. 'sam'`,
    );
  }
  return value;
}

const userRef = (name: string) => ({
  kind: 'user',
  namespace: 'default',
  name,
});

/** A catalog miss, said as a failed sign-in rather than a missing route. */
async function asCatalogUser<T>(name: string, fn: () => Promise<T>) {
  try {
    return await fn();
  } catch (error) {
    if ((error as Error)?.name === 'NotFoundError') {
      throw new AuthenticationError(
        `Cannot sign in as '${name}': the catalog has no user:default/${name}`,
      );
    }
    throw error;
  }
}

export const demoAuthenticator = createProxyAuthenticator<
  undefined,
  DemoUserResult,
  undefined
>({
  // The catalog's display name and email, so the app shows who one is.
  async defaultProfileTransform(result, ctx: AuthResolverContext) {
    const { entity } = await asCatalogUser(result.userName, () =>
      ctx.findCatalogUser({ entityRef: userRef(result.userName) }),
    );
    const profile = (entity.spec?.profile ?? {}) as {
      displayName?: string;
      email?: string;
      picture?: string;
    };
    return {
      profile: {
        displayName:
          profile.displayName ?? entity.metadata.title ?? entity.metadata.name,
        email: profile.email,
        picture: profile.picture,
      },
    };
  },
  initialize() {
    return undefined;
  },
  async authenticate({ req }) {
    assertDevelopment('Demo sign-in');
    return { result: { userName: readDemoUserHeader(req) } };
  },
});

export const signInAsDemoUser: SignInResolver<DemoUserResult> = async (
  { result },
  ctx,
) => {
  assertDevelopment('Demo sign-in');
  return asCatalogUser(result.userName, () =>
    ctx.signInWithCatalogUser({ entityRef: userRef(result.userName) }),
  );
};

/** The auth provider `demo`: GET /api/auth/demo/refresh. */
export const authModuleDemoProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'demo-provider',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'demo',
          factory: createProxyAuthProviderFactory({
            authenticator: demoAuthenticator,
            signInResolver: signInAsDemoUser,
          }),
        });
      },
    });
  },
});

/** Group names from the catalog's relations, else from spec.memberOf. */
function groupNames(user: Entity): string[] {
  const fromRelations = (user.relations ?? [])
    .filter(
      r => r.type === RELATION_MEMBER_OF && r.targetRef.startsWith('group:'),
    )
    .map(r => parseEntityRef(r.targetRef).name);
  const memberOf = (user.spec?.memberOf ?? []) as string[];
  const fromSpec = memberOf.map(
    ref =>
      parseEntityRef(ref, {
        defaultKind: 'group',
        defaultNamespace: user.metadata.namespace ?? 'default',
      }).name,
  );
  return [...new Set([...fromRelations, ...fromSpec])];
}

export async function listDemoUsers(options: {
  catalog: Pick<CatalogService, 'getEntities'>;
  auth: AuthService;
}): Promise<DemoUser[]> {
  const { items } = await options.catalog.getEntities(
    { filter: { kind: 'User', 'metadata.namespace': 'default' } },
    { credentials: await options.auth.getOwnServiceCredentials() },
  );
  return items
    .map(user => ({
      name: user.metadata.name,
      title:
        user.metadata.title ??
        (user.spec?.profile as { displayName?: string } | undefined)
          ?.displayName,
      description: user.metadata.description,
      groups: groupNames(user),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

type Handler = Parameters<HttpRouterService['use']>[0];

/** The plugin `demo`: GET /api/demo/users, without sign-in. */
export const demoUsersPlugin = createBackendPlugin({
  pluginId: 'demo',
  register(reg) {
    reg.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init({ httpRouter, auth, catalog }) {
        // The sign-in page asks before anyone is signed in.
        httpRouter.addAuthPolicy({ path: '/users', allow: 'unauthenticated' });
        const handler: Handler = (req, res, next) => {
          if (req.method !== 'GET' || req.path !== '/users') {
            next();
            return;
          }
          Promise.resolve()
            .then(() => {
              assertDevelopment('The demo user list');
              return listDemoUsers({ catalog, auth });
            })
            .then(users => res.json(users), next);
        };
        httpRouter.use(handler);
      },
    });
  },
});

export default createBackendFeatureLoader({
  loader: () => [authModuleDemoProvider, demoUsersPlugin],
});
