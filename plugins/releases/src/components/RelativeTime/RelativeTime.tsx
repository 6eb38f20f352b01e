import { DateTime } from 'luxon';

/** @public */
export interface RelativeTimeProps {
  /** ISO 8601 date or date-time. */
  value: string;
}

/**
 * A date shown relative to now ("3 days ago"), with the absolute date in a
 * tooltip and in the `datetime` attribute.
 */
export const RelativeTime = ({ value }: RelativeTimeProps) => {
  const date = DateTime.fromISO(value);
  if (!date.isValid) {
    return <span>{value}</span>;
  }
  return (
    <time dateTime={value} title={date.toLocaleString(DateTime.DATETIME_MED)}>
      {date.toRelative() ?? value}
    </time>
  );
};
