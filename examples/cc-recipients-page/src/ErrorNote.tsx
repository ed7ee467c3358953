/** How the page shows an error: the plain message in a live region, and for a server error the request ID to quote, with a copy button. */
import { useState, type ReactNode } from "react";
import { errorMessage } from "@hostup/billing-client/messages";

export function ErrorNote({ lead, error, action }: { lead: string; error: unknown; action?: ReactNode }) {
  const { message, requestId } = errorMessage(error);
  return (
    <div role="alert" className="error">
      <p>
        {lead} {message}
      </p>
      {requestId && <RequestId id={requestId} />}
      {action}
    </div>
  );
}

function RequestId({ id }: { id: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <p className="request-id">
      Request ID: <code>{id}</code>{" "}
      <button
        type="button"
        className="secondary"
        aria-label="Copy request ID"
        onClick={() =>
          navigator.clipboard?.writeText(id).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {copied ? "Copied" : "Copy"}
      </button>
    </p>
  );
}

/** The message under an input; the input names it with aria-describedby, and it is announced when it appears. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return (
    <p id={id} className="field-error" role="alert" hidden={!message}>
      {message}
    </p>
  );
}
