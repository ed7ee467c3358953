/**
 * Settings → Billing → Invoice CC recipients: list the addresses that get copies of invoice
 * emails, add one, remove one, and resend an invoice email to see who gets it. The reference
 * screen for the generated bindings: every error in plain words at its place, a long rate-limit
 * wait counted down, the list kept when a refresh fails, and focus and announcements that a
 * keyboard or screen reader user can follow.
 */
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { InvalidArgumentError, NetworkError, ProblemError, TimeoutError } from "@hostup/billing-client";
import { bodyLimits, errorMessage, fieldMessages } from "@hostup/billing-client/messages";
import type { BillingQueries } from "@hostup/billing-client/query";
import { ErrorNote, FieldError } from "./ErrorNote.tsx";
import { RetryCountdown } from "./RetryCountdown.tsx";

const limits = bodyLimits.addInvoiceCcRecipient ?? {};
/** What the server keeps of a description: its first code points up to the limit, as it cuts. */
const DESCRIPTION_MAX = limits["/description"];
const EMAIL_MAX = limits["/email"];
const codePoints = (text: string) => [...text].length;

export function CcRecipientsSettings({ queries, invoiceId, panel }: { queries: BillingQueries; invoiceId: string; panel?: ReactNode }) {
  const queryClient = useQueryClient();
  const list = queries.listInvoiceCcRecipients();
  const recipients = useQuery(list);
  // The generated options refetch the list after a change. A lost answer leaves the change
  // unknown, and a duplicate or an unknown id means the list on screen is out of date: it is
  // asked again then too.
  const recheck = (error: unknown) =>
    (error instanceof NetworkError ||
      error instanceof TimeoutError ||
      (error instanceof ProblemError && (error.status === 404 || error.errors.some((e) => e.code === "duplicate")))) &&
    queryClient.invalidateQueries({ queryKey: list.queryKey });
  const add = useMutation({ ...queries.addInvoiceCcRecipient(), onError: recheck });
  const remove = useMutation({ ...queries.removeInvoiceCcRecipient(), onError: recheck });
  const resend = useMutation(queries.resendInvoiceEmail());

  const [email, setEmail] = useState("");
  const [description, setDescription] = useState("");
  const [invoice, setInvoice] = useState(invoiceId);
  const [missingEmail, setMissingEmail] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const emailInput = useRef<HTMLInputElement>(null);
  const listRegion = useRef<HTMLDivElement>(null);
  const listElement = useRef<HTMLUListElement>(null);
  const [focusList, setFocusList] = useState(false);
  const invoiceInput = useRef<HTMLInputElement>(null);

  const contacts = recipients.data?.contacts;
  // After a removal, focus goes to the list as it now renders (or to its region once it is empty),
  // not to a row that is gone: the browser would drop it on <body>.
  useEffect(() => {
    if (!focusList) return;
    setFocusList(false);
    (listElement.current ?? listRegion.current)?.focus();
  }, [focusList, contacts]);
  const addMessage = add.error ? errorMessage(add.error) : undefined;
  const emailError = missingEmail
    ? fieldMessages["/email"]?.missing_required
    : addMessage?.field === "/email"
      ? addMessage.message
      : undefined;
  const resendMessage = resend.error ? errorMessage(resend.error) : undefined;
  // The invoice id is the call's only input: the client's refusal and the API's 400 and 404 are about it.
  const invoiceError =
    resend.error instanceof InvalidArgumentError || (resend.error instanceof ProblemError && [400, 404].includes(resend.error.status))
      ? resendMessage?.message
      : undefined;

  function submit(event: FormEvent) {
    event.preventDefault();
    // The value the server would keep: no surrounding white space, the description cut as the server cuts it.
    const address = email.trim();
    const label = [...description.trim()].slice(0, DESCRIPTION_MAX).join("");
    setEmail(address);
    setDescription(label);
    if (!address) {
      add.reset();
      setMissingEmail(true);
      emailInput.current?.focus();
      return;
    }
    setMissingEmail(false);
    setAnnouncement("");
    add.mutate(
      { email: address, ...(label ? { description: label } : {}) },
      {
        onSuccess: (added) => {
          setEmail("");
          setDescription("");
          setAnnouncement(`Added ${added.email}.`);
          emailInput.current?.focus();
        },
        onError: (error) => {
          if (errorMessage(error).field === "/email") emailInput.current?.focus();
        },
      },
    );
  }

  function removeRecipient(id: string, address: string) {
    setAnnouncement("");
    remove.mutate(
      { id },
      {
        onSuccess: () => {
          // A duplicate is no longer true once that address left the list: its error goes with it.
          if (add.error instanceof ProblemError && add.variables?.email.toLowerCase() === address) add.reset();
          setAnnouncement(`Removed ${address}.`);
          setFocusList(true);
        },
      },
    );
  }

  function resendEmail() {
    setAnnouncement("");
    resend.mutate(invoice.trim(), {
      onError: (error) => {
        if (error instanceof InvalidArgumentError || (error instanceof ProblemError && [400, 404].includes(error.status)))
          invoiceInput.current?.focus();
      },
    });
  }

  const descriptionLength = codePoints(description);
  return (
    <main>
      <h1>Invoice CC recipients</h1>
      <p>These addresses get a copy of every invoice email. They cannot sign in or change services.</p>
      <p role="status" className="announcement">
        {announcement}
      </p>

      <section aria-labelledby="recipients-heading">
        <h2 id="recipients-heading">Recipients</h2>
        {recipients.isPending && !recipients.failureReason && <p role="status">Loading recipients…</p>}
        <RetryCountdown reason={recipients.failureReason} active={recipients.fetchStatus === "fetching"} />
        {recipients.isError && (
          <ErrorNote
            lead={contacts ? "Could not refresh the list; it shows what was loaded before." : "Could not load the recipients."}
            error={recipients.error}
            action={
              <button type="button" onClick={() => recipients.refetch()}>
                Try again
              </button>
            }
          />
        )}
        <div ref={listRegion} tabIndex={-1} className="list-region" aria-labelledby="recipients-heading" role="group">
          {contacts &&
            (contacts.length === 0 ? (
              <p>No CC recipients yet.</p>
            ) : (
              <ul id="recipients-list" ref={listElement} tabIndex={-1} aria-label="CC recipients">
                {contacts.map((recipient) => (
                  <li key={recipient.id}>
                    <span className="who">
                      <span className="email">{recipient.email}</span>
                      {recipient.description && <span className="description">{recipient.description}</span>}
                    </span>
                    <button
                      type="button"
                      aria-label={`Remove ${recipient.email}`}
                      disabled={remove.isPending && remove.variables?.id === recipient.id}
                      onClick={() => removeRecipient(recipient.id, recipient.email)}
                    >
                      Remove
                    </button>
                  </li>
                ))}
              </ul>
            ))}
        </div>
        {contacts && (
          <button type="button" className="secondary" disabled={recipients.isFetching} onClick={() => recipients.refetch()}>
            {recipients.isFetching ? "Refreshing…" : "Refresh list"}
          </button>
        )}
        <RetryCountdown reason={remove.failureReason} active={remove.isPending} />
        {remove.isError && <ErrorNote lead="Could not remove the recipient." error={remove.error} />}
      </section>

      <section aria-labelledby="add-heading">
        <h2 id="add-heading">Add a recipient</h2>
        <form onSubmit={submit} noValidate>
          <label htmlFor="email">Email</label>
          <input
            id="email"
            ref={emailInput}
            type="email"
            autoComplete="email"
            maxLength={EMAIL_MAX}
            value={email}
            onChange={(event) => {
              setEmail(event.target.value);
              setMissingEmail(false);
              if (add.isError) add.reset();
            }}
            aria-invalid={emailError ? true : undefined}
            aria-describedby={emailError ? "email-error" : undefined}
          />
          <FieldError id="email-error" message={emailError} />
          <label htmlFor="description">Description (optional)</label>
          <input
            id="description"
            value={description}
            maxLength={DESCRIPTION_MAX}
            onChange={(event) => setDescription(event.target.value)}
            aria-describedby="description-count"
          />
          <p id="description-count" className="hint">
            {descriptionLength} of {DESCRIPTION_MAX} characters
          </p>
          <button type="submit" disabled={add.isPending}>
            {add.isPending ? "Adding…" : "Add"}
          </button>
          <RetryCountdown reason={add.failureReason} active={add.isPending} />
          {add.isError && !emailError && <ErrorNote lead="Could not add the recipient." error={add.error} />}
        </form>
      </section>

      <section aria-labelledby="resend-heading">
        <h2 id="resend-heading">Resend an invoice email</h2>
        <label htmlFor="invoice">Invoice</label>
        <input
          id="invoice"
          ref={invoiceInput}
          value={invoice}
          onChange={(event) => {
            setInvoice(event.target.value);
            if (resend.isError) resend.reset();
          }}
          aria-invalid={invoiceError ? true : undefined}
          aria-describedby={invoiceError ? "invoice-error" : undefined}
        />
        <FieldError id="invoice-error" message={invoiceError} />
        <button type="button" disabled={resend.isPending} onClick={resendEmail}>
          Resend invoice email
        </button>
        {resend.isSuccess && (
          <p role="status" className="result">
            Queued for {resend.data.email} at {resend.data.queuedAt}
          </p>
        )}
        {resend.isError && !invoiceError && <ErrorNote lead="Could not resend the invoice email." error={resend.error} />}
      </section>
      {panel}
    </main>
  );
}

/** Shown before the API is ready to answer (MSW's worker starting): the screen's loading state, at once. */
export function LoadingShell({ note }: { note: string }) {
  return (
    <main>
      <h1>Invoice CC recipients</h1>
      <p>These addresses get a copy of every invoice email. They cannot sign in or change services.</p>
      <section aria-labelledby="recipients-heading">
        <h2 id="recipients-heading">Recipients</h2>
        <p role="status">Loading recipients… {note}</p>
      </section>
    </main>
  );
}
