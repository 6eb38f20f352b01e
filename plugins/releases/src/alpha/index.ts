/**
 * New frontend system exports of the Releases plugin.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export {
  releasesApi,
  releasesEntityContent,
  releasesEnvironmentsEntityCard,
  releasesEnvironmentsEntityContent,
  releasesPromotionEntityContent,
} from './plugin';
