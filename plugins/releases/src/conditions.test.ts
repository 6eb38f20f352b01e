import { annotatedEntity, plainEntity } from './__fixtures__/releases';
import { isReleasesAvailable } from './conditions';

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
