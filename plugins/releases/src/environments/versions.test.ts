import { compareDeployed, deployedSemVer } from './versions';

describe('deployedSemVer', () => {
  it.each([
    ['v1.4.0', '1.4.0'],
    ['v1.4.0-rc.2', '1.4.0-rc.2'],
    ['cart-v1.4.0', '1.4.0'],
    ['1.4.0', '1.4.0'],
  ])('reads %s as %s', (tag, version) => {
    expect(deployedSemVer(tag)).toBe(version);
  });

  it.each([['WIP'], [null], ['main'], ['v1.4'], ['v01.4.0']])(
    'has no version for %s',
    tag => {
      expect(deployedSemVer(tag)).toBeNull();
    },
  );

  it('reads the tag exactly with the entity prefix', () => {
    expect(deployedSemVer('shop-2-v1.0.0', 'shop-2-v')).toBe('1.0.0');
    expect(deployedSemVer('v2.0.0', 'v')).toBe('2.0.0');
  });
});

describe('compareDeployed', () => {
  it('orders releases by precedence, a final release after its candidates', () => {
    expect(compareDeployed('v1.4.0-rc.2', 'v1.4.0')).toBe(-1);
    expect(compareDeployed('v1.4.0-rc.10', 'v1.4.0-rc.9')).toBe(1);
    expect(compareDeployed('v1.4.0', 'v1.4.0')).toBe(0);
  });

  it('does not order branch heads or empty environments', () => {
    expect(compareDeployed('WIP', 'v1.4.0')).toBeNull();
    expect(compareDeployed(null, 'v1.4.0')).toBeNull();
  });
});
