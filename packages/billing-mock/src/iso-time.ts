/**
 * `toISOString()`, remembered for the last second it was asked for. It costs more than the rest
 * of a resend's behaviour, and under load many requests in a row fall in one second: within it,
 * only the milliseconds are printed. One cache per place that prints a time: two places taking
 * turns with their own times would empty a shared one every time.
 */
export function isoTimes(): (date: Date) => string {
  // The second remembered (its first millisecond), and its text up to the milliseconds: "2026-12-07T19:34:07.".
  let second = NaN;
  let prefix = "";
  // And the last time printed: many requests in a row share a millisecond, and share its one string.
  let last = NaN;
  let text = "";
  return (date) => {
    const time = date.getTime();
    if (time === last) return text;
    const ms = time - second;
    last = time;
    // An invalid Date is never remembered (NaN compares false): toISOString throws for it as ever.
    if (ms >= 0 && ms < 1000) return (text = `${prefix}${ms < 10 ? "00" : ms < 100 ? "0" : ""}${ms}Z`);
    text = date.toISOString();
    // Years past 9999 and before 0 print with a sign and six digits; their seconds are not remembered.
    if (text.length === 24) {
      second = time - date.getUTCMilliseconds();
      prefix = text.slice(0, 20);
    }
    return text;
  };
}
