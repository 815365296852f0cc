/**
 * The date and time fields of ISO 8583:1987: DE7 transmission date and
 * time (MMDDhhmmss) in GMT, DE12 local time (hhmmss) and DE13 local date
 * (MMDD), from one instant of the wall clock.
 */

/** DE7, DE12 and DE13 of a message. */
export interface MessageTime {
  7: string;
  12: string;
  13: string;
}

const two = (n: number) => (n < 10 ? "0" : "") + n;

/** MMDD and hhmmss of a UTC instant, as the calendar shows it. */
function calendar(ms: number): { mmdd: string; hhmmss: string } {
  const d = new Date(ms);
  return {
    mmdd: two(d.getUTCMonth() + 1) + two(d.getUTCDate()),
    hhmmss: two(d.getUTCHours()) + two(d.getUTCMinutes()) + two(d.getUTCSeconds()),
  };
}

/** DE7 alone: MMDDhhmmss in GMT (what DE90 repeats of an original request). */
export function transmissionTime(utcSeconds: number): string {
  const gmt = calendar(utcSeconds * 1000);
  return gmt.mmdd + gmt.hhmmss;
}

/** DE7 in GMT, DE12 and DE13 in the terminal's local time (`offsetMinutes` east of UTC). */
export function messageTime(utcSeconds: number, offsetMinutes: number): MessageTime {
  const local = calendar((utcSeconds + offsetMinutes * 60) * 1000);
  return { 7: transmissionTime(utcSeconds), 12: local.hhmmss, 13: local.mmdd };
}
