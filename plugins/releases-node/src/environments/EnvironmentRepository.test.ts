import { execFileSync } from 'node:child_process';
import { GitFixture } from '../testUtils';
import { GitRepository } from '../git/GitRepository';
import { EnvironmentRepository } from './EnvironmentRepository';

// Real git processes: slow on a loaded CI machine, never a timing assertion.
jest.setTimeout(60_000);

const qa = { name: 'qa', type: 'qa' as const, description: 'Release candidates' };
const author = { name: 'Releases', email: 'releases@example.com' };

function deployment(version: string, promotion: string) {
  return { version, commit: 'a'.repeat(40), appRepo: '../cart', updatedAt: '2026-11-01T00:00:00.000Z', updatedBy: 'user:default/ann', promotion };
}

describe('EnvironmentRepository', () => {
  let fx: GitFixture;
  beforeEach(() => {
    fx = GitFixture.create();
    fx.commit('chore: init');
  });
  afterEach(() => fx.cleanup());

  it('creates the branch, records versions and keeps the work tree untouched', async () => {
    const envs = new EnvironmentRepository(await GitRepository.open(fx.dir));
    expect(await envs.read(qa)).toEqual({ environment: qa, components: {}, tip: null });
    const first = await envs.writeDeployment({ env: qa, component: 'cart', deployment: deployment('v1.0.0-rc.1', 'p1'), message: 'promote(cart): v1.0.0-rc.1 to qa', author });
    expect(first.created).toBe(true);
    const second = await envs.writeDeployment({ env: qa, component: 'checkout', deployment: deployment('v2.0.0-rc.1', 'p2'), message: 'promote(checkout): v2.0.0-rc.1 to qa', author });
    const read = await envs.read(qa);
    expect(read.tip).toBe(second.sha);
    expect(read.components.cart.version).toBe('v1.0.0-rc.1');
    expect(read.components.checkout.version).toBe('v2.0.0-rc.1');
    expect(fx.git('log', '--format=%s', 'environment/qa')).toBe(
      'promote(checkout): v2.0.0-rc.1 to qa\npromote(cart): v1.0.0-rc.1 to qa',
    );
    expect(fx.git('status', '--porcelain')).toBe('');
    expect(fx.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
  });

  it('writes nothing when retried for the same promotion', async () => {
    const envs = new EnvironmentRepository(await GitRepository.open(fx.dir));
    const a = await envs.writeDeployment({ env: qa, component: 'cart', deployment: deployment('v1.0.0-rc.1', 'p1'), message: 'm', author });
    const b = await envs.writeDeployment({ env: qa, component: 'cart', deployment: deployment('v1.0.0-rc.1', 'p1'), message: 'm', author });
    expect(b).toEqual({ sha: a.sha, created: false });
  });

  it('never loses a concurrent write: a moved tip is re-read and retried', async () => {
    const envs = new EnvironmentRepository(await GitRepository.open(fx.dir), { maxAttempts: 20 });
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    await Promise.all(
      names.map(n => envs.writeDeployment({ env: qa, component: n, deployment: deployment('v1.0.0', n), message: `promote(${n})`, author })),
    );
    const read = await envs.read(qa);
    expect(Object.keys(read.components).sort()).toEqual(names);
    expect(fx.git('rev-list', '--count', 'environment/qa')).toBe('6');
  });

  it('pushes to a remote without force', async () => {
    const clone = GitFixture.create();
    try {
      clone.git('clone', '--quiet', '--bare', fx.dir, `${clone.dir}/env.git`);
      const envs = new EnvironmentRepository(await GitRepository.open(`${clone.dir}/env.git`), { remote: true });
      await envs.writeDeployment({ env: qa, component: 'cart', deployment: deployment('v1.0.0', 'p1'), message: 'promote(cart)', author });
      const remoteLog = execFileSync('git', ['log', '--format=%s', 'environment/qa'], { cwd: fx.dir, encoding: 'utf8' });
      expect(remoteLog.trim()).toBe('promote(cart)');
    } finally {
      clone.cleanup();
    }
  });
});
