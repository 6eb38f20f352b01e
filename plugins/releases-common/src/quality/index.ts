export * from './qualityApi';
