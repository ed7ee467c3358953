/** Email addresses at the limits the spec and the mocks hold them to. */
import { EMAIL_LABEL_MAX, EMAIL_LOCAL_PART_MAX, EMAIL_MAX } from "../../packages/billing-mock/src/formats.ts";

/**
 * A valid address of exactly `length` characters (70 to EMAIL_MAX), unique by `n`: a local
 * part of EMAIL_LOCAL_PART_MAX characters starting with `n`, then labels of at most
 * EMAIL_LABEL_MAX, the last `com` (the email format wants a dot in the domain).
 */
export function addressOfLength(n: number, length = EMAIL_MAX): string {
  const local = `${String(n).padStart(8, "0")}${"a".repeat(EMAIL_LOCAL_PART_MAX - 8)}`;
  const labels: string[] = [];
  for (let left = length - local.length - "@.com".length; left > 0;) {
    // One short of two labels' room would leave a label of nothing after the dot.
    const size = left === EMAIL_LABEL_MAX + 1 ? EMAIL_LABEL_MAX - 1 : Math.min(EMAIL_LABEL_MAX, left);
    labels.push("b".repeat(size));
    left -= size + 1;
  }
  return `${local}@${[...labels, "com"].join(".")}`;
}
