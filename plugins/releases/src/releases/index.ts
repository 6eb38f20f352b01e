export { bySemVerDescending, latestFinalRelease } from './latest';
