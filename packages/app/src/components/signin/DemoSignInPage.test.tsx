import { configApiRef, discoveryApiRef } from '@backstage/core-plugin-api';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DemoSignInPage } from './DemoSignInPage';

const BACKEND = 'http://backend.test';
const USERS_URL = `${BACKEND}/api/demo/users`;
const REFRESH_URL = `${BACKEND}/api/auth/demo/refresh`;
const DEMO_CARD = 'Sign in as a demo user (development only)';
const KEY = 'releases:demo-user';

const users = [
  {
    name: 'grace',
    title: 'Grace Lindqvist',
    description: 'Release manager of the shop.',
    groups: ['release-managers', 'team-shop'],
  },
  { name: 'sam', title: 'Sam Kowalski', groups: ['sre'] },
  { name: 'zed', groups: [] },
];

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

/** A token the app can read an expiry from, as the backend issues them. */
const token = (sub: string) =>
  [
    'e30',
    btoa(JSON.stringify({ sub, exp: Math.floor(Date.now() / 1000) + 3600 })),
    'sig',
  ].join('.');

const session = (name: string, groups: string[]) => ({
  profile: { displayName: name },
  backstageIdentity: {
    token: token(`user:default/${name}`),
    identity: {
      type: 'user',
      userEntityRef: `user:default/${name}`,
      ownershipEntityRefs: [
        `user:default/${name}`,
        ...groups.map(g => `group:default/${g}`),
      ],
    },
  },
});

/** The backend: the user list, and a demo sign-in that knows grace and sam. */
function backend(options: { users?: Response | Error } = {}) {
  return jest.spyOn(global, 'fetch').mockImplementation(async (input, init) => {
    const url = String(input);
    if (url === USERS_URL) {
      const answer = options.users ?? json(users);
      if (answer instanceof Error) throw answer;
      return answer;
    }
    if (url === REFRESH_URL) {
      const name = new Headers(init?.headers).get('x-releases-demo-user');
      const known = users.find(u => u.name === name && u.name !== 'zed');
      return known
        ? json(session(known.name, known.groups))
        : json(
            {
              error: {
                name: 'AuthenticationError',
                message: `Cannot sign in as '${name}': the catalog has no user:default/${name}`,
              },
            },
            401,
          );
    }
    throw new Error(`unexpected fetch of ${url}`);
  });
}

const renderPage = (onSignInSuccess = jest.fn()) =>
  renderInTestApp(
    <TestApiProvider
      apis={[
        [
          configApiRef,
          mockApis.config({
            data: { app: { title: 'Portal' }, backend: { baseUrl: BACKEND } },
          }),
        ],
        [discoveryApiRef, mockApis.discovery({ baseUrl: BACKEND })],
      ]}
    >
      <DemoSignInPage onSignInSuccess={onSignInSuccess} />
    </TestApiProvider>,
  );

const refreshCalls = (fetch: jest.SpyInstance) =>
  fetch.mock.calls.filter(([url]) => String(url) === REFRESH_URL);

