export { EntityReleasePickerContent } from './EntityReleasePickerContent';
