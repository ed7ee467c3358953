/**
 * `toISOString()` remembered for the last time it was asked for. It costs more than the rest of
 * a resend's behaviour, and under load many requests in a row fall in one millisecond, or
 * (a rate-limit window's reset) in one window. One cache per place that prints a time: two
 * places taking turns with their own times would empty a shared one every time.
 */
export function isoTimes(): (date: Date) => string {
  let time = NaN;
  let text = "";
  return (date) => {
    const next = date.getTime();
    // An invalid Date is never remembered (NaN equals nothing): toISOString throws for it as ever.
    if (next !== time) {
      text = date.toISOString();
      time = next;
    }
    return text;
  };
}
