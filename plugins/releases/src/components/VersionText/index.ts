export { VersionText } from './VersionText';
