/**
 * Resends an invoice email and adds a CC recipient.
 * Usage: BILLING_API_URL=http://127.0.0.1:4010 HOSTUP_TOKEN=... node main.ts
 */
import { createBillingClient, ProblemError } from "@hostup/billing-client";

const billing = createBillingClient({
  baseUrl: process.env.BILLING_API_URL ?? "http://127.0.0.1:4010",
  token: () => process.env.HOSTUP_TOKEN ?? "test-token",
});

try {
  const resend = await billing.resendInvoiceEmail("inv_01hxa3b4c5d6e7f8g9h0j1k2m3");
  console.log(`queued for ${resend.email} at ${resend.queuedAt}`);
  const recipient = await billing.addInvoiceCcRecipient({ email: "ap@example.com", description: "Accounts payable" });
  console.log(`added CC recipient ${recipient.id}: ${recipient.email}`);
} catch (error) {
  if (error instanceof ProblemError && error.code === "rate_limited") {
    console.error(`rate limited; retry after ${error.retryAfter ?? "?"} s`);
  } else if (error instanceof ProblemError) {
    console.error(`${error.status} ${error.code}: ${error.detail} (request ${error.requestId})`);
  } else {
    throw error;
  }
  process.exitCode = 1;
}
