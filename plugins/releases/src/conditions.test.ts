import { annotatedEntity, plainEntity } from './__fixtures__/releases';
import { systemEntity } from './__fixtures__/environments';
import { isReleasesAvailable, isSystemEntity } from './conditions';

describe('isReleasesAvailable', () => {
  it('is true for an entity with the git-repo annotation', () => {
    expect(isReleasesAvailable(annotatedEntity)).toBe(true);
  });

  it('is false without the annotation or with a blank one', () => {
    expect(isReleasesAvailable(plainEntity)).toBe(false);
    expect(
      isReleasesAvailable({
        ...plainEntity,
        metadata: {
          ...plainEntity.metadata,
          annotations: { 'releases-for-backstage.io/git-repo': '  ' },
        },
      }),
    ).toBe(false);
  });
});

describe('isSystemEntity', () => {
  it('is true for systems, whatever the case of the kind', () => {
    expect(isSystemEntity(systemEntity)).toBe(true);
    expect(isSystemEntity({ ...systemEntity, kind: 'system' })).toBe(true);
  });

  it('is false for components', () => {
    expect(isSystemEntity(annotatedEntity)).toBe(false);
  });
});
