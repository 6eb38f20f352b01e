export * from './stability';
