/**
 * The body a JSON answer without examples is served with: a value generated from its schema
 * by @stoplight/json-schema-sampler, the library and the limit Prism's static mode
 * (`dynamic: false`, as `pnpm mock` runs it) generates such an answer with. Computed once by
 * `pnpm generate` into the operation model, so the stateful mock, its in-process and MSW hosts
 * answer a body of the schema's shape, as Prism does, instead of one no JSON client can read.
 *
 * The schema is sampled as the spec writes it. Prism first translates it to JSON Schema draft 7,
 * so its values can differ (an `int64` gets its lowest value, and `default` wins over `example`),
 * and it keeps `writeOnly` properties, which OpenAPI says an answer does not carry: here they are left out.
 */
import { sample, SchemaSizeExceededError } from "@stoplight/json-schema-sampler";

/** Prism's limit on the schema nodes one sample may visit (prism-http's generateStatic). */
const TICKS = 2_500;

/**
 * A sample of `schema`, a dereferenced schema (a recursive one holds itself, which the sampler
 * cuts short as it does a circular `$ref`); undefined for a schema too large to sample, which
 * Prism answers with an error of its own.
 */
export function schemaSample(schema: unknown): unknown {
  try {
    return sample(schema as Parameters<typeof sample>[0], { ticks: TICKS, skipWriteOnly: true, quiet: true });
  } catch (error) {
    if (error instanceof SchemaSizeExceededError) return undefined;
    throw error;
  }
}
