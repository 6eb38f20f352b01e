export { ErrorAlert, errorMessage } from './ErrorAlert';
export type { ErrorAlertProps } from './ErrorAlert';
