/* Change risk: labels, policy, assessment. Pure: no I/O. */
export * from './types';
export * from './errors';
export * from './labels';
export * from './policy';
export * from './assess';
