export { EntityProductReleasesContent } from './EntityProductReleasesContent';
