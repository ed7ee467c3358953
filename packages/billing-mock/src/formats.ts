/**
 * The JSON Schema formats the mock's Ajv instances check (the spec's and the control API's
 * validators, and the fixtures'): ajv-formats' "full" set, with `email` held to RFC 5321's
 * limits before its pattern runs.
 */
import type { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

/** The longest address: RFC 5321's 256-octet path (§4.5.3.1.3) less its angle brackets. */
export const EMAIL_MAX = 254;
/** The longest local part (RFC 5321 §4.5.3.1.1). */
export const EMAIL_LOCAL_PART_MAX = 64;
/** The longest domain label (RFC 1035 §2.3.4, which RFC 5321 §4.5.3.1.2 builds on). */
export const EMAIL_LABEL_MAX = 63;

const emailPattern = addFormats.default.get("email", "full") as RegExp;

/**
 * Whether an address keeps to the three lengths, found by counting alone: no regular
 * expression sees the string until it is known to be at most EMAIL_MAX characters.
 */
export function withinEmailLimits(address: string): boolean {
  if (address.length > EMAIL_MAX) return false;
  const at = address.indexOf("@");
  if (at > EMAIL_LOCAL_PART_MAX) return false;
  for (let start = at + 1; ;) {
    const dot = address.indexOf(".", start);
    const end = dot === -1 ? address.length : dot;
    if (end - start > EMAIL_LABEL_MAX) return false;
    if (dot === -1) return true;
    start = dot + 1;
  }
}

/** Installs the formats on `ajv`. Ajv runs `format` even after `maxLength` failed (allErrors), so the length check is the format's own. */
export function addMockFormats(ajv: Ajv2020): void {
  addFormats.default(ajv);
  ajv.addFormat("email", { type: "string", validate: (address) => withinEmailLimits(address) && emailPattern.test(address) });
}
