import {
  DuplicatePresetError,
  InvalidRefNameError,
  InvalidTemplateError,
  InvalidVersionError,
  ReleasesError,
  UnknownPresetError,
} from './errors';

describe('errors', () => {
  it.each([
    [
      new UnknownPresetError('x', ['a', 'b']),
      'UnknownPresetError',
      "Unknown versioning preset 'x'; valid presets are: 'a', 'b'",
    ],
    [
      new DuplicatePresetError('a'),
      'DuplicatePresetError',
      "A versioning preset named 'a' is already registered",
    ],
    [
      new InvalidVersionError('1.0'),
      'InvalidVersionError',
      "'1.0' is not a valid semantic version (SemVer 2.0.0)",
    ],
    [
      new InvalidRefNameError('a b', 'tag', "it cannot contain ' '"),
      'InvalidRefNameError',
      "Invalid tag name 'a b': it cannot contain ' '",
    ],
    [
      new InvalidTemplateError('<x>', 'unknown placeholder <x>'),
      'InvalidTemplateError',
      "Invalid version template '<x>': unknown placeholder <x>",
    ],
  ])('%s is a named ReleasesError', (error, name, message) => {
    expect(error).toBeInstanceOf(ReleasesError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.message).toBe(message);
  });

  it('names the base class too', () => {
    expect(new ReleasesError('x').name).toBe('ReleasesError');
  });
});
