import { useMemo } from 'react';
import { useIntl, type IntlShape } from 'react-intl';

/**
 * The admin's one date formatter: every date or time the plugin shows goes through these, in the
 * admin user's locale (react-intl), so the same moment reads the same on every page.
 */

/** An ISO string (as the API sends it), a Date or a timestamp. */
export type DateInput = string | number | Date;

// `dateStyle` is in Intl but missing from the options type of this react-intl version.
const DAY: Intl.DateTimeFormatOptions = { dateStyle: 'medium' } as Intl.DateTimeFormatOptions;
const FULL_DAY: Intl.DateTimeFormatOptions = { dateStyle: 'full' } as Intl.DateTimeFormatOptions;
const CLOCK: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };
const DAY_MONTH: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short' };

/** The same calendar day in the browser's time zone. */
export const isSameDay = (a: Date, b: Date) => a.toDateString() === b.toDateString();

/** `2026-01-31` (UTC), the value of an `<input type="date">` and of the stats query. */
export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The formatters, for an IntlShape (useFormatDate gives them for the admin's locale). */
export function dateFormatter(intl: Pick<IntlShape, 'formatDate' | 'formatTime'>) {
  const { formatDate, formatTime } = intl;
  const clock = (at: DateInput) => formatTime(at, CLOCK);
  return {
    /** `14:05`: a message's time. */
    clock,
    /** `31 Jan 2026`: the day separator of a timeline. */
    day: (at: DateInput) => formatDate(at, DAY),
    /** `Saturday, 31 January 2026 14:05`: the full moment, e.g. a tooltip. */
    full: (at: DateInput) => formatDate(at, FULL_DAY) + ' ' + formatTime(at),
    /** `31/01/2026 14:05`: a row of a log. */
    dateTime: (at: DateInput) => `${formatDate(at)} ${formatTime(at)}`,
    /** Today `14:05`, another day `31 Jan`: a list of conversations. */
    recent: (at: Date, now: Date = new Date()) => (isSameDay(at, now) ? clock(at) : formatDate(at, DAY_MONTH)),
  };
}

export type DateFormatter = ReturnType<typeof dateFormatter>;

/** The date formatters in the admin user's locale. */
export function useFormatDate(): DateFormatter {
  const intl = useIntl();
  return useMemo(() => dateFormatter(intl), [intl]);
}
