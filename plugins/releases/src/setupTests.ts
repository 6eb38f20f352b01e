import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// These pages render several cards and a material-table; on a busy 2-core
// machine a first render can take longer than testing-library's 1 s default.
configure({ asyncUtilTimeout: 5000 });

// User-event tests wait on several such renders; under that load 5 s per
// test (jest's default) is not enough, while a hang still fails.
jest.setTimeout(20_000);
