/*
 * The sign-in page: the guest sign-in as before and, when the backend runs
 * in development (it serves GET /api/demo/users only then), a list of the
 * catalog's users to sign in as, so that the roles of a promotion (release
 * manager, SRE, QA, module lead, product) can be tried from one browser.
 */
import { useEffect, useMemo, useState } from 'react';
import {
  Button,
  List,
  ListItem,
  ListItemText,
  makeStyles,
  Typography,
} from '@material-ui/core';
import {
  InfoCard,
  ProxiedSignInPage,
  SignInPage,
} from '@backstage/core-components';
import {
  configApiRef,
  IdentityApi,
  ProfileInfo,
  SignInPageProps,
  useApi,
} from '@backstage/core-plugin-api';

/** Where the chosen user is kept, so that a reload stays signed in as them. */
export const DEMO_USER_STORAGE_KEY = 'releases:demo-user';

/** The header the backend's `demo` auth provider reads the user name from. */
export const DEMO_USER_HEADER = 'x-releases-demo-user';

/** One entry of the backend's GET /api/demo/users. */
export interface DemoUser {
  name: string;
  title?: string;
  description?: string;
  groups: string[];
}

const useStyles = makeStyles(theme => ({
  // The guest sign-in is a full-height page; let the demo card follow it.
  root: {
    height: '100vh',
    overflowY: 'auto',
    '& > main': { height: 'auto', overflowY: 'visible' },
  },
  demo: {
    padding: theme.spacing(0, 3, 3),
    maxWidth: 720,
  },
}));

function readStoredUser(): string | undefined {
  try {
    return window.localStorage.getItem(DEMO_USER_STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

function forgetStoredUser() {
  try {
    window.localStorage.removeItem(DEMO_USER_STORAGE_KEY);
  } catch {
    // Without storage there is nothing to forget.
  }
}

/** With the deprecated methods the app's identity still forwards to older code. */
type LegacyIdentityApi = IdentityApi & {
  getUserId?(): string;
  getIdToken?(): Promise<string | undefined>;
  getProfile?(): ProfileInfo;
};

/**
 * The identity of a demo user, whose sign-out also forgets the stored user:
 * otherwise the next page load would sign the same user in again.
 */
function forgettingOnSignOut(identity: IdentityApi): LegacyIdentityApi {
  const legacy = identity as LegacyIdentityApi;
  return {
    getUserId: legacy.getUserId?.bind(legacy),
    getIdToken: legacy.getIdToken?.bind(legacy),
    getProfile: legacy.getProfile?.bind(legacy),
    getProfileInfo: () => identity.getProfileInfo(),
    getBackstageIdentity: () => identity.getBackstageIdentity(),
    getCredentials: () => identity.getCredentials(),
    async signOut() {
      forgetStoredUser();
      await identity.signOut();
    },
  };
}

/** The backend's message for a failed request, else the error's own. */
function reason(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error && cause.message
    ? cause.message
    : error.message;
}

/** The users to sign in as; undefined while loading or when not offered. */
function useDemoUsers(): DemoUser[] | undefined {
  const configApi = useApi(configApiRef);
  const [users, setUsers] = useState<DemoUser[]>();
  useEffect(() => {
    let cancelled = false;
    const baseUrl = configApi.getString('backend.baseUrl');
    // In a promise, so that a missing fetch also just means no demo users.
    Promise.resolve()
      .then(() => fetch(`${baseUrl}/api/demo/users`))
      .then(res => (res.ok ? res.json() : undefined))
      .then(
        body => {
          if (!cancelled && Array.isArray(body)) setUsers(body);
        },
        // Outside development the backend refuses: no demo sign-in then.
        () => undefined,
      );
    return () => {
      cancelled = true;
    };
  }, [configApi]);
  return users;
}

const DemoUserList = (props: {
  users: DemoUser[];
  error?: { name: string; error: Error };
  onChoose(name: string): void;
}) => (
  <InfoCard title="Sign in as a demo user (development only)">
    <Typography variant="body2">
      Sign in as a user of the catalog, with their groups, to try the roles of a
      promotion.
    </Typography>
    {props.error && (
      <Typography variant="body2" color="error" role="alert">
        Could not sign in as {props.error.name}: {reason(props.error.error)}
      </Typography>
    )}
    <List dense>
      {props.users.map(user => (
        <ListItem key={user.name} disableGutters>
          <Button
            variant="outlined"
            color="primary"
            size="small"
            onClick={() => props.onChoose(user.name)}
          >
            Sign in as {user.title ?? user.name}
          </Button>
          <ListItemText
            style={{ marginLeft: 16 }}
            primary={user.groups.join(' · ')}
            primaryTypographyProps={{ variant: 'caption' }}
            secondary={user.description}
          />
        </ListItem>
      ))}
    </List>
  </InfoCard>
);

export function DemoSignInPage(props: SignInPageProps) {
  const classes = useStyles();
  const users = useDemoUsers();
  const [chosen, setChosen] = useState(readStoredUser);
  const [failure, setFailure] = useState<{ name: string; error: Error }>();
  const { onSignInSuccess } = props;

  // Stable while a user is chosen, so ProxiedSignInPage does not remount.
  const ErrorComponent = useMemo(
    () =>
      function DemoSignInError({ error }: { error?: Error }) {
        useEffect(() => {
          // A stored user that no longer signs in (say, removed from the
          // catalog): forget them and offer the list again, with the error.
          forgetStoredUser();
          setFailure({
            name: chosen ?? '',
            error: error ?? new Error('Sign-in failed'),
          });
          setChosen(undefined);
        }, [error]);
        return null;
      },
    [chosen],
  );

  if (chosen) {
    return (
      <ProxiedSignInPage
        {...props}
        provider="demo"
        headers={() => ({ [DEMO_USER_HEADER]: chosen })}
        onSignInSuccess={identity =>
          onSignInSuccess(forgettingOnSignOut(identity))
        }
        ErrorComponent={ErrorComponent}
      />
    );
  }

  const choose = (name: string) => {
    try {
      window.localStorage.setItem(DEMO_USER_STORAGE_KEY, name);
    } catch {
      // Signs in all the same, only not again on reload.
    }
    setFailure(undefined);
    setChosen(name);
  };

  return (
    <div className={classes.root}>
      <SignInPage {...props} providers={['guest']} />
      {users && users.length > 0 && (
        <div className={classes.demo}>
          <DemoUserList users={users} error={failure} onChoose={choose} />
        </div>
      )}
    </div>
  );
}
