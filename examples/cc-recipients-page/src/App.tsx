/**
 * Settings → Billing → Invoice CC recipients: list the addresses that get copies of invoice
 * emails, add one, remove one, and resend an invoice email to see who gets it.
 */
import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ProblemError } from "@hostup/billing-client";
import type { BillingError, BillingQueries } from "@hostup/billing-client/query";

/** One line for an error: the API's own words and code, or what went wrong on the way. */
function describe(error: BillingError): string {
  if (error instanceof ProblemError)
    return `${error.detail ?? error.title ?? "The API refused"} (HTTP ${error.status}${error.code ? ` ${error.code}` : ""})`;
  return error.message;
}

export function CcRecipientsSettings({ queries, invoiceId }: { queries: BillingQueries; invoiceId: string }) {
  const queryClient = useQueryClient();
  const list = queries.listInvoiceCcRecipients();
  const recipients = useQuery(list);
  // After a change the list is refetched: the server decides the stored form (lower-cased, trimmed).
  const refresh = () => queryClient.invalidateQueries({ queryKey: list.queryKey });
  const add = useMutation({ ...queries.addInvoiceCcRecipient(), onSuccess: refresh });
  const remove = useMutation({ ...queries.removeInvoiceCcRecipient(), onSuccess: refresh });
  const resend = useMutation(queries.resendInvoiceEmail());

  const [email, setEmail] = useState("");
  const [description, setDescription] = useState("");
  const [invoice, setInvoice] = useState(invoiceId);
  // The 400's field errors say which input is wrong; anything else is shown for the whole form.
  const emailError = add.error instanceof ProblemError ? add.error.errors.find((e) => e.pointer === "/email") : undefined;

  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate({ email, ...(description ? { description } : {}) }, { onSuccess: () => (setEmail(""), setDescription("")) });
  }

  return (
    <main>
      <h1>Invoice CC recipients</h1>
      <p>These addresses get a copy of every invoice email. They cannot sign in or change services.</p>

      <section aria-labelledby="recipients-heading">
        <h2 id="recipients-heading">Recipients</h2>
        {recipients.isPending && <p role="status">Loading recipients…</p>}
        {recipients.isError && (
          <div role="alert" className="error">
            Could not load the recipients: {describe(recipients.error)}{" "}
            <button type="button" onClick={() => recipients.refetch()}>
              Try again
            </button>
          </div>
        )}
        {recipients.isSuccess &&
          (recipients.data.contacts.length === 0 ? (
            <p>No CC recipients yet.</p>
          ) : (
            <ul aria-label="CC recipients">
              {recipients.data.contacts.map((recipient) => (
                <li key={recipient.id}>
                  <span className="email">{recipient.email}</span>
                  {recipient.description && <span className="description"> ({recipient.description})</span>}{" "}
                  <button
                    type="button"
                    aria-label={`Remove ${recipient.email}`}
                    disabled={remove.isPending && remove.variables?.id === recipient.id}
                    onClick={() => remove.mutate({ id: recipient.id })}
                  >
                    Remove
                  </button>
                </li>
              ))}
            </ul>
          ))}
        {remove.isError && (
          <p role="alert" className="error">
            Could not remove: {describe(remove.error)}
          </p>
        )}
      </section>

      <section aria-labelledby="add-heading">
        <h2 id="add-heading">Add a recipient</h2>
        <form onSubmit={submit} noValidate>
          <label>
            Email
            <input
              type="email"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              aria-invalid={emailError ? true : undefined}
              aria-describedby={emailError ? "email-error" : undefined}
            />
          </label>
          {emailError && (
            <p id="email-error" className="field-error">
              {emailError.detail}
            </p>
          )}
          <label>
            Description
            <input value={description} onChange={(event) => setDescription(event.target.value)} />
          </label>
          <button type="submit" disabled={add.isPending}>
            {add.isPending ? "Adding…" : "Add"}
          </button>
          {add.isError && !emailError && (
            <p role="alert" className="error">
              Could not add: {describe(add.error)}
            </p>
          )}
        </form>
      </section>

      <section aria-labelledby="resend-heading">
        <h2 id="resend-heading">Resend an invoice email</h2>
        <label>
          Invoice
          <input value={invoice} onChange={(event) => setInvoice(event.target.value)} />
        </label>
        <button type="button" disabled={resend.isPending} onClick={() => resend.mutate(invoice)}>
          Resend invoice email
        </button>
        {resend.isSuccess && (
          <p role="status">
            Queued for {resend.data.email} at {resend.data.queuedAt}
          </p>
        )}
        {resend.isError && (
          <p role="alert" className="error">
            Could not resend: {describe(resend.error)}
          </p>
        )}
      </section>
    </main>
  );
}
