/**
 * "Retrying in 27 s": while TanStack waits out a Retry-After that the bindings handed it
 * (their `retryDelay`), the screen says why nothing happens, and counts down.
 */
import { useEffect, useState } from "react";
import { errorMessage } from "@hostup/billing-client/messages";
import { scheduledRetryDelayMs } from "@hostup/billing-client/query";

export function RetryCountdown({ reason, active }: { reason: unknown; active: boolean }) {
  const [deadline, setDeadline] = useState<number>();
  const [now, setNow] = useState(() => Date.now());
  const wait = active ? scheduledRetryDelayMs(reason, true) : undefined;
  // The wait starts when this failure arrives: a new reason is a new failure.
  useEffect(() => setDeadline(wait === undefined ? undefined : Date.now() + wait), [reason, wait]);
  useEffect(() => {
    if (deadline === undefined) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [deadline]);
  if (wait === undefined || deadline === undefined) return null;
  const seconds = Math.max(0, Math.ceil((deadline - now) / 1000));
  return (
    <p role="status" className="waiting">
      {errorMessage(reason).message} <span aria-live="off">{seconds > 0 ? `Retrying in ${seconds} s.` : "Retrying now."}</span>
    </p>
  );
}
