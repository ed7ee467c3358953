/** The construct fixture spec (test/fixtures/constructs/) and the Redocly configuration it lints with. */
import { join } from "node:path";
import { loadSpec } from "../../pipeline/openapi-model.ts";
import { root } from "../../pipeline/paths.ts";

export const fixtureDir = join(root, "test/fixtures/constructs");
export const fixtureEntry = join(fixtureDir, "openapi.yaml");
export const fixtureConfig = join(fixtureDir, "redocly.yaml");

/** The fixture linted and bundled by the pipeline's own loader, with its own redocly.yaml. */
export const loadFixture = () => loadSpec(fixtureEntry, fixtureConfig);