describe('DemoSignInPage', () => {
  let fetch: jest.SpyInstance;

  afterEach(() => {
    fetch?.mockRestore();
    window.localStorage.clear();
  });

  it('lists the demo users with their groups below the guest sign-in', async () => {
    fetch = backend();
    await renderPage();

    const card = (await screen.findByText(DEMO_CARD)).closest(
      '.MuiCard-root',
    ) as HTMLElement;
    const buttons = within(card).getAllByRole('button');
    expect(buttons.map(b => b.textContent)).toEqual([
      'Sign in as Grace Lindqvist',
      'Sign in as Sam Kowalski',
      'Sign in as zed',
    ]);
    expect(
      within(card).getByText('release-managers · team-shop'),
    ).toBeInTheDocument();
    expect(within(card).getByText('sre')).toBeInTheDocument();
    expect(
      within(card).getByText('Release manager of the shop.'),
    ).toBeInTheDocument();
    expect(fetch).toHaveBeenCalledWith(USERS_URL);
  });

  it('keeps exactly one button that enters as guest', async () => {
    fetch = backend();
    await renderPage();
    await screen.findByText(DEMO_CARD);

    expect(screen.getAllByRole('button', { name: /enter/i })).toHaveLength(1);
    expect(screen.getByRole('button', { name: /enter/i })).toHaveTextContent(
      'Enter',
    );
  });

  it('signs in as the chosen user and remembers them', async () => {
    fetch = backend();
    const onSignInSuccess = jest.fn();
    await renderPage(onSignInSuccess);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Sign in as Sam Kowalski' }),
    );

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1));
    expect(window.localStorage.getItem(KEY)).toBe('sam');
    const [[, init]] = refreshCalls(fetch);
    expect(new Headers(init.headers).get('x-releases-demo-user')).toBe('sam');
    const identity = onSignInSuccess.mock.calls[0][0];
    await expect(identity.getBackstageIdentity()).resolves.toEqual({
      type: 'user',
      userEntityRef: 'user:default/sam',
      ownershipEntityRefs: ['user:default/sam', 'group:default/sre'],
    });
    await expect(identity.getCredentials()).resolves.toEqual({
      token: expect.any(String),
    });
    // Older code still asks the app's identity for the user id.
    expect(identity.getUserId()).toBe('sam');
  });

  it('signs the stored user in again on reload, without the picker', async () => {
    window.localStorage.setItem(KEY, 'grace');
    fetch = backend();
    const onSignInSuccess = jest.fn();
    await renderPage(onSignInSuccess);

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1));
    const identity = onSignInSuccess.mock.calls[0][0];
    await expect(identity.getBackstageIdentity()).resolves.toMatchObject({
      userEntityRef: 'user:default/grace',
    });
    expect(screen.queryByText(DEMO_CARD)).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /enter/i })).toBeNull();
  });

  it('forgets the user on sign-out, so another can be chosen', async () => {
    fetch = backend();
    const onSignInSuccess = jest.fn();
    await renderPage(onSignInSuccess);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Sign in as Sam Kowalski' }),
    );
    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalled());
    expect(window.localStorage.getItem(KEY)).toBe('sam');

    await onSignInSuccess.mock.calls[0][0].signOut();

    expect(window.localStorage.getItem(KEY)).toBeNull();
  });

  it('forgets a stored user who cannot sign in and shows the picker with the error', async () => {
    window.localStorage.setItem(KEY, 'mallory');
    fetch = backend();
    const onSignInSuccess = jest.fn();
    await renderPage(onSignInSuccess);

    expect(await screen.findByRole('alert')).toHaveTextContent(
      /Could not sign in as mallory: .*the catalog has no user:default\/mallory/,
    );
    expect(screen.getByText(DEMO_CARD)).toBeInTheDocument();
    expect(window.localStorage.getItem(KEY)).toBeNull();
    expect(onSignInSuccess).not.toHaveBeenCalled();
    expect(screen.getAllByRole('button', { name: /enter/i })).toHaveLength(1);
  });

  it.each([
    ['refuses (production)', json({ error: { message: 'no' } }, 403)],
    ['is unreachable', new TypeError('Failed to fetch')],
  ])('shows no demo card when the list %s', async (_, answer) => {
    fetch = backend({ users: answer });
    await renderPage();

    expect(
      await screen.findByRole('button', { name: /enter/i }),
    ).toBeInTheDocument();
    await waitFor(() => expect(fetch).toHaveBeenCalledWith(USERS_URL));
    // Let the failed request settle before looking.
    await new Promise(resolve => setTimeout(resolve, 20));
    expect(screen.queryByText(DEMO_CARD)).not.toBeInTheDocument();
    expect(screen.queryByText(/Sign in as/)).not.toBeInTheDocument();
  });
});
