export * from './executor';
export * from './gate';
export * from './extensions';
