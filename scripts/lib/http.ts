/** Pieces shared by the mock servers' HTTP front: listening, CORS and Problem answers. */
// Listening and CORS live with the stateful mock's Node host, so both mock servers behave alike.
export { browserCors, listen, type Listening } from "@hostup/billing-mock/node";

export function newRequestId(): string {
  return `req_${crypto.randomUUID().replaceAll("-", "").slice(0, 26)}`;
}

/** A 400 `invalid_request` Problem document, as the spec's Problem schema describes it. */
export function invalidRequest(instance: string, title: string, detail: string): Response {
  return Response.json(
    {
      type: "https://developer.hostup.se/errors/invalid_request",
      title,
      status: 400,
      detail,
      code: "invalid_request",
      instance,
      requestId: newRequestId(),
      timestamp: new Date().toISOString(),
    },
    { status: 400, headers: { "Content-Type": "application/problem+json" } },
  );
}
