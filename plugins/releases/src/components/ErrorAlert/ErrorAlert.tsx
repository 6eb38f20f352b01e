import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';

/**
 * The message of an error for people: for a `ResponseError` of
 * `@backstage/errors`, the message the backend sent (e.g. why a promotion
 * was refused) rather than "Request failed with 400".
 */
export function errorMessage(error: Error): string {
  const cause = (error as { cause?: { message?: unknown } }).cause;
  if (error.name === 'ResponseError' && typeof cause?.message === 'string') {
    return cause.message;
  }
  return error.message;
}

/** @public */
export interface ErrorAlertProps {
  title: string;
  error: Error;
  severity?: 'error' | 'warning';
}

/** An alert with a title and the backend's message of an error. */
export const ErrorAlert = ({
  title,
  error,
  severity = 'error',
}: ErrorAlertProps) => (
  <Alert severity={severity}>
    <AlertTitle>{title}</AlertTitle>
    {errorMessage(error)}
  </Alert>
);
